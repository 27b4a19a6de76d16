import BerthCore
import XCTest

final class CSVTextTests: XCTestCase {
    func testACellIsQuotedOnlyWhenItMustBe() {
        XCTAssertEqual(CSVText.cell("web-api"), "web-api")
        XCTAssertEqual(CSVText.cell(""), "")
        XCTAssertEqual(CSVText.cell("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVText.cell("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVText.cell("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(CSVText.cell("cr\rhere"), "\"cr\rhere\"")
        XCTAssertEqual(CSVText.cell("日本語"), "日本語")
    }
}
