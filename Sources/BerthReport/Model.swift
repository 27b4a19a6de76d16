import BerthCore
import BerthStore

/// Everything a report shows, as plain data: built from the store by `ReportBuilder`,
/// rendered by `MarkdownReport` and `HTMLReport`. Nothing here prints or reads files, so
/// tests can build one, fix its timestamps and compare renderings.
public struct ReportModel: Sendable {
    public var run: RunRecord
    /// When the report was generated (ISO 8601 UTC); injected for reproducible output.
    public var generatedAt: String
    public var pack: PackInfo
    /// Decided services in input order.
    public var services: [ServiceEntry]
    /// Rows of the run that were not decided.
    public var rejected: [RejectedRowRecord]
    /// What changed since the previous complete run of the same database; nil when there is none.
    public var changes: RunDiff?
    /// Every rule that fired on some service (excluding or scoring), in pack order.
    public var firedRules: [FiredRule]
    /// False when the run was stored before assumptions were (database migration v4): the
    /// report then says they were not recorded, rather than deciding again.
    public var assumptionsRecorded: Bool

    public init(run: RunRecord, generatedAt: String, pack: PackInfo, services: [ServiceEntry], rejected: [RejectedRowRecord],
                changes: RunDiff?, firedRules: [FiredRule], assumptionsRecorded: Bool = true) {
        self.run = run
        self.generatedAt = generatedAt
        self.pack = pack
        self.services = services
        self.rejected = rejected
        self.changes = changes
        self.firedRules = firedRules
        self.assumptionsRecorded = assumptionsRecorded
    }

    // MARK: Summary figures (computed from `services`)

    /// The label costs are also totalled by, when services carry it.
    public static let costLabel = "team"

    /// The stored monthly costs of the recommendations: their total, by platform, by the
    /// `costLabel` label, and the largest; nil when no service was priced.
    public var costs: CostFigures? {
        var figures = CostFigures()
        var byPlatform = PlatformMap(repeating: (usd: 0.0, services: 0))
        var byLabel: [String: (usd: Double, services: Int)] = [:]
        for s in services {
            guard let usd = s.monthlyUSD, let p = s.recommendation else { continue }
            figures.total += usd
            figures.priced += 1
            byPlatform[p].usd += usd
            byPlatform[p].services += 1
            if let value = s.labels.first(where: { $0.key == Self.costLabel })?.value {
                byLabel[value, default: (0, 0)].usd += usd
                byLabel[value, default: (0, 0)].services += 1
            }
        }
        guard figures.priced > 0 else { return nil }
        figures.byPlatform = byPlatform.entries.filter { $0.1.services > 0 }.map { (platform: $0.0, usd: $0.1.usd, services: $0.1.services) }
        figures.byLabel = byLabel.map { (value: $0.key, usd: $0.value.usd, services: $0.value.services) }
            .sorted { $0.usd != $1.usd ? $0.usd > $1.usd : $0.value < $1.value }
        figures.largest = services.filter { $0.monthlyUSD != nil }
            .sorted { ($0.monthlyUSD ?? 0) != ($1.monthlyUSD ?? 0) ? ($0.monthlyUSD ?? 0) > ($1.monthlyUSD ?? 0) : $0.name < $1.name }
            .prefix(CostFigures.largestShown).map { (name: $0.name, platform: $0.recommendation, usd: $0.monthlyUSD ?? 0) }
        return figures
    }

    /// What the talk's choices cost against the cheapest feasible platform for every service
    /// (what `--prefer cost` would choose), over the services whose every feasible platform
    /// is priced; nil when no service is.
    public var preferCostSaving: CostSaving? {
        var saving = CostSaving()
        var moves: [CostSaving.Move] = []
        for s in services {
            guard let talk = s.recommendation else { continue }
            let feasible = s.verdicts.filter(\.eligible)
            guard let talkUSD = s.verdict(talk).monthlyUSD, feasible.allSatisfy({ $0.monthlyUSD != nil }) else {
                saving.notComparable += 1
                continue
            }
            // The talk's choice stays when it is among the cheapest (a stable ranking by cost).
            var cheapest = (platform: talk, usd: talkUSD)
            for v in feasible where (v.monthlyUSD ?? .infinity) < cheapest.usd { cheapest = (v.platform, v.monthlyUSD ?? 0) }
            saving.comparable += 1
            saving.talkUSD += talkUSD
            saving.cheapestUSD += cheapest.usd
            if cheapest.platform != talk {
                moves.append(CostSaving.Move(name: s.name, talk: talk, talkUSD: talkUSD, cheapest: cheapest.platform, cheapestUSD: cheapest.usd))
            }
        }
        guard saving.comparable > 0 else { return nil }
        saving.differing = moves.count
        saving.largest = Array(moves.sorted { a, b in a.saving != b.saving ? a.saving > b.saving : a.name < b.name }.prefix(CostSaving.largestShown))
        return saving
    }

