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
        XCTAssertEqual(decision.undecided, [Undecided(rule: "lambda-timeout", fields: ["max_duration_seconds"], platforms: [.lambda])])
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
        title: Everyone is preferred the same
        rationale: test
        source: test
        when: "true"
        effect: {prefer: [eks, ecs-ec2, lambda, fargate], step: only}
        """, procedure: ["only"])
        let engine = Engine(pack: try PackLoader.load(directory: dir))
        let decision = engine.decide(Profile(name: "t"))
        XCTAssertEqual(decision.candidates.map(\.platform), [.fargate, .lambda, .ecsEC2, .eks])
        XCTAssertEqual(decision.recommendation, .fargate)
        XCTAssertEqual(decision.separation.kind, .tieOrder)
        XCTAssertTrue(decision.judgementCall)
    }

    /// Two preferences in conflict: the earlier step wins, however many later ones disagree.
    func testTheFirstStepThatSeparatesTwoCandidatesDecides() throws {
        let rules = """
        id: first-for-eks
        title: First step prefers EKS
        rationale: test
        source: test
        when: gpu_count > 0
        effect: {prefer: eks, step: first}
        ---
        id: second-for-ecs
        title: Second step prefers ECS on EC2
        rationale: test
        source: test
        when: "true"
        effect: {prefer: [ecs-ec2], step: second}
        ---
        id: third-for-ecs
        title: Third step prefers ECS on EC2
        rationale: test
        source: test
        when: "true"
        effect: {prefer: ecs-ec2, step: third}
        """
        let engine = Engine(pack: try PackLoader.load(directory: try temporaryPack(rules: rules, procedure: ["first", "second", "third"])))
        var gpu = Profile(name: "t")
        gpu.gpuCount = 1
        gpu.given.insert(.gpuCount)
        let withGPU = engine.decide(gpu)
        XCTAssertEqual(withGPU.candidates.map(\.platform), [.eks, .ecsEC2, .fargate, .lambda])
        XCTAssertEqual(withGPU.separation.kind, .step)
        XCTAssertEqual(withGPU.separation.step?.id, "first")
        XCTAssertEqual(withGPU.separation.rules, ["first-for-eks"])
        XCTAssertFalse(withGPU.judgementCall, "decided at the first of three steps, on a stated field")
        let plain = engine.decide(Profile(name: "t"))
        XCTAssertEqual(plain.recommendation, .ecsEC2)
        XCTAssertEqual(plain.separation.step?.id, "second")
        XCTAssertEqual(plain.lostAt(plain.candidate(.fargate)!)?.step?.id, "second")

        // The same order written the other way round decides the other way.
        let reversed = Engine(pack: try PackLoader.load(directory: try temporaryPack(rules: rules, procedure: ["second", "third", "first"])))
        XCTAssertEqual(reversed.decide(gpu).recommendation, .ecsEC2)
    }

    func testOnlyTheLastStepOrOnlyDefaultsMakeAJudgementCall() throws {
        let rules = """
        id: stated
        title: Stated need
        rationale: test
        source: test
        when: exec_access
        effect: {prefer: eks, step: first}
        ---
        id: defaulted
        title: A default decides
        rationale: test
        source: test
        when: avoid_instance_management
        effect: {prefer: lambda, step: second}
        ---
        id: last
        title: The last step
        rationale: test
        source: test
        when: "true"
        effect: {prefer: ecs-ec2, step: third}
        """
        let engine = Engine(pack: try PackLoader.load(directory: try temporaryPack(rules: rules, procedure: ["first", "second", "third"])))
        var stated = Profile(name: "t")
        stated.execAccess = true
        stated.given.insert(.execAccess)
        XCTAssertEqual(engine.decide(stated).recommendation, .eks)
        XCTAssertFalse(engine.decide(stated).judgementCall)

        let byDefault = engine.decide(Profile(name: "t"))
        XCTAssertEqual(byDefault.recommendation, .lambda)
        XCTAssertEqual(byDefault.separation.defaults, ["avoid_instance_management"])
        XCTAssertTrue(byDefault.judgementCall)
        XCTAssertEqual(byDefault.judgementCallReason(),
                       "only default values nobody gave (avoid_instance_management = true) put it ahead of ecs-ec2; state them to confirm")

        var givenTrue = Profile(name: "t")
        givenTrue.given.insert(.avoidInstanceManagement)
        XCTAssertEqual(engine.decide(givenTrue).recommendation, .lambda)
        XCTAssertFalse(engine.decide(givenTrue).judgementCall, "the same value, stated, decides")

        var givenFalse = Profile(name: "t")
        givenFalse.avoidInstanceManagement = false
        givenFalse.given.insert(.avoidInstanceManagement)
        let last = engine.decide(givenFalse)
        XCTAssertEqual(last.recommendation, .ecsEC2)
        XCTAssertEqual(last.separation.position, 2)
        XCTAssertTrue(last.judgementCall, "only the last step separates it")
    }

    func testPreferencesNeedAStepOfTheProcedureAndScoresAreRefused() throws {
        let score = try temporaryPack(rules: "id: w\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {score: {fargate: 1}}\n")
        XCTAssertThrowsError(try PackLoader.load(directory: score)) {
            let e = $0 as? RuleError
            XCTAssertEqual(e?.kind, .badRule)
            XCTAssertEqual(e?.location, SourceLocation(file: score + "/rules.yaml", line: 6, column: 17))
            XCTAssertEqual(e?.message.hasPrefix("'score' weights were replaced by preferences"), true)
        }
        let noStep = try temporaryPack(rules: "id: w\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {prefer: fargate}\n")
        XCTAssertThrowsError(try PackLoader.load(directory: noStep)) {
            XCTAssertEqual(($0 as? RuleError)?.message, "'prefer' needs 'step': the id of a step of the pack's procedure (procedure.yaml)")
        }
        let unknown = try temporaryPack(rules: "id: w\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {prefer: fargate, step: frist}\n",
                                        procedure: ["first", "second"])
        XCTAssertThrowsError(try PackLoader.load(directory: unknown)) {
            XCTAssertEqual(($0 as? RuleError)?.message, "'step: frist' is not a step of the pack's procedure; steps are first, second; did you mean 'first'?")
        }
        let fact = try temporaryPack(rules: "id: w\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {prefer: {variants_with: max_vcpu}, step: first}\n",
                                     procedure: ["first"])
        XCTAssertThrowsError(try PackLoader.load(directory: fact)) {
            XCTAssertEqual(($0 as? RuleError)?.message, "'variants_with' names a true/false fact of the variants (data/variants.yaml), got 'max_vcpu'")
        }
        let twice = try temporaryPack(rules: "id: w\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {exclude: eks}\n", procedure: ["a", "a"])
        XCTAssertThrowsError(try PackLoader.load(directory: twice)) { XCTAssertEqual(($0 as? RuleError)?.kind, .duplicateID) }
        let tooMany = try temporaryPack(rules: "id: w\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {exclude: eks}\n",
                                        procedure: (0...PackLoader.maxSteps).map { "s\($0)" })
        XCTAssertThrowsError(try PackLoader.load(directory: tooMany)) {
            XCTAssertEqual(($0 as? RuleError)?.location?.line, 1 + 4 * PackLoader.maxSteps, "the first step too many")
        }
        let most = try temporaryPack(rules: "id: w\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {prefer: eks, step: s29}\n",
                                     procedure: (0..<PackLoader.maxSteps).map { "s\($0)" })
        XCTAssertEqual(try PackLoader.load(directory: most).procedure.count, PackLoader.maxSteps)
    }

    func testAFailingPackTestSaysHowTheProcedureSawEachCandidate() throws {
        let dir = try temporaryPack(rules: "id: w\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {prefer: eks, step: only}\n---\nid: x\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {exclude: lambda}\n",
                                    procedure: ["only"])
        try "- name: wrong\n  profile: {}\n  expect: fargate\n".write(toFile: dir + "/tests.yaml", atomically: true, encoding: .utf8)
        let result = try XCTUnwrap(RuleTester.run(try PackLoader.load(directory: dir)).first { $0.kind == .decision })
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.detail, "expected fargate, got eks (eks=[only] fargate=[] ecs-ec2=[] lambda=excluded)")
    }

    func testLintFindsAStepNoRuleNames() throws {
        let dir = try temporaryPack(rules: "id: w\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {prefer: eks, step: used}\n",
                                    procedure: ["used", "idle"])
        let findings = RuleLinter.lint(try PackLoader.load(directory: dir), today: "2026-11-26").filter { $0.code == "step-without-rules" }
        XCTAssertEqual(findings.map(\.message), ["procedure step 'idle' is named by no rule: it can never decide"])
    }

    func testAVariantPreferenceFollowsTheChosenVariant() throws {
        let dir = try temporaryPack(rules: "id: managed\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {prefer: {variants_with: aws_managed_instances}, step: first}\n",
                                    procedure: ["first"])
        let engine = Engine(pack: try PackLoader.load(directory: dir), asOf: "2026-11-26")
        var gpu = Profile(name: "t")
        gpu.gpuCount = 1
        gpu.given.insert(.gpuCount)
        let decision = engine.decide(gpu)
        // No rule excludes anything here, so every platform is judged by its chosen variant:
        // ECS Managed Instances and EKS Auto Mode are run by AWS; so are Lambda and Fargate.
        for c in decision.candidates where c.eligible {
            XCTAssertEqual(c.preferredAt == ["first"], engine.pack.catalog.entries["\(c.variant!.catalogPrefix).aws_managed_instances"]?.value(asOf: "2026-11-26")?.value == .bool(true), "\(c.platform)")
        }
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

    /// A user folder with `rules.yaml` and, when `procedure` names steps, a `procedure.yaml`
    /// of them in that order (each step four lines long).
    private func temporaryPack(rules: String, procedure: [String] = []) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-pack-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try rules.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        if !procedure.isEmpty {
            let steps = procedure.map { "- id: \($0)\n  title: Step \($0)\n  talk: test\n  quote: test\n" }.joined()
            try steps.write(toFile: dir + "/procedure.yaml", atomically: true, encoding: .utf8)
        }
        return dir
    }
}

/// docs/decision.md's table of the procedure is the built-in procedure: same steps, same order,
/// and each step's rules are the ones that name it.
final class ProcedureDocumentationTests: XCTestCase {
    func testTheDocumentedProcedureIsTheBuiltInOne() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/decision.md").standardizedFileURL
        let text = try String(contentsOf: doc, encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("   | ") && $0.contains(" `") && !$0.contains("---") }
        let documented = rows.compactMap { row -> (String, [String])? in
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard cells.count >= 4, let id = cells[0].split(separator: "`").dropFirst().first else { return nil }
            let rules = cells[3].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `")) }
            return (String(id), rules)
        }
        for name in RulePack.builtinNames {
            let pack = try PackLoader.builtin(name)
            XCTAssertEqual(documented.map(\.0), pack.procedure.map(\.id), name)
            for (step, rules) in documented {
                XCTAssertEqual(rules, pack.rules.filter { $0.effect.step == step }.map(\.id), "\(name): step \(step)")
            }
        }
    }
}
