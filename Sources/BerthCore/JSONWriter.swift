import Foundation

/// The one JSON writer: everything berth emits as JSON is written by it, straight into
/// bytes. Object keys sorted (by the caller, or by `document` for a `JSONValue`), numbers in
/// their shortest form, the escapes of RFC 8259 plus `<`, `>`, `&` and U+2028/2029 (so JSON
/// can sit inside HTML and JavaScript): output is byte-for-byte deterministic.
public struct JSONWriter: Sendable {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text that needs no escaping (numbers, known identifiers).
    public mutating func rawText(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// The bytes `string` looks at twice: controls, `"`, `\`, `<`, `>`, `&`, and 0xE2 (which
    /// starts U+2028 and U+2029). A table lets every other byte, nearly all of them, pass at once.
    private static let special: [Bool] = (0...255).map { b in
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 || b == 0xE2
    }

    /// A quoted, escaped string.
    public mutating func string(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            var plainStart = 0
            Self.special.withUnsafeBufferPointer { special in
                for i in 0..<utf8.count {
                    let b = utf8[i]
                    if !special[Int(b)] { continue }
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
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<utf8.count]))
        }
        bytes.append(0x22)
    }

    /// One string as a JSON literal, for text assembled by hand.
    public static func quoted(_ s: String) -> String {
        var writer = JSONWriter(capacity: s.utf8.count + 2)
        writer.string(s)
        return writer.text
    }

    public mutating func bool(_ b: Bool) { if b { raw("true") } else { raw("false") } }

    /// A finite double in its shortest form; non-finite numbers are written as null.
    public mutating func double(_ d: Double) {
        if d.isFinite { rawText(Value.format(d)) } else { raw("null") }
    }

    public mutating func int(_ value: Int) { Self.decimal(value, into: &bytes) }

    /// `value`'s decimal digits appended to `bytes`, without going through `String` (the store's
    /// keys and id lists write theirs with it too).
    @inlinable public static func decimal(_ value: Int, into bytes: inout [UInt8]) {
        if value < 0 { bytes.append(0x2D) }
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


    public mutating func value(_ v: Value) {
        switch v {
        case .null: raw("null")
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .double(let d): double(d)
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

    /// A document: keys sorted; `pretty` indents by two spaces (no final newline).
    public mutating func document(_ v: JSONValue, pretty: Bool, indent: Int = 0) {
        switch v {
        case .null: raw("null")
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .double(let d): double(d)
        case .string(let s): string(s)
        case .array(let items):
            if items.isEmpty { raw("[]"); return }
            byte(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { byte(0x2C) }
                if pretty { newline(indent + 1) }
                document(item, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent) }
            byte(0x5D)
        case .object(let members):
            if members.isEmpty { raw("{}"); return }
            byte(0x7B)
            // Sorted with their values: looking each key up again cost a tenth of the writing.
            for (i, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { byte(0x2C) }
                if pretty { newline(indent + 1) }
                string(member.key)
                if pretty { raw(": ") } else { byte(0x3A) }
                document(member.value, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent) }
            byte(0x7D)
        }
    }

    private mutating func newline(_ indent: Int) {
        byte(0x0A)
        for _ in 0..<indent { raw("  ") }
    }

    /// Profile fields in the order their keys sort, with their bit in `FieldSet` and their
    /// key already quoted, computed once.
    public static let sortedFields: [(spec: FieldSpec, bit: UInt64, key: [UInt8])] =
        ProfileField.allCases.sorted { $0.key < $1.key }.map { ($0.spec, $0.bit, Array("\"\($0.key)\":".utf8)) }

    /// The given fields of a profile (what a profile file would hold), compact: the same
    /// text as `profile.givenJSON.rendered(pretty: false)`, without building the tree.
    public mutating func givenProfile(_ profile: Profile) {
        byte(0x7B)
        var first = true
        let given = profile.given.bits
        for entry in Self.sortedFields {
            let field = entry.spec.field
            if case .map(let map) = entry.spec.access {
                if map.get(profile).isEmpty { continue }
            } else if field != .name, given & entry.bit == 0 {
                continue
            }
            if !first { byte(0x2C) }
            first = false
            bytes.append(contentsOf: entry.key)
            switch entry.spec.access {
            case .name: string(profile.name)
            case .text(let get, _): string(get(profile) ?? "")
            case .choice(let choice): if let text = choice.get(profile) { string(text) } else { raw("null") }
            case .flag(let get, _): bool(get(profile))
            case .integer(_, _, let get, _): if let i = get(profile) { int(i) } else { raw("null") }
            case .number(_, let get, _): if let d = get(profile) { double(d) } else { raw("null") }
            case .map(let map):
                stringMap(map.get(profile))
            }
        }
        byte(0x7D)
    }

    /// A map of text to text as an object, keys sorted.
    public mutating func stringMap(_ map: [String: String]) {
        byte(0x7B)
        if map.count == 1, let (key, value) = map.first {
            // The common case, without sorting (an allocation per row in a batch).
            string(key)
            byte(0x3A)
            string(value)
        } else {
            for (i, key) in map.keys.sorted().enumerated() {
                if i > 0 { byte(0x2C) }
                string(key)
                byte(0x3A)
                string(map[key] ?? "")
            }
        }
        byte(0x7D)
    }
}
