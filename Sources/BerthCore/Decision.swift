/// What a rule does to a platform when its condition holds.
public enum Effect: Hashable, Sendable {
    /// The platform is out.
    case exclude
    /// Adds `weight` (negative to penalise) to the platform's score.
    case score(Int)

    public var name: String {
        switch self {
        case .exclude: return "exclude"
        case .score(let w): return w >= 0 ? "prefer" : "penalise"
        }
    }

    public var weight: Int? {
        if case .score(let w) = self { return w }
        return nil
    }
}

/// One rule's contribution to one platform.
public struct Reason: Hashable, Sendable {
    public var rule: String
    public var effect: Effect
    /// Rendered from the evaluation trace: the rule's title and the values it read.
    public var message: String
    public var source: String

    public init(rule: String, effect: Effect, message: String, source: String) {
        self.rule = rule
        self.effect = effect
        self.message = message
        self.source = source
    }
}

public struct Candidate: Hashable, Sendable {
    public var platform: Platform
    public var eligible: Bool
    public var score: Int
    public var reasons: [Reason]

    public init(platform: Platform, eligible: Bool, score: Int, reasons: [Reason]) {
        self.platform = platform
        self.eligible = eligible
        self.score = score
        self.reasons = reasons
    }

    /// The rules that excluded this platform, in rule order.
    public var exclusions: [Reason] { reasons.filter { $0.effect == .exclude } }
}

/// A profile value the decision relied on without the user having given it.
public struct Assumption: Hashable, Sendable {
    public var field: String
    public var value: Value
    /// `default` or `unknown`.
    public var kind: String

    public init(field: String, value: Value, kind: String) {
        self.field = field
        self.value = value
        self.kind = kind
    }
}

/// A rule whose condition could not be decided because it read an unknown value.
public struct Undecided: Hashable, Sendable {
    public var rule: String
    public var fields: [String]

    public init(rule: String, fields: [String]) {
        self.rule = rule
        self.fields = fields
    }
}

/// The outcome of deciding one profile: every way out (text, JSON, SQLite, artifacts,
/// reports) reads this.
public struct Decision: Hashable, Sendable {
    public var profile: String
    public var pack: String
    /// ISO date (YYYY-MM-DD) of the catalog values used.
    public var asOf: String
    /// The best eligible platform; nil when every platform was excluded.
    public var recommendation: Platform?
    /// Best first: eligible before excluded, then by score, then the tie-break order.
    public var candidates: [Candidate]
    public var assumptions: [Assumption]
    public var undecided: [Undecided]
    /// When nothing is eligible: the rules that excluded the platforms, by id.
    public var conflicts: [String]

    public init(profile: String, pack: String, asOf: String, recommendation: Platform?, candidates: [Candidate],
                assumptions: [Assumption], undecided: [Undecided], conflicts: [String]) {
        self.profile = profile
        self.pack = pack
        self.asOf = asOf
        self.recommendation = recommendation
        self.candidates = candidates
        self.assumptions = assumptions
        self.undecided = undecided
        self.conflicts = conflicts
    }

    public func candidate(_ platform: Platform) -> Candidate? {
        candidates.first { $0.platform == platform }
    }

    public func isEligible(_ platform: Platform) -> Bool {
        candidate(platform)?.eligible ?? false
    }
}
