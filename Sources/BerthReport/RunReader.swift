import BerthCore
import BerthStore

/// What the report derives from the parts stored decisions share (`SharedDecisionParts`),
/// derived once per part and remembered: an outcome's verdicts, an assumption set's
/// entries, a profile value as the decoder takes it, the follow-ups a combination of the
/// values they depend on calls for. Outcomes and values are forgotten past `limit` (a run
/// of a million services can have nearly as many; they are read again when they recur).
struct RunReader {
    /// A class: a row takes it by reference, not a copy of its dictionaries.
    final class Outcome {
        let decision: StoredDecision
        /// The preferences that fired, by platform id (`ReportBuilder.parseReasons`).
        let scoring: [String: [String: Int]]
        let tally: Tally.Outcome

        init(decision: StoredDecision, scoring: [String: [String: Int]], tally: Tally.Outcome) {
            self.decision = decision
            self.scoring = scoring
            self.tally = tally
        }
    }

    struct Assumptions {
        /// Defaults and unknowns; nil for a run stored before they were recorded.
        var entries: [AssumptionEntry]?
        var undecided: [UndecidedEntry]
        var slot: Int
    }

    /// What a profile value is to the tally, looked up for every value of every row.
    enum Role {
        /// The `ReportModel.costLabel` label, with its value.
        case costLabel(String)
        /// One of `FollowUp.kindFields`.
        case decidesFollowUps
        case other
    }

    private struct FollowUpKey: Hashable {
        var recommendation: Platform?
        var values: [Int64]
    }

    /// Where the profile decoder says a stored value is (it is never wrong: it was checked
    /// when it was stored).
    static let origin = SourceLocation(file: "stored profile", line: 1)
    static let limit = 1 << 16
    private static let costLabelField = ProfileField.labels.rawValue + "." + ReportModel.costLabel
    private static let kindFields = Set(FollowUp.kindFields.map(\.rawValue))

    let ruleIndex: [String: Int]
    private var outcomes: [Int64: Outcome] = [:]
    private var assumptionSets: [Int64?: Assumptions] = [:]
    private var roles: [Int64: Role] = [:]
    private var entries: [Int64: RawEntry] = [:]
    private var followUps: [FollowUpKey: Int] = [:]

    init(ruleIndex: [String: Int]) { self.ruleIndex = ruleIndex }

    mutating func outcome(_ id: Int64, _ parts: SharedDecisionParts, _ tally: inout Tally) throws -> Outcome {
        if let known = outcomes[id] { return known }
        let d = try parts.outcome(id)
        let scoring = ReportBuilder.parseReasons(d.reasons)
        let verdicts = ReportBuilder.verdicts(d, scoring, ruleIndex: ruleIndex) { RuleMention(id: $0, message: $0, weight: $1) }
        let outcome = Outcome(decision: d, scoring: scoring, tally: tally.outcome(d, verdicts: verdicts))
        if outcomes.count >= Self.limit { outcomes.removeAll(keepingCapacity: true) }
        outcomes[id] = outcome
        return outcome
    }

    /// Sets are few (combinations of fields left out), so they are all kept.
    mutating func assumptions(_ id: Int64?, _ parts: SharedDecisionParts, _ tally: inout Tally) throws -> Assumptions {
        if let known = assumptionSets[id] { return known }
        var set = Assumptions(entries: nil, undecided: [], slot: 0)
        if let id {
            var entries: [AssumptionEntry] = []
            for a in try parts.assumptions(id) {
                switch a.kind {
                case .default: entries.append(AssumptionEntry(field: a.name, value: a.value, kind: .defaulted))
                case .unknown: entries.append(AssumptionEntry(field: a.name, value: "unknown", kind: .unknown))
                case .undecided: set.undecided.append(UndecidedEntry(rule: a.name, fields: a.value.split(separator: ",").map(String.init)))
                }
            }
            set.entries = entries
        }
        set.slot = tally.assumptionSet(set.entries)
        assumptionSets[id] = set
        return set
    }

    mutating func role(_ id: Int64, _ parts: SharedDecisionParts) throws -> Role {
        if let known = roles[id] { return known }
        let stored = try parts.value(id)
        let role: Role = stored.field == Self.costLabelField ? .costLabel(stored.text)
            : Self.kindFields.contains(stored.field) ? .decidesFollowUps : .other
        if roles.count >= Self.limit { roles.removeAll(keepingCapacity: true) }
        roles[id] = role
        return role
    }

    /// A value as the profile decoder takes it.
    mutating func entry(_ id: Int64, _ parts: SharedDecisionParts) throws -> RawEntry {
        if let known = entries[id] { return known }
        let stored = try parts.value(id)
        let entry = RawEntry(key: stored.field, keyLocation: Self.origin, value: stored.value, valueLocation: Self.origin)
        if entries.count >= Self.limit { entries.removeAll(keepingCapacity: true) }
        entries[id] = entry
        return entry
    }

    /// The tally's follow-up set for a recommendation and the values of `FollowUp.kindFields`
    /// a service was given (the others are defaults): decided once per combination, by
    /// `FollowUp.applicable` on a profile of just those values.
    mutating func followUps(_ recommendation: Platform?, _ valueIDs: [Int64], _ parts: SharedDecisionParts,
                            _ tally: inout Tally) throws -> Int {
        let key = FollowUpKey(recommendation: recommendation, values: valueIDs)
        if let known = followUps[key] { return known }
        var decoder = ProfileDecoder(sourceOf: nil)
        for id in valueIDs { try? decoder.assign(try entry(id, parts)) }
        let slot = tally.followUps(FollowUp.applicable(to: decoder.profile, recommendation: recommendation, fargateExcludedBy: nil).map(\.kind))
        followUps[key] = slot
        return slot
    }
}
