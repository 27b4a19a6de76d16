import BerthCore
import Foundation
import XCTest

final class ProfileSchemaTests: XCTestCase {
    private let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/profile.md").standardizedFileURL

    /// docs/profile.md's field table is the field table; `BERTH_UPDATE_GOLDEN=1` rewrites it.
    func testTheDocumentedFieldTableIsTheSchema() throws {
        let text = try String(contentsOf: doc, encoding: .utf8)
        let marker = "<!-- generated from ProfileSchema.fields"
        let start = try XCTUnwrap(text.range(of: marker), "docs/profile.md lost its table marker")
        let tableStart = try XCTUnwrap(text[start.upperBound...].range(of: "\n")).upperBound
        let tableEnd = text[tableStart...].range(of: "\n\n")?.lowerBound ?? text.endIndex
        let documented = String(text[tableStart..<tableEnd]) + "\n"
        if ProcessInfo.processInfo.environment["BERTH_UPDATE_GOLDEN"] == "1" {
            try (String(text[..<tableStart]) + ProfileSchema.markdownTable.dropLast() + text[tableEnd...]).write(to: doc, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(documented, ProfileSchema.markdownTable, "docs/profile.md's field table differs; rerun with BERTH_UPDATE_GOLDEN=1")
    }

    func testEveryFieldHasOneRowInTheTable() {
        XCTAssertEqual(ProfileSchema.fields.map(\.field), ProfileField.allCases)
        XCTAssertEqual(ProfileSchema.markdownTable.split(separator: "\n").count, ProfileField.allCases.count + 2)
    }

    func testChoiceFieldsCompareEnumCases() throws {
        guard case .choice(let os) = ProfileField.os.spec.access else { return XCTFail("os is a choice") }
        var profile = Profile(name: "x")
        XCTAssertTrue(os.set(&profile, "windows"))
        XCTAssertEqual(profile.os, .windows)
        XCTAssertFalse(os.set(&profile, "macos"))
        XCTAssertEqual(profile.os, .windows, "a refused value leaves the field as it was")
        XCTAssertEqual(try XCTUnwrap(os.equals("windows"))(profile), true)
        XCTAssertEqual(try XCTUnwrap(os.equals("linux"))(profile), false)
        XCTAssertNil(os.equals("macos"))
    }
}
