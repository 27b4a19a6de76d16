/// A JSON document built in code, for outputs whose shape varies; `JSONWriter` writes it
/// (keys sorted, so output is byte-for-byte stable).
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
        String(decoding: renderedBytes(pretty: pretty), as: UTF8.self)
    }

    /// `rendered(pretty:)`'s UTF-8, for output that is bytes: no `String` made and checked between.
    public func renderedBytes(pretty: Bool = true) -> [UInt8] {
        var writer = JSONWriter()
        writer.document(self, pretty: pretty)
        if pretty { writer.byte(0x0A) }
        return writer.bytes
    }
}

extension Profile {
    /// The profile as JSON: every field with its value (defaults included, unknown as null),
    /// the maps (`labels`, `environment`, `secrets`) as objects.
    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        for (field, value) in fieldValues {
            members[field.rawValue] = field == .image && image == nil ? .null : JSONValue(value)
        }
        for field in ProfileField.allCases {
            if case .map(let map) = field.spec.access { members[field.rawValue] = .object(map.get(self).mapValues { .string($0) }) }
        }
        return .object(members)
    }

    /// Only the fields that were given, as a profile file would hold them; decoding this
    /// with `ProfileDecoder` gives the same profile back.
    public var givenJSON: JSONValue {
        var members: [String: JSONValue] = [:]
        for field in ProfileField.allCases {
            if case .map(let map) = field.spec.access {
                let entries = map.get(self)
                if !entries.isEmpty { members[field.rawValue] = .object(entries.mapValues { .string($0) }) }
            } else if given.contains(field) {
                members[field.rawValue] = JSONValue(value(of: field))
            }
        }
        members["name"] = .string(name)
        return .object(members)
    }
}
