import BerthCore

/// Writes the JSON the store keeps, straight into bytes (no `JSONEncoder` on the batch
/// path). The text is the same as BerthCore's `JSONValue.rendered(pretty: false)`: keys
/// sorted, shortest numbers, the same escapes, so it is byte-for-byte deterministic.
struct CompactJSON {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func rawText(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func string(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            var plainStart = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                let escape: StaticString?
                switch b {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x3C: escape = "\\u003c"
                case 0x3E: escape = "\\u003e"
                case 0x26: escape = "\\u0026"
                default: escape = nil
                }
                let lineSeparator = b == 0xE2 && i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9)
                if escape == nil, b >= 0x20, !lineSeparator { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<i]))
                if let escape {
                    escape.withUTF8Buffer { bytes.append(contentsOf: $0) }
                    plainStart = i + 1
                } else if lineSeparator {
                    raw(utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    plainStart = i + 3
                } else {
                    raw("\\u00")
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(hex[Int(b >> 4)])
                    bytes.append(hex[Int(b & 0xf)])
                    plainStart = i + 1
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<utf8.count]))
        }
        bytes.append(0x22)
    }

    mutating func value(_ v: Value) {
        switch v {
        case .null: raw("null")
        case .bool(let b): if b { raw("true") } else { raw("false") }
        case .int(let i): rawText(String(i))
        case .double(let d): if d.isFinite { rawText(Value.format(d)) } else { raw("null") }
        case .string(let s): string(s)
        case .list(let items):
            byte(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { byte(0x2C) }
                value(item)
            }
            byte(0x5D)
        }
    }

    /// Profile fields in the order their names sort, as `JSONValue` writes object keys.
    static let sortedFields: [ProfileField] = ProfileField.allCases.sorted { $0.rawValue < $1.rawValue }

    /// The given fields of a profile (what a profile file would hold), the same text as
    /// `profile.givenJSON.rendered(pretty: false)`.
    mutating func givenProfile(_ profile: Profile) {
        byte(0x7B)
        var first = true
        for field in Self.sortedFields {
            if field == .labels {
                if profile.labels.isEmpty { continue }
                if !first { byte(0x2C) }
                first = false
                raw("\"labels\":{")
                for (i, key) in profile.labels.keys.sorted().enumerated() {
                    if i > 0 { byte(0x2C) }
                    string(key)
                    byte(0x3A)
                    string(profile.labels[key] ?? "")
                }
                byte(0x7D)
                continue
            }
            guard field == .name || profile.given.contains(field) else { continue }
            if !first { byte(0x2C) }
            first = false
            string(field.rawValue)
            byte(0x3A)
            value(profile.value(of: field))
        }
        byte(0x7D)
    }

    /// Rule ids by platform: `{"lambda":{"rule-a":"exclude","rule-b":2}}`, platforms and
    /// rules sorted; a rule listed twice for a platform counts once (exclude wins, weights add).
    mutating func reasons(_ decision: Decision) {
        byte(0x7B)
        var firstPlatform = true
        for candidate in decision.candidates.sorted(by: { $0.platform.rawValue < $1.platform.rawValue }) where !candidate.reasons.isEmpty {
            if !firstPlatform { byte(0x2C) }
            firstPlatform = false
            string(candidate.platform.rawValue)
            raw(":{")
            let sorted = candidate.reasons.sorted { $0.rule < $1.rule }
            var i = 0
            var firstRule = true
            while i < sorted.count {
                let rule = sorted[i].rule
                var excluded = false
                var weight = 0
                while i < sorted.count, sorted[i].rule == rule {
                    switch sorted[i].effect {
                    case .exclude: excluded = true
                    case .score(let w): weight += w
                    }
                    i += 1
                }
                if !firstRule { byte(0x2C) }
                firstRule = false
                string(rule)
                byte(0x3A)
                if excluded { raw("\"exclude\"") } else { rawText(String(weight)) }
            }
            byte(0x7D)
        }
        byte(0x7D)
    }
}
