@testable import BerthCore
import XCTest
import Yams

final class ComposedYAMLTests: XCTestCase {
    static let yaml = """
        # every kind of node
        plain: value
        number: 42
        "quoted key": 'single'
        double: "two\\nlines, \\u00e9"
        literal: |
          line one
            indented
        folded: >
          folded
          text
        tagged: !!str 1
        empty:
        flow: {a: [1, 2, {b: c}], d: e}
        block:
          - x
          - {y: z}
          - - nested
        日本語: 値
        ---
        second: document
        """

    /// The same text, style, tag and place for every node, recursively.
    func assertSame(_ a: Node, _ b: Node, _ path: String = "$", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.mark?.line, b.mark?.line, path, file: file, line: line)
        XCTAssertEqual(a.mark?.column, b.mark?.column, path, file: file, line: line)
        XCTAssertEqual(a.tag.rawValue, b.tag.rawValue, path, file: file, line: line)
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)):
            XCTAssertEqual(x.string, y.string, path, file: file, line: line)
            XCTAssertEqual(x.style, y.style, path, file: file, line: line)
        case (.mapping(let x), .mapping(let y)):
            XCTAssertEqual(x.style, y.style, path, file: file, line: line)
            XCTAssertEqual(x.count, y.count, path, file: file, line: line)
            for (i, (p, q)) in zip(x, y).enumerated() {
                assertSame(p.key, q.key, "\(path).key\(i)", file: file, line: line)
                assertSame(p.value, q.value, "\(path).\(p.key.string ?? "?")", file: file, line: line)
            }
        case (.sequence(let x), .sequence(let y)):
            XCTAssertEqual(x.style, y.style, path, file: file, line: line)
            XCTAssertEqual(x.count, y.count, path, file: file, line: line)
            for (i, (p, q)) in zip(x, y).enumerated() { assertSame(p, q, "\(path)[\(i)]", file: file, line: line) }
        default:
            XCTFail("\(path): \(a) is not the same kind of node as \(b)", file: file, line: line)
        }
    }

    func testDecodingGivesBackTheNodesYamsComposed() throws {
        let composed = try YAMLSupport.composeAll(Self.yaml, file: "t.yaml")
        XCTAssertEqual(composed.count, 2)
        let decoded = ComposedYAML.decode(try ComposedYAML.encode(composed))
        XCTAssertEqual(decoded.count, composed.count)
        for (a, b) in zip(composed, decoded) { assertSame(a, b) }
        // Spot checks that the walk saw what it should.
        XCTAssertEqual(decoded[0]["literal"]?.string, "line one\n  indented\n")
        XCTAssertEqual(decoded[0]["日本語"]?.string, "値")
        XCTAssertEqual(decoded[0]["literal"]?.scalar?.style, .literal)
        XCTAssertEqual(decoded[0]["block"]?[2]?.sequence?.count, 1)
        XCTAssertEqual(decoded[0]["tagged"]?.tag.rawValue, "tag:yaml.org,2002:str")
        XCTAssertEqual(decoded[1]["second"]?.mark?.line, 21)
        XCTAssertEqual(decoded[1]["second"]?.mark?.column, 9)
    }

    func testAnEmptyFileHasNoDocuments() throws {
        XCTAssertEqual(ComposedYAML.decode(try ComposedYAML.encode(try YAMLSupport.composeAll("# nothing\n", file: "t.yaml"))).count, 0)
    }

    func testAliasesAreRefused() throws {
        let nodes: [Node] = [.alias(Node.Alias("a"))]
        XCTAssertThrowsError(try ComposedYAML.encode(nodes))
    }

    func testTrimmingWhitespaceMatchesFoundation() {
        for text in ["", "  ", "a", " a b ", "\n\tx\r\n", "\u{00A0}y\u{3000}", "\u{2028}z\u{2029}", "\u{85}w\u{85}", "é ", "\u{200B}q\u{200B}", "\u{200C}r"] {
            XCTAssertEqual(text.trimmingWhitespace, text.trimmingCharacters(in: .whitespacesAndNewlines), text.debugDescription)
        }
    }
}
