/// One step of a pack's procedure: a preference from the talk, in the order the steps are
/// applied (`procedure.yaml`, docs/decision.md). Rules name the step their preference
/// belongs to.
public struct ProcedureStep: Hashable, Sendable {
    public var id: String
    public var title: String
    public var titleJA: String?
    /// The talk's section heading, and the line of the talk behind the step.
    public var talk: String
    public var quote: String

    public init(id: String, title: String, titleJA: String? = nil, talk: String, quote: String) {
        self.id = id
        self.title = title
        self.titleJA = titleJA
        self.talk = talk
        self.quote = quote
    }

    public func title(in language: Language) -> String {
        language == .ja ? (titleJA ?? title) : title
    }
}

/// What separates the recommendation from another feasible candidate, read from the ranked
/// candidates: the procedure is lexicographic, so it is the first thing they differ on.
public struct Separation: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Nothing is feasible.
        case none
        /// The other candidate is not feasible (or there is none).
        case onlyFeasible = "only_feasible"
        /// Every requirement of one is backed by facts at the date, not of the other.
        case verification
        /// A step of the procedure prefers one and not the other.
        case step
        /// Cost: the cheaper of two that stand equal, or `--prefer cost`.
        case cost
        /// They stand equal on everything: the documented tie-break order.
        case tieOrder = "tie_order"
    }

    public var kind: Kind
    public var runnerUp: Platform?
    /// The deciding step, its position (0-based) and the number of steps, for `.step`.
    public var step: ProcedureStep?
    public var position = 0
    public var steps = 0
    /// The recommendation's rules at the deciding step.
    public var rules: [String] = []
    /// Fields those rules read that nobody gave, when every one of them read one and no later
    /// step keeps the recommendation ahead: the separation then rests on default values only.
    public var defaults: [String] = []

    /// Between the first candidate and the next one (the runner-up).
    public init(between candidates: [Candidate], procedure: [ProcedureStep], rankedBy: Ranking?) {
        guard let winner = candidates.first, winner.eligible else {
            self.init(kind: .none, runnerUp: nil)
            return
        }
        guard candidates.count > 1 else {
            self.init(kind: .onlyFeasible, runnerUp: nil)
            return
        }
        self.init(winner: winner, other: candidates[1], procedure: procedure, rankedBy: rankedBy)
    }

    /// Between the recommendation and one other candidate ranked after it.
    public init(winner: Candidate, other: Candidate, procedure: [ProcedureStep], rankedBy: Ranking?) {
        guard other.eligible else {
            self.init(kind: .onlyFeasible, runnerUp: other.platform)
            return
        }
        if rankedBy == .cost {
            self.init(kind: .cost, runnerUp: other.platform)
            return
        }
        if winner.verified != other.verified {
            self.init(kind: .verification, runnerUp: other.platform)
            return
        }
        // Arrays, not sets: a candidate has a handful of preferences, and batch JSON works
        // this out for every candidate of every row.
        let (mine, theirs) = (winner.reasons.compactMap(\.effect.step), other.reasons.compactMap(\.effect.step))
        if let position = procedure.firstIndex(where: { mine.contains($0.id) != theirs.contains($0.id) }) {
            let step = procedure[position]
            let deciding = winner.reasons.filter { $0.effect.step == step.id }
            self.init(kind: .step, runnerUp: other.platform)
            self.step = step
            self.position = position
            self.steps = procedure.count
            rules = deciding.map(\.rule)
            // Resting on defaults matters only when nothing after the step would keep the
            // recommendation ahead: the next step that separates them favours the other.
            let next = procedure[(position + 1)...].first { mine.contains($0.id) != theirs.contains($0.id) }
            if !deciding.isEmpty, deciding.allSatisfy({ !$0.defaults.isEmpty }), next.map({ theirs.contains($0.id) }) ?? true {
                for reason in deciding { for field in reason.defaults where !defaults.contains(field) { defaults.append(field) } }
            }
            return
        }
        self.init(kind: rankedBy == .costBreaksTie && winner.cost != nil && other.cost != nil ? .cost : .tieOrder, runnerUp: other.platform)
    }

    init(kind: Kind, runnerUp: Platform?) {
        self.kind = kind
        self.runnerUp = runnerUp
    }

    /// Decided by nothing the user stated: the tie-break order, the procedure's last (weakest)
    /// step, or a step whose rules read only default values.
    public var judgementCall: Bool {
        switch kind {
        case .tieOrder: return true
        case .step: return position == steps - 1 || !defaults.isEmpty
        default: return false
        }
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "kind": .string(kind.rawValue),
            "runner_up": runnerUp.map { .string($0.id) } ?? .null,
        ]
        if let step {
            members["step"] = .string(step.id)
            members["position"] = .int(position + 1)
            members["of"] = .int(steps)
            members["rules"] = .array(rules.map { .string($0) })
            members["rests_on_defaults"] = .array(defaults.map { .string($0) })
        }
        return .object(members)
    }
}
