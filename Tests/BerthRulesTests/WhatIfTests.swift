@testable import BerthRules
import BerthCore
import Foundation
import XCTest

/// `decide`'s what-if and timeline, against the built-in packs at fixed dates.
final class WhatIfTests: XCTestCase {
    private let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../data/examples").standardized

    private func profile(_ text: String) throws -> Profile {
        try ProfileFile.load(data: Data(text.utf8), file: "p.yaml")
    }

    /// The profile file with the suggested change written into it, as a user would edit it:
    /// each changed key's top-level line replaced by `KEY: VALUE`.
    private func edited(_ text: String, _ suggestion: WhatIf) -> String {
        let keys = Set(suggestion.change.map(\.field.key))
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in !keys.contains(where: { line.hasPrefix("\($0):") }) }
        return (kept + suggestion.change.map { "\($0.field.key): \($0.value.plainText)" }).joined(separator: "\n") + "\n"
    }

    private let requirementAdding: (FieldChange) -> Bool = {
        ($0.field == .gpuCount && $0.value != .int(0)) || (($0.field == .privileged || $0.field == .execAccess) && $0.value == .bool(true))
    }

    /// Every suggestion for every example profile, under both packs and both scopes, makes its
    /// platform the recommendation when the edited file is decided again.
    func testEverySuggestionChangesTheRecommendationWhenDecidedAgain() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThan(files.count, 5)
        var checked = 0
        for name in RulePack.builtinNames {
            let engine = Engine(pack: try PackLoader.builtin(name), asOf: name == "current" ? "2026-11-26" : nil)
            for file in files {
                let text = try String(contentsOf: examples.appendingPathComponent(file), encoding: .utf8)
                let original = engine.decide(try profile(text))
                for scope in WhatIfScope.allCases {
                    let suggestions = engine.whatIf(try profile(text), scope: scope)
                    XCTAssertEqual(Set(suggestions.map(\.platform)).count, suggestions.count, "one per platform: \(file)")
                    for s in suggestions {
                        let context = "\(name) \(file) \(scope): \(s.line)"
                        XCTAssertNotEqual(s.platform, original.recommendation, context)
                        XCTAssertTrue((1...2).contains(s.change.count), context)
                        let again = engine.decide(try profile(edited(text, s)))
                        XCTAssertEqual(again.recommendation, s.platform, context)
                        XCTAssertEqual(again.variant, s.variant, context)
                        if scope == .user { XCTAssertFalse(s.change.contains(where: requirementAdding), context) }
                        checked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 20)
    }

    /// One field before two: a platform reached by a two-field change has no one-field change
    /// among the values tried.
    func testTwoFieldChangesOnlyWhereNoOneFieldChangeExists() throws {
        let engine = Engine(pack: try PackLoader.builtin("current"), asOf: "2026-11-26")
        let p = try profile("name: web-api\nvcpu: 0.5\nmemory_mib: 1024\ntrigger: http\nload_balancer: alb\n")
        let suggestions = engine.whatIf(p)
        let singles = engine.whatIfValues(for: p, scope: .user).flatMap { field, values in values.map { FieldChange(field: field, value: $0) } }
        for s in suggestions where s.change.count == 2 {
            for c in singles {
                XCTAssertNotEqual(Engine.applying(c, to: p).flatMap { engine.evaluate($0).recommendation }, s.platform, "\(c) alone reaches \(s.line)")
            }
        }
        let sizes = suggestions.map(\.change.count)
        XCTAssertEqual(sizes, sizes.sorted(), "one-field changes come first")
    }

    /// In a pack where EKS wins GPU workloads only, EKS is reached by adding a GPU, which
    /// is suggested only when all changes are allowed. (In the built-in packs a larger vCPU
    /// reaches every GPU platform first.)
    func testAGPUIsSuggestedOnlyWithAll() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-whatif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        id: eks-for-gpus
        title: EKS for GPU workloads
        rationale: A test of what-if scopes.
        source: {facts: ["a test"]}
        when: gpu_count > 0
        effect: {prefer: eks, step: gpus}
        """.write(to: folder.appendingPathComponent("gpu.yaml"), atomically: true, encoding: .utf8)
        try "- {id: gpus, title: GPUs, talk: a test, quote: a test}\n"
            .write(to: folder.appendingPathComponent("procedure.yaml"), atomically: true, encoding: .utf8)
        let engine = Engine(pack: try PackLoader.load(directory: folder.path), asOf: "2026-11-26")
        let p = try profile("name: web-api\n")
        XCTAssertEqual(engine.whatIf(p, scope: .user), [])
        let all = engine.whatIf(p, scope: .all)
        XCTAssertEqual(all.map(\.platform), [.eks])
        XCTAssertEqual(all.first?.change, [FieldChange(field: .gpuCount, value: .int(1))])
    }

    /// Numeric values come from the rules and the facts at the date: Lambda's 900 s timeout
    /// (2018-10) gives 899, 900 and 901 for a duration.
    func testNumericValuesAreTheThresholdsAtTheDateAndOneUnitEitherSide() throws {
        let engine = Engine(pack: try PackLoader.builtin("current"), asOf: "2026-11-26")
        let p = try profile("name: job\ntrigger: event\nmax_duration_seconds: 600\n")
        let durations = engine.whatIfValues(for: p, scope: .user).first { $0.0 == .maxDurationSeconds }?.1 ?? []
        XCTAssertTrue([.int(899), .int(900), .int(901)].allSatisfy(durations.contains), "\(durations)")
        XCTAssertFalse(durations.contains(.int(600)), "the profile's own value is no change")
        XCTAssertEqual(durations.first, .int(899), "nearest to 600 first: \(durations)")
    }

    /// The thresholds come from each rule's checked condition: every number literal in it,
    /// under `!`, `-`, arithmetic and lists, and nothing else; the same numbers lexing its
    /// text finds, for every rule of both packs.
    func testAConditionsNumbersAreItsLiterals() throws {
        func numbers(_ condition: Checked) -> [Double] {
            var out: [Double] = []
            condition.appendNumbers(to: &out)
            return out
        }
        let locate: (Int) -> SourceLocation = { _ in SourceLocation(file: "r.yaml", line: 1) }
        var parser = try Parser("!(max_duration_seconds > 900) && -vcpu < 2.5 * memory_mib / 1024 && gpu_count in [1, 4] && os == \"linux\"",
                                locate: locate)
        var checker = Checker(catalog: try PackLoader.builtin("current").catalog, locate: locate)
        XCTAssertEqual(numbers(try checker.checkCondition(try parser.parse())), [900, 2.5, 1024, 1, 4], "in the order written")
        for name in ["current", "talk-2018"] {
            for rule in try PackLoader.builtin(name).rules {
                var lexed: Set<Double> = []
                for token in try Lexer(text: Array(rule.when.utf8), locate: locate).tokens() {
                    if case .int(let i) = token.kind { lexed.insert(Double(i)) }
                    if case .double(let d) = token.kind { lexed.insert(d) }
                }
                XCTAssertEqual(Set(numbers(rule.condition)), lexed, "\(name): \(rule.id)")
            }
        }
    }

    func testTimelineOfAWindowsSiteBehindAnALB() throws {
        let engine = Engine(pack: try PackLoader.builtin("current"), asOf: "2026-11-26")
        let entries = engine.timeline(try profile("name: site\nos: windows\nvcpu: 2\nmemory_mib: 4096\nload_balancer: alb\n"))
        XCTAssertGreaterThanOrEqual(entries.count, 2)
        XCTAssertEqual(entries[0], TimelineEntry(since: "2018-08-03", recommendation: .ecsEC2, variant: .ecsSelfManaged, because: []))
        XCTAssertEqual(entries[1].since, "2021-10-01")
        XCTAssertEqual(entries[1].recommendation, .fargate)
        XCTAssertEqual(entries[1].variant, .fargateOnDemand)
        XCTAssertTrue(entries[1].because.contains { $0.key.hasPrefix("fargate_on_demand.") && $0.key.contains("windows") }, "\(entries[1].because)")
        XCTAssertTrue(entries[1].because.allSatisfy { engine.pack.catalog.entries[$0.key]?.values.contains { $0.since == "2021-10-01" } == true })
    }

    func testTimelineOfAnArm64LinuxAPI() throws {
        let engine = Engine(pack: try PackLoader.builtin("current"), asOf: "2026-11-26")
        let entries = engine.timeline(try profile("name: api\narch: arm64\nvcpu: 1\nmemory_mib: 2048\ntrigger: http\nload_balancer: alb\n"))
        XCTAssertGreaterThanOrEqual(entries.count, 2)
        XCTAssertEqual(entries[0], TimelineEntry(since: "2018-08-03", recommendation: nil, variant: nil, because: []))
        XCTAssertEqual(entries[1].since, "2018-11-26")
        XCTAssertEqual(entries[1].recommendation, .ecsEC2)
        XCTAssertEqual(entries[1].variant, .ecsSelfManaged)
        XCTAssertFalse(entries[1].because.isEmpty)
        // Each later entry is a real change, and the last is what the engine decides at its date.
        for (a, b) in zip(entries, entries.dropFirst()) {
            XCTAssertLessThan(a.since, b.since)
            XCTAssertTrue(a.recommendation != b.recommendation || a.variant != b.variant)
        }
        let now = engine.decide(try profile("name: api\narch: arm64\nvcpu: 1\nmemory_mib: 2048\ntrigger: http\nload_balancer: alb\n"))
        XCTAssertEqual(entries.last?.recommendation, now.recommendation)
        XCTAssertEqual(entries.last?.variant, now.variant)
    }
}
