import BerthCore
import BerthInventory
import BerthRules
import BerthStore
import Foundation

/// Why a report cannot be built.
public struct ReportError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        /// No such run, or no complete run at all.
        case noRun = "not-found"
        /// The run's rule pack cannot be loaded now (the report then falls back to rule ids).
        case packUnavailable = "pack-unavailable"
    }

    public var kind: Code
    public var message: String
    public var location: SourceLocation? { nil }
    public var code: String { kind.rawValue }
    public var category: ErrorCategory { .badInput }

    public init(_ kind: Code, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Builds a `ReportModel` from a stored run.
///
/// The store keeps, per service, the given profile fields, the recommendation, each
/// platform's standing in the procedure, the ids of the rules that excluded it and the
/// preferences that fired with their steps, the assumptions and undecided rules, and each
/// feasible platform's cost (docs/database.md). Those are the report's facts: nothing is
/// decided again. Rule titles, sources and the values each condition read come from the
/// run's pack, reloaded by its recorded reference, its messages rendered with the stored
/// profile's values. When the pack cannot be loaded (a rules folder that has gone), the
/// report falls back to rule ids and says so.
public enum ReportBuilder {
    /// Loads a run's pack by its `RulePack.reference`: a built-in pack's name, or an absolute
    /// folder; a bare name is never looked up as a folder, so the lookup cannot depend on the
    /// current directory.
    public static func defaultPackLoader(_ reference: String) throws -> RulePack {
        if RulePack.builtinNames.contains(reference) { return try PackLoader.builtin(reference, examples: false) }
        var isDirectory: ObjCBool = false
        guard reference.hasPrefix("/"), FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError(.packUnavailable, "'\(reference)' is neither a built-in pack nor an existing rules folder (runs record a folder by its absolute path)")
        }
        return try PackLoader.load(directory: reference, examples: false)
    }

    /// The run a report is about: `runID`, else the latest complete run.
    public static func selectRun(in database: AppDatabase, runID: Int64?) throws -> RunRecord {
        if let runID {
            guard let run = try database.run(id: runID) else { throw ReportError(.noRun, "no run \(runID) in the database") }
            return run
        }
        guard let run = try database.runs().first(where: { $0.status == "complete" }) else {
            throw ReportError(.noRun, "the database holds no complete run; decide an inventory with 'berth batch' first")
        }
        return run
    }

    /// Above this many services a report is aggregated (`ReportModel.aggregated`): its
    /// services by outcome and by label, each group naming its first `namesPerGroup`, rather
    /// than each service; the full list is `berth report --format csv`. Twice the 10,000
    /// services the listed report is measured at (docs/report.md, Performance), so that a
    /// 10,000-service report keeps everything it lists.
    public static let aggregateAbove = 20_000
    /// Names an aggregated report gives per group.
    public static let namesPerGroup = 20
    /// At most this many rows of a list an aggregated report shows (groups, rows not
    /// decided, each list of changes), with the count of the rest.
    public static let listedAtMost = 100

    /// Builds the report of a run (`runID`, else the latest complete run), reading it once.
    /// `aggregateAbove` is the CLI's fixed `ReportBuilder.aggregateAbove`; tests make it small.
    public static func build(database: AppDatabase, runID: Int64? = nil, generatedAt: Date = Date(),
                             loadPack: (String) throws -> RulePack = defaultPackLoader,
                             aggregateAbove: Int = ReportBuilder.aggregateAbove) throws -> ReportModel {
        let run = try selectRun(in: database, runID: runID)

        var pack: RulePack?
        var problem: String?
        do { pack = try loadPack(run.pack) } catch { problem = (error as? LocatedError)?.message ?? "\(error)" }
        // Only to render rule messages and sources with the stored values: nothing is decided.
        let engine = pack.map { Engine(pack: $0, asOf: run.asOf) }
        var ruleIndex: [String: Int] = [:]
        if let pack { for (i, r) in pack.rules.enumerated() where ruleIndex[r.id] == nil { ruleIndex[r.id] = i } }

        var reader = RunReader(ruleIndex: ruleIndex)
        var tally = Tally(namesPerGroup: namesPerGroup)
        var services: [ServiceEntry] = []
        var aggregated = false
        try database.forEachDecisionReference(runID: run.id) { ref, parts in
            let outcome = try reader.outcome(ref.outcomeID, parts, &tally)
            let assumptions = try reader.assumptions(ref.assumptionsID, parts, &tally)
            var label: String?
            var kindValues: [Int64] = []
            for id in ref.valueIDs {
                switch try reader.role(id, parts) {
                case .costLabel(let value): label = value
                case .decidesFollowUps: kindValues.append(id)
                case .other: break
                }
            }
            let followUps = try reader.followUps(outcome.decision.recommendation, kindValues, parts, &tally)
            let labelGroup = tally.label(label)
            tally.add(name: ref.name, outcome: outcome.tally, assumptions: assumptions.slot, followUps: followUps, label: labelGroup)
            guard !aggregated else { return }
            if services.count == aggregateAbove {
                aggregated = true
                services = []
                return
            }
            var decoder = ProfileDecoder(sourceOf: nil)
            // Stored values were checked when they were stored; one that no longer decodes
            // is left out rather than losing the service.
            if let description = ref.description { try? decoder.assign(.description, .scalar(description, plain: false), at: RunReader.origin) }
            for id in ref.valueIDs { try? decoder.assign(try reader.entry(id, parts)) }
            decoder.profile.name = ref.name
            services.append(entry(ref, outcome, assumptions, decoder.profile, engine: engine, ruleIndex: ruleIndex))
        }

        var firedRules: [FiredRule] = []
        let fired = tally.fired
        for id in fired.keys.sorted(by: { (ruleIndex[$0] ?? Int.max, $0) < (ruleIndex[$1] ?? Int.max, $1) }) {
            let count = fired[id] ?? 0
            if let engine, let i = ruleIndex[id] {
                let rule = engine.rules[i]
                firedRules.append(FiredRule(id: id, title: rule.title, rationale: rule.rationale,
                                            titleJA: rule.ja?.title, rationaleJA: rule.ja?.rationale, source: engine.source(for: rule),
                                            effect: effectText(rule.effect), services: count))
            } else {
                firedRules.append(FiredRule(id: id, title: nil, rationale: nil, source: nil, effect: nil, services: count))
            }
        }

        let rejected = try aggregated ? database.rejectedRows(runID: run.id, limit: listedAtMost) : database.rejectedRows(runID: run.id)
        var changes: RunDiff?
        if let previous = try database.runs().first(where: { $0.id < run.id && $0.status == "complete" }) {
            changes = try database.diff(from: previous.id, to: run.id)
        }

        return ReportModel(run: run, generatedAt: iso8601(generatedAt),
                           pack: PackInfo(name: run.pack, title: pack?.title, titleJA: pack?.titleJA, problem: problem),
                           services: services, aggregated: aggregated, aggregateAbove: aggregateAbove, figures: tally.figures,
                           outcomeGroups: tally.outcomeGroups, labelGroups: tally.labelGroups,
                           rejected: rejected, rejectedCount: try database.rejectedRowCount(runID: run.id), changes: changes, firedRules: firedRules)
    }

    /// One service as the report lists it, its rules' messages rendered with its profile.
    private static func entry(_ ref: DecisionReference, _ outcome: RunReader.Outcome, _ assumptions: RunReader.Assumptions,
                              _ profile: Profile, engine: Engine?, ruleIndex: [String: Int]) -> ServiceEntry {
        let d = outcome.decision
        let verdicts = self.verdicts(d, outcome.scoring, ruleIndex: ruleIndex) { id, weight in
            if let engine, let i = ruleIndex[id] {
                let rule = engine.rules[i]
                return RuleMention(id: id, message: engine.message(for: rule, on: profile),
                                   messageJA: rule.ja == nil ? nil : engine.message(for: rule, on: profile, language: .ja),
                                   weight: weight)
            }
            return RuleMention(id: id, message: id, weight: weight)
        }
        let labels = profile.labels.keys.sorted().map { Label(key: $0, value: profile.labels[$0] ?? "") }
        var entry = ServiceEntry(
            name: ref.name, description: profile.description, labels: labels, line: ref.line,
            recommendation: d.recommendation, verdicts: verdicts, assumptions: assumptions.entries ?? [], undecided: assumptions.undecided,
            followUps: FollowUp.applicable(to: profile, recommendation: d.recommendation, fargateExcludedBy: d.excludedBy[.fargate]),
            shape: shape(of: profile), monthlyUSD: d.monthlyUSD)
        entry.assumptionsRecorded = assumptions.entries != nil
        entry.judgementCall = d.judgementCall
        entry.unverified = d.unverified
        return entry
    }

    /// Each platform's verdict in a stored outcome; `mention` names a rule that fired
    /// (`weight` nil for an exclusion). Preferences in pack order.
    static func verdicts(_ d: StoredDecision, _ scoring: [String: [String: Int]], ruleIndex: [String: Int],
                         mention: (String, Int?) -> RuleMention) -> [Verdict] {
        Platform.allCases.map { platform in
            let scored = (scoring[platform.rawValue] ?? [:]).sorted { a, b in
                let (ia, ib) = (ruleIndex[a.key] ?? Int.max, ruleIndex[b.key] ?? Int.max)
                return ia != ib ? ia < ib : a.key < b.key
            }
            return Verdict(platform: platform, eligible: d.excludedBy[platform] == nil, score: d.scores[platform] ?? 0,
                           exclusions: (d.excludedBy[platform] ?? []).map { mention($0, nil) },
                           scoring: scored.map { mention($0.key, $0.value) }, monthlyUSD: d.costs[platform])
        }
    }

    /// `{"lambda":{"ms-billing":2}}` -> ["lambda": ["ms-billing": 2]].
    static func parseReasons(_ json: String) -> [String: [String: Int]] {
        guard json != "{}", let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        var out: [String: [String: Int]] = [:]
        for (platform, rules) in object {
            guard let rules = rules as? [String: Any] else { continue }
            var weights: [String: Int] = [:]
            for (rule, weight) in rules {
                if let n = weight as? NSNumber { weights[rule] = n.intValue }
            }
            out[platform] = weights
        }
        return out
    }

    static func effectText(_ effect: RuleEffect) -> String { effect.summary }

    static func shape(of p: Profile) -> String {
        var parts = ["\(p.os.rawValue)/\(p.arch.rawValue)", "\(Value.format(p.vcpu)) vCPU", "\(p.memoryMiB) MiB"]
        if p.gpuCount > 0 { parts.append("\(p.gpuCount) GPU") }
        parts.append(p.trigger.rawValue)
        if let d = p.maxDurationSeconds { parts.append("≤ \(d) s") }
        if p.loadBalancer != .none { parts.append(p.loadBalancer.rawValue.uppercased()) }
        if p.purchasing != .onDemand { parts.append(p.purchasing.rawValue) }
        return parts.joined(separator: " · ")
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
