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

    public static func build(database: AppDatabase, runID: Int64? = nil, generatedAt: Date = Date(),
                             loadPack: (String) throws -> RulePack = defaultPackLoader) throws -> ReportModel {
        let run = try selectRun(in: database, runID: runID)

        var pack: RulePack?
        var problem: String?
        do { pack = try loadPack(run.pack) } catch { problem = (error as? LocatedError)?.message ?? "\(error)" }
        // Only to render rule messages and sources with the stored values: nothing is decided.
        let engine = pack.map { Engine(pack: $0, asOf: run.asOf) }
        var ruleIndex: [String: Int] = [:]
        if let pack { for (i, r) in pack.rules.enumerated() where ruleIndex[r.id] == nil { ruleIndex[r.id] = i } }

        var services: [ServiceEntry] = []
        services.reserveCapacity(run.rowsDecided)
        var firedCounts: [String: Int] = [:]
        var assumptionsRecorded = true
        func add(_ decision: StoredDecision, _ profile: Profile) {
            func mention(_ id: String, weight: Int?) -> RuleMention {
                if let engine, let i = ruleIndex[id] {
                    let rule = engine.rules[i]
                    return RuleMention(id: id, message: engine.message(for: rule, on: profile),
                                       messageJA: rule.ja == nil ? nil : engine.message(for: rule, on: profile, language: .ja),
                                       weight: weight)
                }
                return RuleMention(id: id, message: id, weight: weight)
            }
            let scoring = parseReasons(decision.reasons)
            var fired = Set<String>()
            var verdicts: [Verdict] = []
            for platform in Platform.allCases {
                let excluded = decision.excludedBy[platform] ?? []
                let scored = (scoring[platform.rawValue] ?? [:]).sorted { a, b in
                    let (ia, ib) = (ruleIndex[a.key] ?? Int.max, ruleIndex[b.key] ?? Int.max)
                    return ia != ib ? ia < ib : a.key < b.key
                }
                fired.formUnion(excluded)
                fired.formUnion(scored.map(\.key))
                verdicts.append(Verdict(platform: platform, eligible: decision.excludedBy[platform] == nil,
                                        score: decision.scores[platform] ?? 0,
                                        exclusions: excluded.map { mention($0, weight: nil) },
                                        scoring: scored.map { mention($0.key, weight: $0.value) },
                                        monthlyUSD: decision.costs[platform]))
            }
            for id in fired { firedCounts[id, default: 0] += 1 }

            var assumptions: [AssumptionEntry] = []
            var undecided: [UndecidedEntry] = []
            if let stored = decision.assumptions {
                for a in stored {
                    switch a.kind {
                    case .default: assumptions.append(AssumptionEntry(field: a.name, value: a.value, kind: .defaulted))
                    case .unknown: assumptions.append(AssumptionEntry(field: a.name, value: "unknown", kind: .unknown))
                    case .undecided: undecided.append(UndecidedEntry(rule: a.name, fields: a.value.split(separator: ",").map(String.init)))
                    }
                }
            } else {
                assumptionsRecorded = false
            }
            let labels = profile.labels.keys.sorted().map { Label(key: $0, value: profile.labels[$0] ?? "") }
            var entry = ServiceEntry(
                name: decision.name, description: profile.description, labels: labels, line: decision.line,
                recommendation: decision.recommendation, verdicts: verdicts, assumptions: assumptions, undecided: undecided,
                followUps: FollowUp.applicable(to: profile, recommendation: decision.recommendation,
                                               fargateExcludedBy: decision.excludedBy[.fargate]),
                shape: shape(of: profile), monthlyUSD: decision.monthlyUSD)
            entry.assumptionsRecorded = decision.assumptions != nil
            entry.judgementCall = decision.judgementCall
            entry.unverified = decision.unverified
            services.append(entry)
        }
        // Profiles are decoded a chunk at a time, so no text of every profile is ever built.
        var chunk: [StoredDecision] = []
        func flush() throws {
            for (decision, profile) in zip(chunk, try decodeProfiles(chunk)) { add(decision, profile) }
            chunk.removeAll(keepingCapacity: true)
        }
        try database.forEachDecision(runID: run.id) { decision in
            chunk.append(decision)
            if chunk.count >= profileChunk { try flush() }
        }
        try flush()

        var firedRules: [FiredRule] = []
        for id in firedCounts.keys.sorted(by: { (ruleIndex[$0] ?? Int.max, $0) < (ruleIndex[$1] ?? Int.max, $1) }) {
            let count = firedCounts[id] ?? 0
            if let engine, let i = ruleIndex[id] {
                let rule = engine.rules[i]
                firedRules.append(FiredRule(id: id, title: rule.title, rationale: rule.rationale,
                                            titleJA: rule.ja?.title, rationaleJA: rule.ja?.rationale, source: engine.source(for: rule),
                                            effect: effectText(rule.effect), services: count))
            } else {
                firedRules.append(FiredRule(id: id, title: nil, rationale: nil, source: nil, effect: nil, services: count))
            }
        }

        var changes: RunDiff?
        if let previous = try database.runs().first(where: { $0.id < run.id && $0.status == "complete" }) {
            changes = try database.diff(from: previous.id, to: run.id)
        }

        return ReportModel(run: run, generatedAt: iso8601(generatedAt),
                           pack: PackInfo(name: run.pack, title: pack?.title, titleJA: pack?.titleJA, problem: problem),
                           services: services, rejected: try database.rejectedRows(runID: run.id), changes: changes,
                           firedRules: firedRules, assumptionsRecorded: assumptionsRecorded)
    }

    /// Stored profiles decoded at a time.
    static let profileChunk = 4_096

    /// Stored profiles (given fields as compact JSON, one per decision) decoded with the
    /// inventory's JSON Lines reader: one pass over a chunk, no YAML parser.
    static func decodeProfiles(_ stored: [StoredDecision]) throws -> [Profile] {
        guard !stored.isEmpty else { return [] }
        var text = ""
        text.reserveCapacity(stored.reduce(0) { $0 + $1.profile.utf8.count + 1 })
        for d in stored {
            text += d.profile
            text += "\n"
        }
        let reader = try Inventory.reader(text: text, name: "stored profiles", format: .jsonl)
        var out: [Profile] = []
        out.reserveCapacity(stored.count)
        for d in stored {
            // A stored profile always decodes (it was decoded before it was stored); keep the
            // name at least if one ever does not.
            guard let row = try reader.next() else { out.append(Profile(name: d.name)); continue }
            out.append(row.profile ?? Profile(name: d.name))
        }
        return out
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
