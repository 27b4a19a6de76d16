import BerthCore
import XCTest

final class JSONValueTests: XCTestCase {
    func testKeysAreSortedAndOutputIsStable() {
        let doc = JSONValue.object(["b": .int(1), "a": .array([.bool(true), .null]), "c": .double(0.5)])
        XCTAssertEqual(doc.rendered(pretty: false), #"{"a":[true,null],"b":1,"c":0.5}"#)
        XCTAssertEqual(doc.rendered(), doc.rendered())
        XCTAssertTrue(doc.rendered().hasSuffix("}\n"))
    }

    func testStringsAreEscapedForJSONAndForHTML() {
        let doc = JSONValue.string("a\"b\\c\n</script>&\u{01}日本")
        XCTAssertEqual(doc.rendered(pretty: false), #""a\"b\\c\n\u003c/script\u003e\u0026\u0001日本""#)
    }

    func testWholeDoublesPrintWithoutAFraction() {
        XCTAssertEqual(JSONValue.double(2).rendered(pretty: false), "2")
        XCTAssertEqual(JSONValue.double(0.25).rendered(pretty: false), "0.25")
    }
}
