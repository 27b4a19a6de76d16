import BerthCore
import XCTest

final class JSONWriterTests: XCTestCase {
    func testEscapesEveryCharacterJSONAndHTMLNeed() {
        let text = "q\" b\\ t\t n\n r\r c\u{01} d\u{7f} ls\u{2028} ps\u{2029} <&> é日本"
        XCTAssertEqual(JSONWriter.quoted(text), #""q\" b\\ t\t n\n r\r c\u0001 d"# + "\u{7f}" + #" ls\u2028 ps\u2029 \u003c\u0026\u003e é日本""#)
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
