import BerthCore
import BerthStore

/// Everything a report shows, as plain data: built from the store by `ReportBuilder`,
/// rendered by `MarkdownReport` and `HTMLReport`. Nothing here prints or reads files, so
/// tests can build one, fix its timestamps and compare renderings.
///
/// A run of up to `ReportBuilder.aggregateAbove` services holds each one (`services`); a
/// larger one is `aggregated`: `services` is empty and the report shows its services by
/// outcome and by label (`outcomeGroups`, `labelGroups`), each group naming its first
/// services. The figures are the same either way, summed as the decisions streamed by.
public struct ReportModel: Sendable {
    public var run: RunRecord
    /// When the report was generated (ISO 8601 UTC); injected for reproducible output.
    public var generatedAt: String
    public var pack: PackInfo
    /// Decided services in input order; empty when `aggregated`.
    public var services: [ServiceEntry]
    /// True when the run has more services than a report lists one by one (`aggregateAbove`).
    public var aggregated: Bool
    /// The most services the report would list one by one (`ReportBuilder.build`).
    public var aggregateAbove: Int
    /// The summary's figures over every decided service.
    public var figures: ReportFigures
    /// Services sharing a recommendation, its variant and which rules excluded which
    /// platforms, the largest first.
    public var outcomeGroups: [OutcomeGroup]
    /// Services by the value of `costLabel` (one group for those without it), the largest first.
    public var labelGroups: [LabelGroup]
    /// Rows of the run that were not decided: all of them, or the first
    /// `ReportBuilder.listedAtMost` of an aggregated report (`rejectedCount` says how many).
    public var rejected: [RejectedRowRecord]
    public var rejectedCount: Int
    /// What changed since the previous complete run of the same database; nil when there is none.
    public var changes: RunDiff?
    /// Every rule that fired on some service (excluding or scoring), in pack order.
    public var firedRules: [FiredRule]

    /// The label costs are totalled and services grouped by, when services carry it.
    public static let costLabel = "team"

    /// How many rows of a list (groups, changes, rows not decided) the report shows: all of
    /// them, or `ReportBuilder.listedAtMost` in an aggregated report.
    var listLimit: Int { aggregated ? ReportBuilder.listedAtMost : Int.max }
}

/// The summary's figures (`ReportModel.figures`), summed over every decided service.
public struct ReportFigures: Sendable {
    /// Services decided.
    public var decided = 0
    /// Services recommended per platform (`nil`: nothing eligible), every platform present.
    public var recommendationCounts: [(platform: Platform?, count: Int)] = []
    /// Services each platform could host (eligible, recommended or not).
    public var eligibleCounts: [(platform: Platform, count: Int)] = []
    /// How often each rule excluded each platform, most frequent first (ties by rule, platform).
    public var exclusionCounts: [(rule: String, platform: Platform, count: Int)] = []
    /// Fields the decisions relied on without them being given, with how many services did so.
    public var assumptionTotals: [AssumptionTotal] = []
    /// Answers taken as defaults, and answers unknown, over all services.
    public var assumedAnswers: (defaults: Int, unknowns: Int, services: Int) = (0, 0, 0)
    /// Services with an answer the rules needed and nobody gave (no default).
    public var withUnknowns = 0
    /// False when the run was stored before assumptions were (database migration v4): the
    /// report then says they were not recorded, rather than deciding again.
    public var assumptionsRecorded = true
    /// Services each follow-up applies to, in `FollowUpKind` order.
    public var followUpCounts: [(kind: FollowUpKind, count: Int)] = []
    /// The stored monthly costs of the recommendations: their total, by platform, by the
    /// `costLabel` label, and the largest; nil when no service was priced.
    public var costs: CostFigures?
    /// What the talk's choices cost against the cheapest feasible platform for every service
    /// (what `--prefer cost` would choose), over the services whose every feasible platform
    /// is priced; nil when no service is.
    public var preferCostSaving: CostSaving?
    /// Services whose recommendation was a judgement call (as recorded).
    public var judgementCalls = NameSample()
    /// Services whose recommendation rests on requirements no fact confirms.
    public var unverifiedServices = NameSample()
    /// Services where no platform is eligible.
    public var undecidable = NameSample()
}

/// How many services are in a list, and the first of them by name, in input order.
public struct NameSample: Sendable, Equatable {
    public var count = 0
    public var names: [String] = []
    /// Every name, when the list keeps them all (a group of an aggregated report, whose page
    /// lists them a page at a time): JSON strings separated by commas, escaped for an inert
    /// script element (`JSONWriter`), some 20 bytes a service where `String`s take 50.
    public var everyNameJSON: [UInt8] = []

