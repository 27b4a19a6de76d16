/// What one variant costs a month, as BerthCost priced it (docs/cost.md). Decisions carry it
/// in this plain form so that their outputs need not depend on BerthCost.
public struct CostSummary: Hashable, Sendable {
    /// Compute alone, USD a month (what candidates compare on); nil when not priced.
    public var monthlyUSD: Double?
    /// `monthly_usd` and `monthly_usd_total` as text (`$9.33`); nil when not priced.
    public var monthlyText: String?
    public var totalText: String?
    public var region: String
    public var pricesAsOf: String
    /// The usage fields the price needs that the profile leaves unknown.
    public var missing: [String]
    /// Why the configuration has no price at the date and region.
    public var notPriced: [String]
    /// Adjacent costs left out of the total for want of a price or of usage.
    public var gaps: [String]
    /// On the Lambda candidate: where it costs what each long-running container candidate
    /// does ("Lambda is cheaper below 31.4 M requests a month than fargate / on-demand").
    public var breakEven: [String] = []
    /// The `cost`, `cost_missing` (and `cost_not_priced`) members of a candidate's or a
    /// variant's JSON; empty in a lean decision (`Pricer.price(full: false)`).
    public var json: [String: JSONValue]

    public init(monthlyUSD: Double?, monthlyText: String?, totalText: String?, region: String, pricesAsOf: String,
                missing: [String], notPriced: [String], gaps: [String], json: [String: JSONValue]) {
        self.monthlyUSD = monthlyUSD
        self.monthlyText = monthlyText
        self.totalText = totalText
        self.region = region
        self.pricesAsOf = pricesAsOf
        self.missing = missing
        self.notPriced = notPriced
        self.gaps = gaps
        self.json = json
    }
}

/// How the candidates of a priced decision were put in order (docs/decision.md).
public enum Ranking: String, Hashable, Sendable {
    /// The talk's rules, then the tie-break order: cost changed nothing.
    case rules
    /// The rules, with a tie between priced candidates broken by monthly cost.
    case costBreaksTie = "cost_breaks_tie"
    /// `--prefer cost`: the feasible candidates by monthly cost instead of the rules.
    case cost
}

extension Decision {
    /// `ranked_by` when the decision was priced.
    var rankingJSON: [String: JSONValue] {
        rankedBy.map { ["ranked_by": .string($0.rawValue)] } ?? [:]
    }

    /// What the ranking line and the cost lines of the text say; empty when not priced.
    func rankingText(_ t: DecisionWords) -> String {
        switch rankedBy {
        case .costBreaksTie?:
            guard candidates.count > 1, let a = candidates[0].cost?.monthlyText, let b = candidates[1].cost?.monthlyText else { return "" }
            return t.costBreaksTie(candidates[1].platform.id, a, b) + "\n"
        case .cost?: return t.rankedByCost + "\n"
        case .rules?, nil: return ""
        }
    }

    /// One line per eligible candidate, the recommendation first: its best variant's cost.
    func costText(_ t: DecisionWords) -> String {
        let priced = candidates.filter { $0.eligible }.compactMap { c in c.cost.map { (c, $0) } }
        guard !priced.isEmpty else { return "" }
        var out = "\n\(t.costHeading)\n"
        for (candidate, cost) in priced {
            let name = candidate.platform.id + (candidate.variant.map { " / \($0.id)" } ?? "")
            out += "  \(name): \(t.cost(cost))\n"
            for sentence in cost.breakEven { out += "    \(sentence)\n" }
        }
        return out
    }
}

extension DecisionWords {
    var costHeading: String { ja ? "月額コスト（コンピュート、隣接コスト込み）:" : "Monthly cost (compute, with adjacent costs):" }
    func cost(_ c: CostSummary) -> String {
        if let monthly = c.monthlyText, let total = c.totalText {
            let gaps = c.gaps.joined(separator: "; ")
            if ja { return "\(monthly)、込み \(total)（\(c.region)、\(c.pricesAsOf) 時点の価格）" + (gaps.isEmpty ? "" : "、未計上: \(gaps)") }
            return "\(monthly), \(total) in all (\(c.region), prices as of \(c.pricesAsOf))" + (gaps.isEmpty ? "" : "; not counted: \(gaps)")
        }
        if !c.missing.isEmpty {
            let fields = c.missing.joined(separator: ", ")
            return ja ? "比較できません（\(fields) が不明）" : "not compared: \(fields) unknown"
        }
        let reasons = c.notPriced.joined(separator: "; ")
        return ja ? "価格がありません（\(c.region)、\(c.pricesAsOf)）: \(reasons)" : "no price (\(c.region), \(c.pricesAsOf)): \(reasons)"
    }
    func costBreaksTie(_ runnerUp: String, _ cost: String, _ runnerUpCost: String) -> String {
        ja ? "同点の \(runnerUp) より安いため選びました（月 \(cost)、\(runnerUp) は \(runnerUpCost)）"
            : "cost breaks the tie with \(runnerUp): \(cost) a month against \(runnerUpCost)"
    }
    var rankedByCost: String {
        ja ? "--prefer cost: 条件を満たす候補をルールではなく月額コストで順位付けしました"
            : "--prefer cost: the feasible candidates are ranked by monthly cost, not by the talk's rules"
    }
}
