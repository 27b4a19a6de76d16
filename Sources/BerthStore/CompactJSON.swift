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

    /// Profile fields in the order their names sort (as `JSONValue` writes object keys),
    /// with their bit in `FieldSet` and their key already quoted, computed once.
    static let sortedFields: [(field: ProfileField, bit: UInt32, key: [UInt8])] =
        ProfileField.allCases.sorted { $0.rawValue < $1.rawValue }.map { ($0, $0.bit, Array("\"\($0.rawValue)\":".utf8)) }

    /// The given fields of a profile (what a profile file would hold), the same text as
    /// `profile.givenJSON.rendered(pretty: false)`.
    mutating func givenProfile(_ profile: Profile) {
        byte(0x7B)
        var first = true
        let given = profile.given.bits
        for entry in Self.sortedFields {
            let field = entry.field
            if field == .labels {
                if profile.labels.isEmpty { continue }
            } else if field != .name, given & entry.bit == 0 {
                continue
            }
            if !first { byte(0x2C) }
            first = false
            bytes.append(contentsOf: entry.key)
            switch field {
            case .name: string(profile.name)
            case .description: string(profile.description)
            case .image: string(profile.image ?? "")
            case .os: string(profile.os)
            case .arch: string(profile.arch)
            case .vcpu: rawText(Value.format(profile.vcpu))
            case .memoryMiB: int(profile.memoryMiB)
            case .gpuCount: int(profile.gpuCount)
            case .ephemeralStorageGiB: int(profile.ephemeralStorageGiB)
            case .trigger: string(profile.trigger)
            case .maxDurationSeconds: if let d = profile.maxDurationSeconds { int(d) } else { raw("null") }
            case .msBilling: bool(profile.msBilling)
            case .avoidRuntimeManagement: bool(profile.avoidRuntimeManagement)
            case .distributedBatch: bool(profile.distributedBatch)
            case .execAccess: bool(profile.execAccess)
            case .privileged: bool(profile.privileged)
            case .purchasing: string(profile.purchasing)
            case .onpremInterop: bool(profile.onpremInterop)
            case .avoidInstanceManagement: bool(profile.avoidInstanceManagement)
            case .loadBalancer: string(profile.loadBalancer)
            case .port: int(profile.port)
            case .minTasks: int(profile.minTasks)
            case .maxTasks: int(profile.maxTasks)
            case .labels:
                byte(0x7B)
                if profile.labels.count == 1, let (key, value) = profile.labels.first {
                    string(key)
                    byte(0x3A)
                    string(value)
                } else {
                    for (i, key) in profile.labels.keys.sorted().enumerated() {
                        if i > 0 { byte(0x2C) }
                        string(key)
                        byte(0x3A)
                        string(profile.labels[key] ?? "")
                    }
                }
                byte(0x7D)
            }
        }
        byte(0x7D)
    }

    mutating func bool(_ b: Bool) { if b { raw("true") } else { raw("false") } }

    /// Decimal digits without going through `String`.
    mutating func int(_ value: Int) {
        if value < 0 { byte(0x2D) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            repeat {
                buf[count] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buf[i]) }
        }
    }
}
