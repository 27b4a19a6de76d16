@testable import BerthRules
import BerthCore
import Foundation
import XCTest

/// Rules and packs in Japanese: `ja:` in a rule, `title_ja` in pack.yaml, the engine's
/// messages in a language, and the lint finding that keeps the built-in packs complete.
final class JapaneseTests: XCTestCase {
    static let rule = """
    id: no-gpu
    title: Fargate has no GPUs
    rationale: GPUs are hard on Fargate.
    ja:
      title: Fargate では GPU を使えない
      rationale: GPU は「Fargate では難しいもの」の一つです。
    source: {talk: "Fargate or EC2"}
    when: gpu_count > 0 && !catalog.fargate.gpu
    effect: {exclude: [fargate]}
    examples: {fires: [{gpu_count: 1}]}
    """

    func testJapaneseTitleAndRationaleAreParsed() throws {
        let pack = try PackLoader.load(directory: try temporaryPack(rules: Self.rule))
        let rule = try XCTUnwrap(pack.rule("no-gpu"))
        XCTAssertEqual(rule.ja, RuleText(title: "Fargate では GPU を使えない", rationale: "GPU は「Fargate では難しいもの」の一つです。"))
        XCTAssertEqual(rule.title(in: .ja), "Fargate では GPU を使えない")
        XCTAssertEqual(rule.rationale(in: .ja), "GPU は「Fargate では難しいもの」の一つです。")
        XCTAssertEqual(rule.title(in: .en), "Fargate has no GPUs")
        XCTAssertEqual(rule.title, "Fargate has no GPUs", "the English stays the rule's title")
    }

    func testJapaneseIsOptionalAndFallsBackToEnglish() throws {
        let withoutJA = Self.rule.replacingOccurrences(of: "ja:\n  title: Fargate では GPU を使えない\n  rationale: GPU は「Fargate では難しいもの」の一つです。\n", with: "")
        let rule = try XCTUnwrap(try PackLoader.load(directory: try temporaryPack(rules: withoutJA)).rule("no-gpu"))
        XCTAssertNil(rule.ja)
        XCTAssertEqual(rule.title(in: .ja), "Fargate has no GPUs")
        XCTAssertEqual(rule.rationale(in: .ja), "GPUs are hard on Fargate.")

        let titleOnly = Self.rule.replacingOccurrences(of: "  rationale: GPU は「Fargate では難しいもの」の一つです。\n", with: "")
        let partial = try XCTUnwrap(try PackLoader.load(directory: try temporaryPack(rules: titleOnly)).rule("no-gpu"))
        XCTAssertEqual(partial.title(in: .ja), "Fargate では GPU を使えない")
        XCTAssertEqual(partial.rationale(in: .ja), "GPUs are hard on Fargate.", "a missing Japanese rationale falls back to English")
    }

    func testBadJapaneseBlocksAreRefusedWithTheirPlace() throws {
        let cases: [(String, String, Int)] = [
            ("ja:\n  rationale: 理由だけ\n", "'ja' needs 'title'", 5),
            ("ja:\n  title: タイトル\n  titel: typo\n", "unknown key 'titel' in 'ja'; did you mean 'title'?", 6),
            ("ja: タイトルだけ\n", "'ja' must be a mapping", 4),
            ("ja:\n  title: \"\"\n", "'title' in 'ja' must be a non-empty string", 5),
            ("ja:\n  title: [a, b]\n", "'title' in 'ja' must be a non-empty string", 5),
        ]
        for (block, message, line) in cases {
            let text = "id: r\ntitle: t\nrationale: r\n" + block + "source: s\nwhen: \"true\"\neffect: {exclude: [eks]}\n"
            let dir = try temporaryPack(rules: text)
            XCTAssertThrowsError(try PackLoader.load(directory: dir), block) { error in
                let e = error as? RuleError
                XCTAssertEqual(e?.kind, .badRule, block)
                XCTAssertEqual(e?.message, message, block)
                XCTAssertEqual(e?.location?.file, dir + "/rules.yaml", block)
                XCTAssertEqual(e?.location?.line, line, block)
            }
        }
    }

