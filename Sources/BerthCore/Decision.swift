/// What a rule does to a platform when its condition holds.
public enum Effect: Hashable, Sendable {
    /// The platform is out.
    case exclude
    /// The platform is preferred at the procedure step with this id (docs/decision.md).
    case prefer(step: String)

    public var name: String {
        switch self {
        case .exclude: return "exclude"
        case .prefer: return "prefer"
        }
    }

    /// The procedure step a preference belongs to; nil for an exclusion.
    public var step: String? {
        if case .prefer(let step) = self { return step }
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
    /// Profile fields the rule's condition read that nobody gave: the reason rests on their
    /// default values.
    public var defaults: [String]

    public init(rule: String, effect: Effect, message: String, source: String, defaults: [String] = []) {
        self.rule = rule
        self.effect = effect
        self.message = message
        self.source = source
        self.defaults = defaults
    }
}

/// An immutable value behind a reference, equal and hashed as the value: a cost inline
/// made every candidate and variant verdict 140 bytes larger, and each copy of one (a batch
/// copies a decision's candidates for each of a million rows) eight retains dearer.
public final class Shared<Value: Hashable & Sendable>: Hashable, Sendable {
    public let value: Value

    public init(_ value: Value) { self.value = value }

    public static func == (a: Shared, b: Shared) -> Bool { a === b || a.value == b.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// How one variant of a platform fares: excluded by the requirements it fails, unverified
/// by those whose facts are unknown at the date.
public struct VariantVerdict: Hashable, Sendable {
    public var variant: Variant
    /// No requirement excludes it.
    public var eligible: Bool
    /// Every stated requirement is positively supported by a fact at the date.
    public var verified: Bool { unverified.isEmpty }
    /// The requirements it fails (effect `exclude`).
    public var reasons: [Reason]
    /// Ids of the requirements it could not be checked against.
    public var unverified: [String]
    /// Its monthly cost when the decision was priced and it is eligible.
    public var cost: CostSummary? {
        get { sharedCost?.value }
        set { sharedCost = newValue.map(Shared.init) }
    }
    /// The same, as pricing shares it between the decisions of a batch.
    public var sharedCost: Shared<CostSummary>? = nil

    public init(variant: Variant, eligible: Bool, reasons: [Reason], unverified: [String]) {
        self.variant = variant
        self.eligible = eligible
        self.reasons = reasons
        self.unverified = unverified
    }
}

public struct Candidate: Hashable, Sendable {
    public var platform: Platform
    public var eligible: Bool
    /// Its standing in the procedure's preferences, for ordering only: one bit per step, the
    /// first step the highest, set when the candidate is preferred at that step, so a higher
    /// standing wins at the first step where two candidates differ. Never shown as a number.
    public var score: Int
    public var reasons: [Reason]
    /// The variant it would run as: the best eligible one, verified first; nil when none is.
    public var variant: Variant?
    /// Its variant's requirements are all backed by facts at the date.
    public var verified: Bool
    /// Every variant of the platform, in `Variant.allCases` order.
    public var variants: [VariantVerdict]
    /// Its variant's monthly cost when the decision was priced and it is eligible.
    public var cost: CostSummary? {
        get { sharedCost?.value }
        set { sharedCost = newValue.map(Shared.init) }
    }
    /// The same, as pricing shares it between the decisions of a batch.
    public var sharedCost: Shared<CostSummary>? = nil

    public init(platform: Platform, eligible: Bool, score: Int, reasons: [Reason], variant: Variant? = nil,
                verified: Bool = true, variants: [VariantVerdict] = []) {
        self.platform = platform
        self.eligible = eligible
        self.score = score
        self.reasons = reasons
        self.variant = variant
        self.verified = verified
        self.variants = variants
    }

    /// Why this platform is out: the rules that excluded it, in rule order; when no rule did,
    /// the requirements its variants failed (each once).
    public var exclusions: [Reason] {
        var out = reasons.filter { $0.effect == .exclude }
        guard out.isEmpty, !eligible, !variants.contains(where: \.eligible) else { return out }
        for verdict in variants {
            for reason in verdict.reasons where !out.contains(where: { $0.rule == reason.rule }) { out.append(reason) }
        }
        return out
    }
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
    /// The platforms the rule would act on (every one for a requirement).
    public var platforms: [Platform]

    public init(rule: String, fields: [String], platforms: [Platform] = Platform.allCases) {
        self.rule = rule
        self.fields = fields
        self.platforms = platforms
    }
}

/// A requirement the profile states that the recommended variant meets, with the values its
/// condition read and their sources: what the recommendation rests on.
public struct MetRequirement: Hashable, Sendable {
    public var rule: String
    public var message: String
    public var source: String

    public init(rule: String, message: String, source: String) {
        self.rule = rule
        self.message = message
        self.source = source
    }
}

/// A limit or a missing capability of the recommended variant at the date, from the catalog:
/// what the team accepts with it (`fargate_on_demand.windows_max_vcpu = 4`, `gpu = false`).
public struct Caveat: Hashable, Sendable {
    /// The catalog key, `PREFIX.capability`.
    public var fact: String
    public var value: Value
    public var since: String?
    public var source: String

    public init(fact: String, value: Value, since: String?, source: String) {
        self.fact = fact
        self.value = value
        self.since = since
        self.source = source
    }

    /// The capability name without the variant's prefix.
    public var capability: String { String(fact.split(separator: ".", maxSplits: 1).last ?? "") }
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
    /// The recommendation's variant.
    public var variant: Variant? { recommendation.flatMap { candidate($0)?.variant } }
    /// Requirements of the recommendation that no fact at the date confirms.
    public var unverified: [String] {
        guard let variant, let verdict = recommendation.flatMap({ candidate($0) })?.variants.first(where: { $0.variant == variant }) else { return [] }
        return verdict.unverified
    }
    /// True when nothing the user stated separates the recommendation from the runner-up: the
    /// tie-break order decided, or only the procedure's last step, or only default values.
    public var judgementCall: Bool { separation.judgementCall }
    /// What separates the recommendation from the runner-up (docs/decision.md).
    public var separation: Separation {
        Separation(between: candidates, procedure: procedure, rankedBy: rankedBy)
    }
    /// The ordered preferences of the pack that decided (empty when it has none).
    public var procedure: [ProcedureStep] = []
    /// The requirements the recommended variant meets, and its limits and missing
    /// capabilities at the date (empty in lean decisions).
    public var met: [MetRequirement] = []
    public var caveats: [Caveat] = []
    /// Best first: eligible before excluded, verified before unverified, then the procedure's
    /// preferences step by step, then cost when priced, then the tie-break order.
    public var candidates: [Candidate]
    public var assumptions: [Assumption]
    public var undecided: [Undecided]
    /// When nothing is eligible: the rules and requirements that excluded the platforms and
    /// their variants, by id.
    public var conflicts: [String]
    /// How the candidates were ordered once priced (BerthCost's `Pricer`); nil: not priced.
    public var rankedBy: Ranking? = nil

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

    /// A preference's step as a number, 1 for the procedure's first step (how runs store and
    /// reports show it); nil for an exclusion.
    public func stepNumber(of effect: Effect) -> Int? {
        effect.step.map { step in (procedure.firstIndex { $0.id == step } ?? procedure.count) + 1 }
    }

    public func candidate(_ platform: Platform) -> Candidate? {
        candidates.first { $0.platform == platform }
    }

    public func isEligible(_ platform: Platform) -> Bool {
        candidate(platform)?.eligible ?? false
    }
}
