import BerthCore
import XCTest

final class CompactFormTests: XCTestCase {
    func testEveryKindOfValueReadsBackAsWritten() {
        let values: [Value] = [
            .null, .bool(true), .bool(false), .int(0), .int(-42), .int(Int.max), .double(0.1), .double(-0.0), .double(1e300),
            .double(-2.5), .string(""), .string("a, b: c 12,3:"), .string("日本語\n二行"), .list([]), .list([.int(1), .list([.string("x")])]),
        ]
        var w = CompactWriter()
        w.list(values) { $0.value($1) }
        w.optional(nil as String?) { $0.string($1) }
        w.optional("a, b: c 12,3:") { $0.string($1) }  // the same string again: one table entry
        w.location(SourceLocation(file: "rules/x.yaml", line: 12, column: 3))
        w.case(ValueKind.list)
        let text = w.text
        XCTAssertEqual(text.components(separatedBy: "a, b: c 12,3:").count, 2, text)
        CompactReader.read(text) { r in
            let read = r.list { $0.value() }
            XCTAssertEqual(read, values)
            XCTAssertEqual(read[7].asDouble?.sign, .minus)  // -0.0 keeps its sign
            XCTAssertNil(r.optional { $0.string() })
            XCTAssertEqual(r.optional { $0.string() }, "a, b: c 12,3:")
            XCTAssertEqual(r.location(), SourceLocation(file: "rules/x.yaml", line: 12, column: 3))
            XCTAssertEqual(r.case(ValueKind.self), .list)
        }
    }
}
