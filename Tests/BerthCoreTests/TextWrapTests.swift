import BerthCore
import XCTest

final class TextWrapTests: XCTestCase {
    func testLongLinesBreakAtWordsAndHangUnderTheirText() {
        let line = "  + step 4: The team does not want to manage EC2 instances (avoid_instance_management = true) [no-instances-wanted]"
        let wrapped = TextWrap.wrap(line, width: 40)
        XCTAssertEqual(wrapped, """
              + step 4: The team does not want to
                manage EC2 instances
                (avoid_instance_management = true)
                [no-instances-wanted]
            """)
        XCTAssertTrue(wrapped.split(separator: "\n").allSatisfy { TextWrap.columns($0) <= 40 })
        XCTAssertEqual(wrapped.replacingOccurrences(of: "\n    ", with: " "), line, "only spaces become line breaks")
    }

    func testAtTheWidthNothingMovesAndOneMoreColumnWraps() {
        let line = String(repeating: "a", count: 10) + " " + String(repeating: "b", count: 9)
        XCTAssertEqual(TextWrap.wrap(line, width: 20), line)
        XCTAssertEqual(TextWrap.wrap(line, width: 19), String(repeating: "a", count: 10) + "\n  " + String(repeating: "b", count: 9))
    }

    func testAWordWiderThanTheLineIsNeverSplit() {
        let word = String(repeating: "x", count: 30)
        XCTAssertEqual(TextWrap.wrap("see \(word) here", width: 20), "see\n  \(word)\n  here")
    }

    func testColourEscapesTakeNoRoomAndWideCharactersTwo() {
        XCTAssertEqual(TextWrap.columns("\u{1B}[1mweb\u{1B}[0m"), 3)
        XCTAssertEqual(TextWrap.columns("講演"), 4)
        // A dimmed, indented line keeps its indent after the escape.
        XCTAssertEqual(TextWrap.wrap("\u{1B}[2m    aaa bbb ccc\u{1B}[0m", width: 12), "\u{1B}[2m    aaa bbb\n      ccc\u{1B}[0m")
        XCTAssertEqual(TextWrap.wrap("first\n\nthird", width: 3), "first\n\nthird", "empty lines and short words stay")
    }
}
