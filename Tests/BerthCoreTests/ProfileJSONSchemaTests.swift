import BerthCore
import Foundation
import XCTest

final class ProfileJSONSchemaTests: XCTestCase {
    private let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/schema/profile.schema.json").standardizedFileURL

    private var schema: [String: JSONValue] {
        guard case .object(let members) = ProfileSchema.jsonSchema else { return [:] }
        return members
    }

    private var properties: [String: JSONValue] {
        guard case .object(let members)? = schema["properties"] else { return [:] }
        return members
    }

    private func member(_ key: String, of field: String) -> JSONValue? {
        guard case .object(let property)? = properties[field] else { return nil }
        return property[key]
    }

    /// The published schema is the generated one; `BERTH_UPDATE_GOLDEN=1` rewrites it.
    func testTheCommittedSchemaIsTheGeneratedOne() throws {
        let generated = ProfileSchema.jsonSchema.rendered()
        if ProcessInfo.processInfo.environment["BERTH_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(committed, generated, "docs/schema/profile.schema.json differs from ProfileSchema.jsonSchema; rerun with BERTH_UPDATE_GOLDEN=1")
    }

    func testTheDocumentIsADraft2020SchemaOfAClosedObject() throws {
        XCTAssertEqual(schema["$schema"], .string("https://json-schema.org/draft/2020-12/schema"))
        XCTAssertEqual(schema["$id"], .string(ProfileSchema.jsonSchemaID))
        XCTAssertEqual(schema["required"], .array([.string("name")]))
        XCTAssertEqual(schema["additionalProperties"], .bool(false))
        // Parses as JSON (the writer's output, read back by Foundation).
        let parsed = try JSONSerialization.jsonObject(with: Data(ProfileSchema.jsonSchema.rendered().utf8)) as? [String: Any]
        XCTAssertEqual((parsed?["properties"] as? [String: Any])?.count, ProfileField.allCases.count)
    }

    /// One property per row, with the row's meaning, default and range.
    func testEveryFieldIsAPropertyWithItsRowsFacts() throws {
        XCTAssertEqual(Set(properties.keys), Set(ProfileField.allCases.map(\.key)))
        for spec in ProfileSchema.fields {
            guard case .object(let property)? = properties[spec.field.key] else { XCTFail("\(spec.field.key) missing"); continue }
            guard case .string(let description)? = property["description"] else { XCTFail("\(spec.field.key): no description"); continue }
            XCTAssertFalse(description.contains("`"), "\(spec.field.key): descriptions are plain text")
            XCTAssertEqual(description.filter { $0 != " " }, spec.meaning.filter { $0 != "`" && $0 != " " })
            if let value = spec.defaultValue { XCTAssertEqual(property["default"], JSONValue(value), spec.field.key) }
            if spec.defaultValue == nil, spec.type != .map { XCTAssertNil(property["default"], spec.field.key) }
            switch spec.type {
            case .integer(let min, let max):
                XCTAssertEqual(property["minimum"], .int(min), spec.field.key)
                XCTAssertEqual(property["maximum"], max == Int.max ? nil : .int(max), spec.field.key)
            case .number(let range):
                XCTAssertEqual(property[range.exclusive ? "exclusiveMinimum" : "minimum"], .int(range.min), spec.field.key)
            case .choice(let options):
                XCTAssertEqual(property["enum"], .array(options.map(JSONValue.string) + [.null]), spec.field.key)
            default:
                XCTAssertNil(property["enum"], spec.field.key)
            }
            // null is "left out", which only the required name may not be.
            let nullable: Bool
            switch property["type"] {
            case .array(let types)?: nullable = types.contains(.string("null"))
            default: nullable = false
            }
            XCTAssertEqual(nullable, !spec.required, spec.field.key)
        }
        XCTAssertEqual(member("maximum", of: "port"), .int(65535))
        XCTAssertEqual(member("type", of: "vcpu"), .array([.string("number"), .string("null")]))
        XCTAssertEqual(member("type", of: "name"), .string("string"))
    }

    /// The schema's name pattern accepts exactly what the decoder accepts.
    func testTheNamePatternIsTheDecodersDNSLabelCheck() throws {
        let pattern = try NSRegularExpression(pattern: ProfileSchema.namePattern)
        // The whole string, as ECMA-262 reads `$`; ICU's `$` would also match before a final newline.
        func matches(_ s: String) -> Bool {
            let whole = NSRange(s.startIndex..., in: s)
            return pattern.firstMatch(in: s, range: whole)?.range == whole
        }
        let samples = ["a", "web-api", "a1", "a-1", "1a", "-a", "a-", "Web", "web_api", "", "é", "a.b", "a b",
                       String(repeating: "a", count: 63), String(repeating: "a", count: 64), "a" + String(repeating: "-", count: 61) + "b",
                       "web-api\n", "\nweb-api"]
        for sample in samples {
            XCTAssertEqual(matches(sample), ProfileDecoder.isDNSLabel(sample), "\(sample.debugDescription)")
        }
        XCTAssertTrue(matches(String(repeating: "a", count: 63)))
        XCTAssertFalse(matches(String(repeating: "a", count: 64)))
    }
}
