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

    /// `ProfileSchema.variableNameProblem`, as a pattern (a test compares the two).
    public static let variableNamePattern = "^[A-Za-z_][A-Za-z0-9_]{0,254}$"
    /// `ProfileSchema.healthCheckPathProblem`, as a pattern (a test compares the two).
    public static let healthCheckPathPattern = "^/[-A-Za-z0-9._~!$&()*+,;=:@/?%]{0,1023}$"
    /// `ProfileSchema.secretReferenceProblem`, as a schema.
    static let secretValueSchema: JSONValue = .object([
        "type": .array([.string("string"), .string("null")]),
        "pattern": .string("^[A-Za-z0-9/_+=.@:-]{1,2048}$"),
    ])

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
            // `labels.KEY: value` at the top level, as inventory rows and answers files write a label
            // (and `environment.NAME`, `secrets.NAME` likewise).
            "patternProperties": .object([
                "^labels\\..+$": labelValueSchema,
                "^environment\\." + variableNamePattern.dropFirst(): labelValueSchema,
                "^secrets\\." + variableNamePattern.dropFirst(): secretValueSchema,
            ]),
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
            // The decoder checks these fully; the patterns catch what an editor can.
            if field == .schedule { schema["pattern"] = .string("^(rate|cron)\\(.+\\)$") }
            if field == .healthCheckPath { schema["pattern"] = .string(ProfileSchema.healthCheckPathPattern) }
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
        case .map:
            schema["type"] = types("object")
            schema["propertyNames"] = field == .labels ? .object(["minLength": .int(1)])
                : .object(["pattern": .string(ProfileSchema.variableNamePattern)])
            schema["additionalProperties"] = field == .secrets ? ProfileSchema.secretValueSchema : ProfileSchema.labelValueSchema
            schema["default"] = .object([:])
        }
        if let defaultValue { schema["default"] = JSONValue(defaultValue) }
        return .object(schema)
    }
}
