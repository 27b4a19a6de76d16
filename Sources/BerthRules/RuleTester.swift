import BerthCore

/// One example or pack test and how it came out.
public struct TestResult: Sendable {
    public enum Kind: String, Sendable { case example, decision }
    public var kind: Kind
    /// `rule-id: fires #1` or the pack test's name.
    public var name: String
    public var pack: String
    public var asOf: String
    public var passed: Bool
    /// What went wrong, for a failure.
    public var detail: String
    public var location: SourceLocation
}

/// Runs every rule's examples and every pack test (`berth rules test`, and `swift test`).
public enum RuleTester {
    /// Examples with no date run at the pack's date; dated ones at theirs.
    public static func run(_ pack: RulePack, today: String = RulePack.today()) -> [TestResult] {
        var results: [TestResult] = []
        var engines: [String: Engine] = [:]
        func engine(_ date: String) -> Engine {
            if let e = engines[date] { return e }
            let e = Engine(pack: pack, asOf: date, today: today)
            engines[date] = e
            return e
        }
        let packDate = pack.date(today: today)
        for (index, rule) in pack.rules.enumerated() {
            var counts = [true: 0, false: 0]
            for example in rule.examples {
                counts[example.fires, default: 0] += 1
                let date = example.asOf ?? packDate
                let truth = engine(date).truth(ofRule: index, on: example.profile)
                let passed = example.fires ? truth == .yes : truth != .yes
                let label = "\(rule.id): \(example.fires ? "fires" : "does not fire") #\(counts[example.fires] ?? 0)"
                let detail = passed ? "" : "expected the rule \(example.fires ? "to fire" : "not to fire") on \(date), but its condition was \(truth)"
                results.append(TestResult(kind: .example, name: label, pack: pack.name, asOf: date, passed: passed, detail: detail, location: example.location))
            }
        }
        for test in pack.tests {
            let date = test.asOf ?? packDate
            let decision = engine(date).decide(test.profile)
            let passed = decision.recommendation == test.expect
            var detail = ""
            if !passed {
                // Each candidate as the procedure saw it: excluded, or the steps that prefer it.
                let standing = decision.candidates.map { c in
                    "\(c.platform.id)=\(c.eligible ? "[" + c.preferredAt.joined(separator: ",") + "]" : "excluded")"
                }.joined(separator: " ")
                detail = "expected \(test.expect?.id ?? "null"), got \(decision.recommendation?.id ?? "null") (\(standing))"
            }
            results.append(TestResult(kind: .decision, name: test.name, pack: pack.name, asOf: date, passed: passed, detail: detail, location: test.location))
        }
        return results
    }
}

/// A finding of `berth rules lint`.
public struct LintFinding: Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var code: String
    public var message: String
    public var description: String {
        (location.map { "\($0): " } ?? "") + "\(code): \(message)"
    }
}

/// Checks a pack for what loads fine but is still wrong: rules with no source, no examples,
/// that can never fire on any catalog date, and catalog entries no rule reads. The built-in
/// packs are also held to being complete in Japanese: a rule without `ja` (title and
/// rationale), or the pack without `title_ja`, is a `no-japanese` finding. A user's pack may
/// leave Japanese out (the Japanese report then shows its English words).
public enum RuleLinter {
    public static func lint(_ pack: RulePack, today: String = RulePack.today()) -> [LintFinding] {
        var findings: [LintFinding] = []
        // Every date on which some catalog value changes, plus the pack's own date.
        var dates = Set(pack.catalog.entries.values.flatMap { $0.values.compactMap(\.since) })
        dates.insert(pack.date(today: today))
        dates.insert("1970-01-01")
        let engines = dates.sorted().map { Engine(pack: pack, asOf: $0, today: today) }
        for rule in pack.rules {
            if rule.source.isEmpty {
                findings.append(LintFinding(location: rule.location, code: "no-source", message: "rule '\(rule.id)' cites no source"))
            }
            if !rule.examples.contains(where: \.fires) {
                findings.append(LintFinding(location: rule.location, code: "no-examples", message: "rule '\(rule.id)' has no example it fires on"))
            }
            if Compiler.neverFires(rule.condition, engines: engines) {
                findings.append(LintFinding(location: rule.location, code: "never-fires",
                                            message: "rule '\(rule.id)' can never fire: its condition is false on every catalog date"))
            }
            if pack.isBuiltin {
                if rule.ja == nil {
                    findings.append(LintFinding(location: rule.location, code: "no-japanese",
                                                message: "rule '\(rule.id)' of built-in pack '\(pack.name)' has no Japanese title and rationale ('ja:')"))
                } else if rule.ja?.rationale == nil {
                    findings.append(LintFinding(location: rule.location, code: "no-japanese",
                                                message: "rule '\(rule.id)' of built-in pack '\(pack.name)' has no Japanese rationale ('ja.rationale')"))
                }
            }
        }
        if pack.isBuiltin && pack.titleJA == nil {
            findings.append(LintFinding(location: nil, code: "no-japanese",
                                        message: "built-in pack '\(pack.name)' has no Japanese title ('title_ja' in pack.yaml)"))
        }
        for step in pack.procedure where !pack.rules.contains(where: { $0.effect.step == step.id }) {
            findings.append(LintFinding(location: nil, code: "step-without-rules",
                                        message: "procedure step '\(step.id)' is named by no rule: it can never decide"))
        }
        var used = Set<String>()
        for rule in pack.rules {
            for case .catalog(let key) in rule.reads { used.insert(key) }
            for variant in Variant.allCases { for case .catalog(let key) in rule.reads(for: variant) { used.insert(key) } }
        }
        let (managed, onprem, spot) = Engine.preferenceCapabilities
        for variant in Variant.allCases { for capability in [managed, onprem, spot] { used.insert("\(variant.catalogPrefix).\(capability)") } }
        // Closed world: a pack with requirements judges every variant by its facts, so a
        // variant without any can never be verified.
        if pack.rules.contains(where: \.isRequirement) {
            for variant in Variant.allCases where !pack.catalog.keys.contains(where: { $0.hasPrefix(variant.catalogPrefix + ".") }) {
                findings.append(LintFinding(location: nil, code: "variant-without-facts",
                                            message: "variant '\(variant.rawValue)' has no facts in the catalog ('\(variant.catalogPrefix).*'): it can never be verified"))
            }
        }

        // A folder of a user's rules reads the bundled catalog: that its other entries go
        // unread is expected, not a finding. Built-in packs and packs with their own catalog are checked.
        for key in pack.catalog.keys where pack.ownsCatalog && !used.contains(key) {
            findings.append(LintFinding(location: pack.catalog.entries[key]?.location, code: "unused-catalog-entry",
                                        message: "catalog entry '\(key)' is read by no rule of pack '\(pack.name)'"))
        }
        return findings
    }
}

extension Compiler {
    /// True when the condition reads nothing from profiles that could make it true, on every date:
    /// it folds to false (or unknown) everywhere.
    static func neverFires(_ condition: Checked, engines: [Engine]) -> Bool {
        for engine in engines {
            let compiler = Compiler(catalog: engine.pack.catalog, asOf: engine.asOf)
            switch compiler.constant(condition) {
            case .bool(false)?, .null?: continue
            default: return false
            }
        }
        return true
    }
}
