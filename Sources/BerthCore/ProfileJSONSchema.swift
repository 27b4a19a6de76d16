/// The profile's JSON Schema (draft 2020-12), built from `ProfileSchema.fields` so that a new
/// row changes it with no other edit. docs/schema/profile.schema.json is this, rendered (a
/// test keeps them equal); `berth schema profile` prints it.
extension ProfileSchema {
    /// An identifier, not a download address: editors are pointed at the file (docs/profile.md).
    public static let jsonSchemaID = "https://berth.dev/schema/profile.schema.json"

    /// A DNS-1123 label of at most 63 characters, as `ProfileDecoder.isDNSLabel` checks it
    /// (a test compares the two).
    public static let namePattern = "^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$"

    /// What a label value may be: any scalar, kept as text (docs/profile.md, Values); a list
    /// or a mapping is refused. null is a label left out.
    static let labelValueSchema: JSONValue = .object(["type": .array(["string", "number", "boolean", "null"].map(JSONValue.string))])

    public static var jsonSchema: JSONValue {
        var properties: [String: JSONValue] = [:]
        for spec in fields { properties[spec.field.key] = spec.jsonSchema }
        return .object([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "$id": .string(jsonSchemaID),
            "title": .string("berth workload profile"),
            "description": .string("One workload, as berth reads it from a YAML or JSON file; see docs/profile.md."),
            "type": .string("object"),
            "properties": .object(properties),
            // `labels.KEY: value` at the top level, as inventory rows and answers files write a label.
            "patternProperties": .object(["^labels\\..+$": labelValueSchema]),
            "required": .array(fields.filter(\.required).map { .string($0.field.key) }),
            "additionalProperties": .bool(false),
        ])
    }
}

extension FieldSpec {
    /// This field's schema. Every field but `name` also allows null, which the decoder reads
    /// as the field left out. Descriptions are the meaning without Markdown backticks, since
    /// editors show them as plain text.
    public var jsonSchema: JSONValue {
        var schema: [String: JSONValue] = ["description": .string(meaning.replacingOccurrences(of: "`", with: ""))]
        func types(_ type: String) -> JSONValue {
            required ? .string(type) : .array([.string(type), .string("null")])
        }
        switch access {
        case .name:
            schema["type"] = types("string")
            schema["pattern"] = .string(ProfileSchema.namePattern)
            schema["maxLength"] = .int(63)
        case .text:
            schema["type"] = types("string")
        case .choice(let choice):
            schema["type"] = types("string")
            schema["enum"] = .array(choice.options.map(JSONValue.string) + (required ? [] : [.null]))
        case .flag:
            schema["type"] = types("boolean")
        case .integer(let min, let max, _, _):
            schema["type"] = types("integer")
            schema["minimum"] = .int(min)
            if max != Int.max { schema["maximum"] = .int(max) }
        case .number(let range, _, _):
            schema["type"] = types("number")
            schema[range.exclusive ? "exclusiveMinimum" : "minimum"] = .int(range.min)
            if range.max != .infinity { schema["maximum"] = JSONValue(.double(range.max)) }
        case .labels:
            schema["type"] = types("object")
            schema["propertyNames"] = .object(["minLength": .int(1)])
            schema["additionalProperties"] = ProfileSchema.labelValueSchema
            schema["default"] = .object([:])
        }
        if let defaultValue { schema["default"] = JSONValue(defaultValue) }
        return .object(schema)
    }
}