    /// Services whose recommendation was a judgement call (as recorded), in input order.
    public var judgementCalls: [String] { services.filter { $0.judgementCall == true }.map(\.name) }
    /// Services whose recommendation rests on requirements no fact confirms, in input order.
    public var unverifiedServices: [String] { services.filter { !($0.unverified ?? []).isEmpty }.map(\.name) }
    /// Services where no platform is eligible.
    public var undecidable: [String] { services.filter { $0.recommendation == nil }.map(\.name) }
    /// Services with an answer the rules needed and nobody gave (no default).
    public var withUnknowns: [String] { services.filter { $0.assumptions.contains { $0.kind == .unknown } }.map(\.name) }

    /// Services recommended per platform (`nil`: nothing eligible), every platform present.
    public var recommendationCounts: [(platform: Platform?, count: Int)] {
        var counts = PlatformMap(repeating: 0)
        var none = 0
        for s in services {
            if let p = s.recommendation { counts[p] += 1 } else { none += 1 }
        }
        return counts.entries.map { (Optional($0.0), $0.1) } + [(nil, none)]
    }

    /// Services each platform could host (eligible, recommended or not).
    public var eligibleCounts: [(platform: Platform, count: Int)] {
        var counts = PlatformMap(repeating: 0)
        for s in services {
            for v in s.verdicts where v.eligible { counts[v.platform] += 1 }
        }
        return counts.entries.map { ($0.0, $0.1) }
    }

    /// How often each rule excluded each platform, most frequent first (ties by rule, platform).
    public var exclusionCounts: [(rule: String, platform: Platform, count: Int)] {
        var counts: [String: PlatformMap<Int>] = [:]
        for s in services {
            for v in s.verdicts {
                for r in v.exclusions { counts[r.id, default: PlatformMap(repeating: 0)][v.platform] += 1 }
            }
        }
        var out: [(String, Platform, Int)] = []
        for (rule, perPlatform) in counts {
            for (p, count) in perPlatform.entries where count > 0 { out.append((rule, p, count)) }
        }
        return out.sorted { a, b in a.2 != b.2 ? a.2 > b.2 : (a.0 != b.0 ? a.0 < b.0 : a.1 < b.1) }
            .map { (rule: $0.0, platform: $0.1, count: $0.2) }
    }

    /// Fields the decisions relied on without them being given, with how many services did so.
    public var assumptionTotals: [AssumptionTotal] {
        var byKey: [String: AssumptionTotal] = [:]
        var order: [String] = []
        for s in services {
            for a in s.assumptions {
                let key = a.field + "\u{0}" + a.kind.rawValue + "\u{0}" + a.value
                if byKey[key] == nil {
                    byKey[key] = AssumptionTotal(field: a.field, kind: a.kind, value: a.value, services: 0)
                    order.append(key)
                }
                byKey[key]?.services += 1
            }
        }
        return order.compactMap { byKey[$0] }.sorted { a, b in
            a.services != b.services ? a.services > b.services : (a.field != b.field ? a.field < b.field : a.value < b.value)
        }
    }

    /// Answers taken as defaults, and answers unknown, over all services.
    public var assumedAnswers: (defaults: Int, unknowns: Int, services: Int) {
        var defaults = 0, unknowns = 0, affected = 0
        for s in services {
            if !s.assumptions.isEmpty { affected += 1 }
            for a in s.assumptions {
                if a.kind == .unknown { unknowns += 1 } else { defaults += 1 }
            }
        }
        return (defaults, unknowns, affected)
    }

    /// Services each follow-up applies to, in `FollowUpKind` order.
    public var followUpCounts: [(kind: FollowUpKind, count: Int)] {
        var counts: [FollowUpKind: Int] = [:]
        for s in services { for f in s.followUps { counts[f.kind, default: 0] += 1 } }
        return FollowUpKind.allCases.compactMap { k in counts[k].map { (k, $0) } }
    }
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

/// One decided service.
/// The run's stored monthly costs, summed (`ReportModel.costs`).
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

/// The talk's choices against the cheapest feasible platforms (`ReportModel.preferCostSaving`).
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
