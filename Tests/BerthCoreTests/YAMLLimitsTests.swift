import BerthCore
import Foundation
import XCTest

/// Alias bombs and deep nesting are refused before Yams builds a node (issue 15).
final class YAMLLimitsTests: XCTestCase {
    /// Ten levels of mappings, each repeating the one before ten times: about 10^10 nodes once
    /// expanded. `key` puts the last level in key position, which Yams hashes while composing.
    static func mappingBomb(key: Bool = false) -> String {
        var lines = ["a0: &a0 {x: 1, y: 1}"]
        for level in 1...9 {
            lines.append("a\(level): &a\(level) {" + (0..<10).map { "k\($0): *a\(level - 1)" }.joined(separator: ", ") + "}")
        }
        lines.append(key ? "? *a9\n: 1" : "name: bomb")
        return lines.joined(separator: "\n") + "\n"
    }

    private func limitError(_ text: String) -> ProfileError? {
        do {
            _ = try YAMLSupport.composeAll(text, file: "f.yaml")
            return nil
        } catch {
            return error as? ProfileError
        }
    }

    func testAMappingBombInAProfileIsRefusedAtTheAliasThatGoesOverTheLimit() {
        for key in [false, true] {
            XCTAssertThrowsError(try ProfileFile.load(data: Data(Self.mappingBomb(key: key).utf8), file: "p.yaml")) { error in
                let e = error as? ProfileError
                XCTAssertEqual(e?.kind, .syntax)
                // a1..a4 repeat 69,080 nodes; the first *a4 (62,221 more) goes over.
                XCTAssertEqual(e?.location, SourceLocation(file: "p.yaml", line: 6, column: 14))
                XCTAssertTrue(e?.message.contains("100000") ?? false, e?.message ?? "")
            }
        }
    }

    func testAliasesMayRepeatExactlyTheLimit() {
        // An anchored list of 999 scalars is 1,000 nodes; 100 aliases repeat 100,000.
        let list = "l: &l [" + Array(repeating: "1", count: 999).joined(separator: ", ") + "]\ns: &s 1\n"
        let uses = "u: [" + Array(repeating: "*l", count: 100).joined(separator: ", ") + "]\n"
        XCTAssertNil(limitError(list + uses))
        let over = limitError(list + uses + "v: *s\n")
        XCTAssertEqual(over?.kind, .syntax)
        XCTAssertEqual(over?.location, SourceLocation(file: "f.yaml", line: 4, column: 4))
    }

    func testTheLimitCountsEveryDocumentOfAStream() {
        let list = "&l [" + Array(repeating: "1", count: 999).joined(separator: ", ") + "]"
        let uses = Array(repeating: "*l", count: 50).joined(separator: ", ")
        let stream = "- \(list)\n- [\(uses)]\n---\n- [\(uses)]\n"
        XCTAssertNil(limitError(stream))
        XCTAssertEqual(limitError(stream + "---\n- *l\n")?.location?.line, 6)
    }

    func testNestingIsLimitedWithAndWithoutAliases() {
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        XCTAssertNil(limitError(nested(YAMLLimits.maxDepth)))
        XCTAssertEqual(limitError(nested(YAMLLimits.maxDepth + 1))?.location, SourceLocation(file: "f.yaml", line: 1, column: 65))
        // An anchor 60 levels deep (inside the top-level mapping) repeated 4 levels down: 64; 5 levels down: 65.
        let anchor = "a: &d " + nested(60) + "\n"
        XCTAssertNil(limitError(anchor + "b: [[[*d]]]\n"))
        let over = limitError(anchor + "b: [[[[*d]]]]\n")
        XCTAssertEqual(over?.location, SourceLocation(file: "f.yaml", line: 2, column: 8))
        XCTAssertTrue(over?.message.contains("*d") ?? false, over?.message ?? "")
    }

    func testOrdinaryAliasesAndSyntaxErrorsAreUnchanged() throws {
        let profile = try ProfileFile.load(data: Data("name: web\nlabels: &l {team: a}\n".utf8), file: "p.yaml")
        XCTAssertEqual(profile.labels, ["team": "a"])
        let shared = try XCTUnwrap(try YAMLSupport.compose("a: &x {k: v}\nb: *x\n", file: "f.yaml"))
        XCTAssertEqual(shared.mapping?["b"], shared.mapping?["a"])
        let broken = limitError("a: [1, 2\n")
        XCTAssertEqual(broken?.kind, .syntax)
        XCTAssertTrue(broken?.message.hasPrefix("invalid YAML") ?? false, "Yams still reports syntax errors: \(broken?.message ?? "")")
        XCTAssertTrue(limitError("a: *nowhere\n")?.message.contains("undefined alias") ?? false)
    }
}

/// What berth writes as YAML reads back as it was meant.
final class YAMLQuotingTests: XCTestCase {
    private func readBack(_ text: String, key: String = "k") throws -> (key: String?, value: String?) {
        let root = try XCTUnwrap(try YAMLSupport.compose("\(YAMLSupport.key(key)): \(YAMLSupport.quoted(text))\n", file: "q.yaml"))
        let pair = try XCTUnwrap(root.mapping?.first)
        return (pair.key.string, pair.value.string)
    }

    func testQuotedTextReadsBackExactly() throws {
        var samples = (0..<0x100).map { String(UnicodeScalar(UInt8($0))) }
        // (A byte-order mark is kept inside text; Yams drops one that starts a scalar whatever its escape.)
        samples += ["\u{2028}", "\u{2029}", "a\u{FEFF}b", "\u{FFFE}", "\u{FFFF}", "😀", "日本語", "a: b # c", "\"'\\", "- x", "*alias &anchor !tag", "\r\n"]
        for text in samples {
            let back = try readBack(text, key: text)
            XCTAssertEqual(back.value, text, "value \(text.unicodeScalars.map { String($0.value, radix: 16) })")
            XCTAssertEqual(back.key, text, "key \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        XCTAssertEqual(YAMLSupport.quoted("web"), "\"web\"")
        XCTAssertEqual(YAMLSupport.quoted("a\u{7F}\u{85}\u{2028}"), #""a\u007F\u0085\u2028""#)
    }

    func testSimpleKeysStayPlain() {
        XCTAssertEqual(YAMLSupport.key("labels.kubernetes"), "labels.kubernetes")
        XCTAssertEqual(YAMLSupport.key("max_duration_seconds"), "max_duration_seconds")
        for key in ["x: 1\nprivileged: true", "a b", "1st", "", "-x", "labels.é", "#"] {
            XCTAssertEqual(YAMLSupport.key(key), YAMLSupport.quoted(key), key)
        }
    }
}