    /// Counts a service in, keeping its name while fewer than `kept` are (and in
    /// `everyNameJSON` when `keepingEvery`).
    mutating func add(_ name: String, kept: Int, keepingEvery: Bool = false) {
        count += 1
        if names.count < kept { names.append(name) }
        guard keepingEvery else { return }
        var writer = JSONWriter(capacity: 0)
        swap(&writer.bytes, &everyNameJSON)
        if count > 1 { writer.byte(0x2C) }
        writer.string(name)
        swap(&writer.bytes, &everyNameJSON)
    }
}

/// Services that share an outcome as a report tells outcomes apart: the recommendation,
/// its variant, and which rules excluded which platforms (stored outcomes that differ only
/// in scores, preferences, costs or checks fall into one group).
public struct OutcomeGroup: Sendable, Equatable {
    public var recommendation: Platform?
    public var variant: Variant?
    /// The rules that excluded each platform, in the order they fired; nil where eligible.
    public var exclusions: PlatformMap<[String]?>
    public var services = NameSample()
    /// Services whose recommendation is priced, and their monthly cost.
    public var priced = 0
    public var monthlyUSD = 0.0
}

/// Services with one value of `ReportModel.costLabel` (`value` nil: without the label).
public struct LabelGroup: Sendable, Equatable {
    public var value: String?
    public var services = NameSample()
    /// Services recommended per platform, and those with nothing eligible.
    public var recommended = PlatformMap(repeating: 0)
    public var none = 0
    public var priced = 0
    public var monthlyUSD = 0.0
}

/// The rule pack a run was decided with, as far as it can be loaded now.
public struct PackInfo: Sendable, Equatable {
    /// As recorded with the run (`current`, `talk-2018`, or a rules folder).
    public var name: String
    /// The pack's title when it could be loaded.
    public var title: String?
    /// Its Japanese title (`title_ja`), when it has one.
    public var titleJA: String?
    /// Why the pack could not be loaded (rule titles and sources then fall back to rule ids).
    public var problem: String?

    public init(name: String, title: String?, titleJA: String? = nil, problem: String?) {
        self.name = name
        self.title = title
        self.titleJA = titleJA
        self.problem = problem
    }

    public var loaded: Bool { problem == nil }
}

/// The run's stored monthly costs, summed (`ReportFigures.costs`).
public struct CostFigures: Sendable {
    public static let largestShown = 10
    public var total = 0.0
    /// Services with a priced recommendation.
    public var priced = 0
    public var byPlatform: [(platform: Platform, usd: Double, services: Int)] = []
    /// By the value of `ReportModel.costLabel`, the most expensive first.
    public var byLabel: [(value: String, usd: Double, services: Int)] = []
    public var largest: [(name: String, platform: Platform?, usd: Double)] = []
}

/// The talk's choices against the cheapest feasible platforms (`ReportFigures.preferCostSaving`).
public struct CostSaving: Sendable, Equatable {
    public static let largestShown = 10

    /// A service whose cheapest feasible platform is not the talk's choice.
    public struct Move: Sendable, Equatable {
        public var name: String
        public var talk: Platform
        public var talkUSD: Double
        public var cheapest: Platform
        public var cheapestUSD: Double
        public var saving: Double { talkUSD - cheapestUSD }
    }

    /// Services compared: recommended, and every feasible platform priced.
    public var comparable = 0
    /// Recommended services with some feasible platform not priced.
    public var notComparable = 0
    public var talkUSD = 0.0
    public var cheapestUSD = 0.0
    public var saving: Double { talkUSD - cheapestUSD }
    /// Services where the two differ, and the largest savings among them.
    public var differing = 0
    public var largest: [Move] = []
}

/// One decided service.
public struct ServiceEntry: Sendable, Equatable {
    public var name: String
    public var description: String
    /// Labels sorted by key.
    public var labels: [Label]
    /// Line of the row in the input.
    public var line: Int?
    public var recommendation: Platform?
    /// One per platform, in `Platform.allCases` order.
    public var verdicts: [Verdict]
    /// Answers the decision relied on that were not given.
    public var assumptions: [AssumptionEntry]
    /// Rules that could not be decided because they read an unknown value.
    public var undecided: [UndecidedEntry]
    public var followUps: [FollowUp]
    /// A one-line digest of the shape of the workload (`linux/x86_64 · 0.5 vCPU · 1024 MiB · http · alb`).
    public var shape: String
    /// The recommendation's monthly compute cost as the run stored it; nil when not priced.
    public var monthlyUSD: Double? = nil
    /// False for a run stored before assumptions were (`assumptions` is then empty).
    public var assumptionsRecorded = true
    /// Nothing stated separated the recommendation from the runner-up; nil: not recorded.
    public var judgementCall: Bool? = nil
    /// The recommendation's requirements no catalog fact confirmed (nil: not recorded).
    public var unverified: [String]? = nil

