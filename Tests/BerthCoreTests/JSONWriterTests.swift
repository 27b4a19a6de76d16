import BerthCore
import XCTest

final class JSONWriterTests: XCTestCase {
    func testEscapesEveryCharacterJSONAndHTMLNeed() {
        let text = "q\" b\\ t\t n\n r\r c\u{01} d\u{7f} ls\u{2028} ps\u{2029} <&> é日本 —€\u{202A}"
        XCTAssertEqual(JSONWriter.quoted(text), #""q\" b\\ t\t n\n r\r c\u0001 d"# + "\u{7f}" + #" ls\u2028 ps\u2029 \u003c\u0026\u003e é日本 —€"# + "\u{202A}" + #"""#)
    }

    func testGivenProfileIsTheGivenJSONTreeWrittenCompactly() throws {
        var profile = Profile(name: "odd")
        for (field, raw) in [(ProfileField.description, "quote \" nl \n ls \u{2028}"), (.vcpu, "0.25"), (.os, "windows"),
                             (.purchasing, "savings_plans"), (.maxDurationSeconds, "901"), (.privileged, "true")] {
            var decoder = ProfileDecoder()
            decoder.profile = profile
            try decoder.assign(field, .scalar(raw, plain: true), at: SourceLocation(file: "t", line: 1, column: 1))
            profile = decoder.profile
        }
        profile.labels = ["team": "a", "tier": "1"]
        var writer = JSONWriter()
        writer.givenProfile(profile)
        XCTAssertEqual(writer.text, profile.givenJSON.rendered(pretty: false))
        XCTAssertEqual(writer.text, #"{"description":"quote \" nl \n ls \u2028","labels":{"team":"a","tier":"1"},"max_duration_seconds":901,"name":"odd","os":"windows","privileged":true,"purchasing":"savings_plans","vcpu":0.25}"#)
    }

    func testPrettyDocumentsIndentByTwoSpaces() {
        let doc = JSONValue.object(["b": .array([.int(-12), .double(1e21)]), "a": .object([:])])
        XCTAssertEqual(doc.rendered(), "{\n  \"a\": {},\n  \"b\": [\n    -12,\n    1e+21\n  ]\n}\n")
    }
}

final class ByteKeyTests: XCTestCase {
    /// A copied key owns storage of its own, so the buffer it was cut from, reused and
    /// at its full capacity, is not kept alive by every key remembered.
    func testACopiedKeyDoesNotKeepTheBufferItWasCutFrom() {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4_096)
        buffer.append(contentsOf: [1, 2, 3])
        let key = ByteKey(buffer[...])
        let copied = key.copied
        XCTAssertEqual(copied, key)
        XCTAssertEqual(copied.hashValue, key.hashValue)
        let original = buffer.withUnsafeBufferPointer { $0.baseAddress }
        XCTAssertNotEqual(copied.bytes.withUnsafeBufferPointer { $0.baseAddress }, original)
        XCTAssertNotEqual(ByteKey([1, 2][...]), key)
        XCTAssertEqual(ByteKey([][...]), ByteKey([UInt8]()[...]))
    }
}