    func testPackTitleInJapanese() throws {
        let dir = try temporaryPack(rules: Self.rule)
        try "name: mine\ntitle: My rules\ntitle_ja: 自分たちのルール\ninclude: [.]\n".write(toFile: dir + "/pack.yaml", atomically: true, encoding: .utf8)
        let pack = try PackLoader.load(directory: dir)
        XCTAssertEqual(pack.titleJA, "自分たちのルール")
        XCTAssertEqual(pack.title(in: .ja), "自分たちのルール")
        XCTAssertEqual(pack.title(in: .en), "My rules")

        try "name: mine\ntitle: My rules\n".write(toFile: dir + "/pack.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try PackLoader.load(directory: dir).title(in: .ja), "My rules")

        try "name: mine\ntitle_ja: \"\"\n".write(toFile: dir + "/pack.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PackLoader.load(directory: dir)) { XCTAssertEqual(($0 as? RuleError)?.kind, .badPack) }

        for name in RulePack.builtinNames {
            let builtin = try PackLoader.builtin(name)
            XCTAssertTrue(builtin.isBuiltin)
            XCTAssertTrue(Self.isJapanese(builtin.title(in: .ja)), name)
        }
    }

    func testEngineMessageInJapaneseKeepsTheValuesAndEnglishStaysTheDefault() throws {
        let engine = Engine(pack: try PackLoader.builtin("talk-2018"), today: "2026-11-26")
        var profile = Profile(name: "w")
        profile.os = .windows
        let rule = try XCTUnwrap(engine.pack.rule("windows-not-on-fargate"))
        XCTAssertEqual(engine.message(for: rule, on: profile, language: .ja),
                       "Fargate では Windows コンテナを実行できない (os = windows, catalog.fargate.windows = false)")
        XCTAssertEqual(engine.message(for: rule, on: profile, language: .en),
                       "Fargate runs no Windows containers (os = windows, catalog.fargate.windows = false)")
        XCTAssertEqual(engine.message(for: rule, on: profile), engine.message(for: rule, on: profile, language: .en))
        // A rule that reads nothing: the title alone.
        let fallback = try XCTUnwrap(engine.pack.rule("fargate-default"))
        XCTAssertEqual(engine.message(for: fallback, on: profile, language: .ja), "これ以外は Fargate で OK")
        // Decisions (decide, batch JSON) stay in English.
        let reason = try XCTUnwrap(engine.decide(profile).candidates.first { $0.platform == .fargate }?.reasons.first { $0.rule == "windows-not-on-fargate" })
        XCTAssertEqual(reason.message, "Fargate runs no Windows containers (os = windows, catalog.fargate.windows = false)")
        // A rule without Japanese renders its English title in Japanese too.
        var bare = rule
        bare.ja = nil
        XCTAssertEqual(engine.message(for: bare, on: profile, language: .ja),
                       "Fargate runs no Windows containers (os = windows, catalog.fargate.windows = false)")
    }

    func testEveryBuiltInRuleHasJapanese() throws {
        for name in RulePack.builtinNames {
            for rule in try PackLoader.builtin(name).rules {
                XCTAssertTrue(Self.isJapanese(rule.title(in: .ja)), "\(rule.id): \(rule.title(in: .ja))")
                XCTAssertTrue(Self.isJapanese(rule.rationale(in: .ja)), "\(rule.id): \(rule.rationale(in: .ja))")
            }
        }
    }

    func testLintAsksBuiltInPacksForJapaneseOnly() throws {
        var pack = try PackLoader.builtin("current")
        XCTAssertEqual(RuleLinter.lint(pack, today: "2026-11-26").map(\.code), [])
        pack.rules[0].ja = nil
        pack.rules[1].ja?.rationale = nil
        pack.titleJA = nil
        let findings = RuleLinter.lint(pack, today: "2026-11-26").filter { $0.code == "no-japanese" }
        XCTAssertEqual(findings.count, 3)
        XCTAssertTrue(findings[0].message.contains("rule '\(pack.rules[0].id)'"))
        XCTAssertEqual(findings[0].location, pack.rules[0].location)
        XCTAssertTrue(findings[1].message.contains("'ja.rationale'"))
        XCTAssertTrue(findings[2].message.contains("'title_ja'"))

        // A user's folder may leave Japanese out.
        let withoutJA = Self.rule.replacingOccurrences(of: "ja:\n  title: Fargate では GPU を使えない\n  rationale: GPU は「Fargate では難しいもの」の一つです。\n", with: "")
        let user = try PackLoader.load(directory: try temporaryPack(rules: withoutJA))
        XCTAssertFalse(user.isBuiltin)
        XCTAssertFalse(RuleLinter.lint(user, today: "2026-11-26").contains { $0.code == "no-japanese" })
    }

    /// Holds hiragana, katakana or kanji.
    static func isJapanese(_ s: String) -> Bool {
        s.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) }
    }

    private func temporaryPack(rules: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-ja-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try rules.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        return dir
    }
}
