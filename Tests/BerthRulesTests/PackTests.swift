@testable import BerthRules
import BerthCore
import Foundation
import XCTest

/// The built-in packs: every rule example and every decision test passes, as `berth rules test` runs them.
/// (The decision tests include the table at the end of talk-criteria.md, under both packs.)
final class PackTests: XCTestCase {
    func testEveryExampleAndDecisionTestOfTheBuiltInPacksPasses() throws {
        for name in RulePack.builtinNames {
            let pack = try PackLoader.builtin(name)
            let results = RuleTester.run(pack, today: "2026-11-26")
            XCTAssertGreaterThan(results.count, 50, name)
            for result in results where !result.passed {
                XCTFail("\(result.location): \(result.pack) \(result.name): \(result.detail)")
            }
        }
    }

    func testBuiltInPacksLintClean() throws {
        for name in RulePack.builtinNames {
            let findings = RuleLinter.lint(try PackLoader.builtin(name), today: "2026-11-26")
            XCTAssertEqual(findings.map(\.description), [], name)
        }
    }

    func testNothingEligibleGivesNullAndNamesTheConflictingRules() throws {
        let engine = Engine(pack: try PackLoader.builtin("talk-2018"))
        let profile = try ProfileFile.load(data: Data("name: sp\npurchasing: savings_plans\n".utf8), file: "p.yaml")
        let decision = engine.decide(profile)
        XCTAssertNil(decision.recommendation)
        // The platforms' rules, the requirement every variant failed, and the variants that did
        // not exist yet.
        XCTAssertEqual(Set(decision.conflicts), ["savings-plans-not-on-fargate", "savings-plans-not-on-ec2", "savings-plans-not-on-lambda",
                                                 "bought-with-savings-plans", "variant-available"])
        XCTAssertTrue(decision.text().contains("no platform fits"))
        XCTAssertTrue(decision.text().contains("No platform can run it at this date; blocked by: "), decision.text())
        XCTAssertEqual(decision.json.rendered(pretty: false).contains(#""recommendation":null"#), true)
    }

    func testDecisionsSayWhatTheyAssumedAndWhatTheyCouldNotDecide() throws {
        let engine = Engine(pack: try PackLoader.builtin("current"), today: "2026-11-26")
        let profile = try ProfileFile.load(data: Data("name: a\nos: linux\n".utf8), file: "p.yaml")
        let decision = engine.decide(profile)
        XCTAssertFalse(decision.assumptions.contains { $0.field == "os" })
        XCTAssertTrue(decision.assumptions.contains(Assumption(field: "gpu_count", value: .int(0), kind: "default")))
        XCTAssertTrue(decision.assumptions.contains(Assumption(field: "max_duration_seconds", value: .null, kind: "unknown")))
        XCTAssertEqual(decision.undecided, [Undecided(rule: "lambda-timeout", fields: ["max_duration_seconds"])])
    }

    func testExcludedPlatformsCarryTheRuleMessageAndSource() throws {
        let engine = Engine(pack: try PackLoader.builtin("talk-2018"))
        let profile = try ProfileFile.load(data: Data("name: w\nos: windows\n".utf8), file: "p.yaml")
        let decision = engine.decide(profile)
        let fargate = try XCTUnwrap(decision.candidate(.fargate))
        XCTAssertFalse(fargate.eligible)
        let reason = try XCTUnwrap(fargate.exclusions.first)
        XCTAssertEqual(reason.rule, "windows-not-on-fargate")
        XCTAssertEqual(reason.message, "Fargate runs no Windows containers (os = windows, catalog.fargate.windows = false)")
        XCTAssertTrue(reason.source.hasPrefix("talk 2018-08-03: Fargate or EC2"), reason.source)
        XCTAssertEqual(decision.candidates.last?.eligible, false)
    }

    func testTiesBreakInTheDocumentedOrder() throws {
        let dir = try temporaryPack(rules: """
        id: even
        title: Everyone scores the same
        rationale: test
        source: test
        when: "true"
        effect: {score: {eks: 1, ecs-ec2: 1, lambda: 1, fargate: 1}}
        """)
        let engine = Engine(pack: try PackLoader.load(directory: dir))
        let decision = engine.decide(Profile(name: "t"))
        XCTAssertEqual(decision.candidates.map(\.platform), [.fargate, .lambda, .ecsEC2, .eks])
        XCTAssertEqual(decision.recommendation, .fargate)
    }

    func testUserRuleFoldersLoadAndBadRulesFailWithTheirPlace() throws {
        let dir = try temporaryPack(rules: """
        id: team-rule
        title: Team rule
        rationale: test
        source: test
        when: labels.team == "ml" &&
        effect: {exclude: [lambda]}
        """)
        XCTAssertThrowsError(try PackLoader.load(directory: dir)) { error in
            let e = error as? RuleError
            XCTAssertEqual(e?.kind, .syntax)
            XCTAssertEqual(e?.location?.file, dir + "/rules.yaml")
            XCTAssertEqual(e?.location?.line, 5)
        }
        let dup = try temporaryPack(rules: "id: a\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {exclude: [eks]}\n---\nid: a\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {exclude: [eks]}\n")
        XCTAssertThrowsError(try PackLoader.load(directory: dup)) { XCTAssertEqual(($0 as? RuleError)?.kind, .duplicateID) }
        let typo = try temporaryPack(rules: "id: a\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {exclude: [fargte]}\n")
        XCTAssertThrowsError(try PackLoader.load(directory: typo)) { XCTAssertTrue(($0 as? RuleError)?.message.contains("fargate") ?? false) }
    }

    func testAnAliasBombInARuleExampleIsRefusedWithItsPlace() throws {
        var lines = ["id: r", "title: t", "rationale: r", "source: s", "when: \"true\"", "effect: {exclude: [eks]}",
                     "examples:", "  fires:", "    - name: bomb", "      a0: &a0 {x: 1, y: 1}"]
        for level in 1...9 {
            lines.append("      a\(level): &a\(level) {" + (0..<10).map { "k\($0): *a\(level - 1)" }.joined(separator: ", ") + "}")
        }
        let dir = try temporaryPack(rules: lines.joined(separator: "\n") + "\n")
        XCTAssertThrowsError(try PackLoader.load(directory: dir)) {
            let e = $0 as? RuleError
            XCTAssertEqual(e?.kind, .syntax)
            XCTAssertEqual(e?.location, SourceLocation(file: dir + "/rules.yaml", line: 15, column: 20), "the first *a4, which goes over the limit")
        }
    }

    func testWeightsAreBoundedWhenTheRuleIsLoaded() throws {
        func pack(_ weight: String) throws -> String {
            try temporaryPack(rules: "id: w\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {score: {fargate: 1, lambda: \(weight)}}\n")
        }
        for weight in ["1000", "+1000", "-1000"] {
            let engine = Engine(pack: try PackLoader.load(directory: try pack(weight)))
            let expected = Int(weight.replacingOccurrences(of: "+", with: ""))!
            XCTAssertEqual(engine.decide(Profile(name: "t")).candidates.first { $0.platform == .lambda }?.score, expected)
        }
        // Int.max used to pass `rules test` and `lint`, then overflow in every decision.
        for weight in ["1001", "-1001", "9223372036854775807", "-9223372036854775808"] {
            let dir = try pack(weight)
            XCTAssertThrowsError(try PackLoader.load(directory: dir), weight) {
                let e = $0 as? RuleError
                XCTAssertEqual(e?.kind, .badRule)
                XCTAssertEqual(e?.location, SourceLocation(file: dir + "/rules.yaml", line: 6, column: 38))
                XCTAssertEqual(e?.message, "'score.lambda' is \(weight); a weight is a non-zero whole number from -1000 to 1000")
            }
        }
    }

    func testLintFindsRulesThatNeverFireAndHaveNoSource() throws {
        let dir = try temporaryPack(rules: "id: never\ntitle: t\nrationale: r\nsource: {facts: []}\nwhen: gpu_count > 0 && catalog.fargate.gpu\neffect: {exclude: [eks]}\n")
        let codes = RuleLinter.lint(try PackLoader.load(directory: dir), today: "2026-11-26").map(\.code)
        XCTAssertTrue(codes.contains("never-fires"))
        XCTAssertTrue(codes.contains("no-source"))
        XCTAssertTrue(codes.contains("no-examples"))
        XCTAssertFalse(codes.contains("unused-catalog-entry"), "a user folder reads the bundled catalog: its unread entries are not findings")
    }

    func testLintReportsUnreadEntriesOfAPacksOwnCatalog() throws {
        let dir = try temporaryPack(rules: "id: big\ntitle: t\nrationale: r\nsource: s\nwhen: vcpu > catalog.my.max\neffect: {exclude: [eks]}\nexamples: {fires: [{vcpu: 9}]}\n")
        try "name: mine\ncatalog: catalog.yaml\n".write(toFile: dir + "/pack.yaml", atomically: true, encoding: .utf8)
        try "my.max:\n  type: int\n  values: [{value: 8, source: s}]\nmy.unused:\n  type: bool\n  values: [{value: true, source: s}]\n"
            .write(toFile: dir + "/catalog.yaml", atomically: true, encoding: .utf8)
        let findings = RuleLinter.lint(try PackLoader.load(directory: dir), today: "2026-11-26")
        XCTAssertEqual(findings.map(\.code), ["unused-catalog-entry"])
        XCTAssertTrue(findings.first?.message.contains("my.unused") ?? false)
    }

    func testCatalogDatesAndErrors() throws {
        XCTAssertEqual(Catalog.normalise(date: "2021-10"), "2021-10-01")
        XCTAssertEqual(Catalog.normalise(date: "2021-10-28"), "2021-10-28")
        XCTAssertNil(Catalog.normalise(date: "Oct 2021"))
        XCTAssertNil(Catalog.normalise(date: "2021-+1-01"))
        // Days the month has, leap years included.
        XCTAssertEqual(Catalog.normalise(date: "2020-02-29"), "2020-02-29")
        XCTAssertEqual(Catalog.normalise(date: "2000-02-29"), "2000-02-29")
        XCTAssertNil(Catalog.normalise(date: "2100-02-29"))
        XCTAssertNil(Catalog.normalise(date: "2021-02-29"))
        XCTAssertNil(Catalog.normalise(date: "2021-04-31"))
        XCTAssertEqual(Catalog.normalise(date: "2021-12-31"), "2021-12-31")
        XCTAssertThrowsError(try Catalog.parse("a.b:\n  type: bool\n  values:\n    - {value: 3, source: s}\n", file: "c.yaml")) {
            XCTAssertEqual(($0 as? RuleError)?.location?.line, 4)
        }
        XCTAssertThrowsError(try Catalog.parse("a.b:\n  type: int\n  values:\n    - {since: 2020-01, value: 3, source: s}\n    - {since: 2019-01, value: 4, source: s}\n", file: "c.yaml"))
    }

    private func temporaryPack(rules: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-pack-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try rules.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        return dir
    }
}
