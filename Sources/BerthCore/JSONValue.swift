/// A JSON document built in code and written deterministically: object keys sorted,
/// numbers in their shortest form, two-space indentation when pretty.
/// Everything berth emits as JSON goes through this, so output is byte-for-byte stable.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(_ value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .list(let items): self = .array(items.map(JSONValue.init))
        }
    }

    /// The document as text; `pretty` adds newlines and indentation, and a final newline.
    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        if pretty { out += "\n" }
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? Value.format(d) : "null"
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                JSONValue.writeString(key, into: &out)
                out += pretty ? ": " : ":"
                members[key]?.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// Escapes per RFC 8259; `<`, `>` and `&` too, so JSON can sit inside HTML safely.
    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension Profile {
    /// The profile as JSON: every field with its value (defaults included, unknown as null),
    /// labels as an object, and `given`: the fields that were written rather than assumed.
    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        for (field, value) in fieldValues {
            members[field.rawValue] = field == .image && image == nil ? .null : JSONValue(value)
        }
        members["labels"] = .object(labels.mapValues { .string($0) })
        return .object(members)
    }

    /// Only the fields that were given, as a profile file would hold them; decoding this
    /// with `ProfileDecoder` gives the same profile back.
    public var givenJSON: JSONValue {
        var members: [String: JSONValue] = [:]
        for field in given where field != .labels {
            members[field.rawValue] = JSONValue(value(of: field))
        }
        if !labels.isEmpty { members["labels"] = .object(labels.mapValues { .string($0) }) }
        members["name"] = .string(name)
        return .object(members)
    }
}