    public init(name: String, description: String, labels: [Label], line: Int?, recommendation: Platform?, verdicts: [Verdict],
                assumptions: [AssumptionEntry], undecided: [UndecidedEntry], followUps: [FollowUp], shape: String,
                monthlyUSD: Double? = nil) {
        self.name = name
        self.description = description
        self.labels = labels
        self.line = line
        self.recommendation = recommendation
        self.verdicts = verdicts
        self.assumptions = assumptions
        self.undecided = undecided
        self.followUps = followUps
        self.shape = shape
        self.monthlyUSD = monthlyUSD
    }

    public func verdict(_ platform: Platform) -> Verdict { verdicts[platform.order] }
}

public struct Label: Sendable, Equatable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// What the rules did to one platform for one service.
public struct Verdict: Sendable, Equatable {
    public var platform: Platform
    public var eligible: Bool
    public var score: Int
    /// Rules that excluded the platform (empty when eligible).
    public var exclusions: [RuleMention]
    /// Scoring rules that fired for the platform, with their weight.
    public var scoring: [RuleMention]
    /// Its best variant's monthly compute cost as stored; nil when not priced (or excluded).
    public var monthlyUSD: Double?

    public init(platform: Platform, eligible: Bool, score: Int, exclusions: [RuleMention], scoring: [RuleMention], monthlyUSD: Double? = nil) {
        self.platform = platform
        self.eligible = eligible
        self.score = score
        self.exclusions = exclusions
        self.scoring = scoring
        self.monthlyUSD = monthlyUSD
    }
}

/// A rule as it fired on one service.
public struct RuleMention: Sendable, Equatable {
    public var id: String
    /// The rule's title and the values its condition read, from the pack; the id when the
    /// pack is not available.
    public var message: String
    /// The same with the rule's Japanese title; nil when the rule has none.
    public var messageJA: String?
    /// The scoring weight; nil for an exclusion.
    public var weight: Int?

    public init(id: String, message: String, messageJA: String? = nil, weight: Int?) {
        self.id = id
        self.message = message
        self.messageJA = messageJA
        self.weight = weight
    }
}

public enum AssumptionKind: String, Sendable, Equatable {
    /// The field's default was used.
    case defaulted = "default"
    /// The field has no default and was not given.
    case unknown
}

public struct AssumptionEntry: Sendable, Equatable {
    public var field: String
    /// The value used, as a profile would write it (`unknown` for unknowns).
    public var value: String
    public var kind: AssumptionKind

    public init(field: String, value: String, kind: AssumptionKind) {
        self.field = field
        self.value = value
        self.kind = kind
    }
}

public struct AssumptionTotal: Sendable, Equatable {
    public var field: String
    public var kind: AssumptionKind
    public var value: String
    public var services: Int
}

public struct UndecidedEntry: Sendable, Equatable {
    public var rule: String
    /// The unknown fields it read.
    public var fields: [String]

    public init(rule: String, fields: [String]) {
        self.rule = rule
        self.fields = fields
    }
}

/// A rule that fired in the run, for the appendix.
public struct FiredRule: Sendable, Equatable {
    public var id: String
    /// From the pack; nil when the pack (or this rule) is not available.
    public var title: String?
    public var rationale: String?
    /// The Japanese title and rationale (`ja:`); nil when the rule has none (each falls back to English).
    public var titleJA: String?
    public var rationaleJA: String?
    /// The talk's section, the rule's citations and the catalog values it read (`Engine.source`).
    public var source: String?
    /// What the rule does: `exclude fargate`, `lambda +2`.
    public var effect: String?
    /// Services it fired on.
    public var services: Int

    public init(id: String, title: String?, rationale: String?, titleJA: String? = nil, rationaleJA: String? = nil,
                source: String?, effect: String?, services: Int) {
        self.id = id
        self.title = title
        self.rationale = rationale
        self.titleJA = titleJA
        self.rationaleJA = rationaleJA
        self.source = source
        self.effect = effect
        self.services = services
    }
}
