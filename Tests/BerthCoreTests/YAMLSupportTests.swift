@testable import BerthCore
import XCTest
import Yams

final class YAMLSupportTests: XCTestCase {
    /// Scalars reach the decoder as their text, plain or quoted, whatever YAML 1.1 would
    /// have taken them for (a date, an octal number, a boolean, a merge key): berth gives
    /// them their type, so the documents are composed without Yams's tag resolution.
    func testScalarsKeepTheirTextWhateverYAMLWouldTakeThemFor() throws {
        let yaml = """
            date: 2001-12-14
            octal: 0o17
            yes-word: yes
            number: 1_000
            infinite: .inf
            <<: merge
            quoted: "~"
            tilde: ~
            empty:
            """
        let root = try XCTUnwrap(try YAMLSupport.compose(yaml, file: "t.yaml"))
        guard case .mapping(let mapping) = root else { return XCTFail("not a mapping") }
        let entries = YAMLSupport.entries(of: mapping, file: "t.yaml")
        XCTAssertEqual(entries.map(\.key), ["date", "octal", "yes-word", "number", "infinite", "<<", "quoted", "tilde", "empty"])
        XCTAssertEqual(entries.map(\.value), [
            .scalar("2001-12-14", plain: true), .scalar("0o17", plain: true), .scalar("yes", plain: true),
            .scalar("1_000", plain: true), .scalar(".inf", plain: true), .scalar("merge", plain: true),
            .scalar("~", plain: false), .null, .null,
        ])
        XCTAssertEqual(entries[1].valueLocation, SourceLocation(file: "t.yaml", line: 2, column: 8))
    }

    /// Every document of a file, each composed the same way.
    func testEveryDocumentIsComposed() throws {
        let nodes = try YAMLSupport.composeAll("a: 1\n---\nb: yes\n", file: "t.yaml")
        XCTAssertEqual(nodes.count, 2)
        XCTAssertEqual(YAMLSupport.raw(nodes[1], file: "t.yaml"), .mapping([
            RawEntry(key: "b", keyLocation: SourceLocation(file: "t.yaml", line: 3, column: 1),
                     value: .scalar("yes", plain: true), valueLocation: SourceLocation(file: "t.yaml", line: 3, column: 4)),
        ]))
    }
}
