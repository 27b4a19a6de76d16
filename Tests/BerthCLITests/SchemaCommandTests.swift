import Foundation
import XCTest

final class SchemaCommandTests: XCTestCase {
    /// What editors are pointed at is what the command prints.
    func testSchemaProfilePrintsThePublishedSchema() throws {
        let result = try BerthRunner.run(["schema", "profile"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let published = try String(contentsOf: BerthRunner.packageRoot.appendingPathComponent("docs/schema/profile.schema.json"), encoding: .utf8)
        XCTAssertEqual(result.stdout, published)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(parsed?["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
    }

    func testAnUnknownSchemaIsAUsageError() throws {
        let result = try BerthRunner.run(["schema", "decisions"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stdout, "")
    }
}
