import BerthCore
import BerthStore

/// The report's figures and groups, summed as a run's decisions stream by. What a row shares
/// with other rows (its stored outcome, its set of assumptions, the follow-ups its profile
/// calls for, its label) is interned once and each row only counts: a million rows cost a
/// few additions each, and memory grows with the distinct outcomes, assumption sets and
/// label values, not with the services. Costs are added row by row in input order, so the
/// sums are the same, to the last bit, however the run is reported.
struct Tally {
    /// Names kept per group (the first, in input order).
    let namesPerGroup: Int

    /// What a stored outcome means to the tally, derived once per outcome (`outcome(_:verdicts:)`).
    struct Outcome {
        fileprivate var recommendation: Platform?
        fileprivate var group: Int
        /// Interned ids of the rules that fired (excluding or preferring), each once.
        fileprivate var fired: [Int]
        fileprivate var monthlyUSD: Double?
        fileprivate var judgementCall: Bool
        fileprivate var unverified: Bool
        fileprivate var saving: Saving
    }

    /// A recommendation against the cheapest feasible platform (`CostSaving`).
    fileprivate enum Saving {
        case notRecommended
        /// Some feasible platform, or the recommendation, is not priced.
        case notComparable
        case comparable(talk: Platform, talkUSD: Double, cheapest: Platform, cheapestUSD: Double)
    }

    private struct GroupKey: Hashable {
        var recommendation: Platform?
        var variant: Variant?
        var exclusions: PlatformMap<[String]?>
    }

    private var groups: [OutcomeGroup] = []
    private var groupIndex: [GroupKey: Int] = [:]
    private var labels: [LabelGroup] = []
    private var labelIndex: [String?: Int] = [:]
    private var ruleIDs: [String] = []
    private var ruleIndex: [String: Int] = [:]
    private var firedCounts: [Int] = []
    /// Assumption sets (nil: not recorded) and follow-up sets, with the rows of each.
    private var assumptionSets: [(entries: [AssumptionEntry]?, rows: Int)] = []
    private var followUpSets: [(kinds: [FollowUpKind], rows: Int)] = []
    private var followUpIndex: [[FollowUpKind]: Int] = [:]

    private var decided = 0
    private var costs = CostFigures()
    private var costByPlatform = PlatformMap(repeating: (usd: 0.0, services: 0))
    private var saving = CostSaving()
    private var judgementCalls = NameSample()
    private var unverifiedServices = NameSample()
    private var undecidable = NameSample()

    init(namesPerGroup: Int) { self.namesPerGroup = namesPerGroup }

    // MARK: Interning

    /// A stored outcome (`SharedDecisionParts.outcome`) with its verdicts (rule mentions by id).
    mutating func outcome(_ d: StoredDecision, verdicts: [Verdict]) -> Outcome {
        let key = GroupKey(recommendation: d.recommendation, variant: d.variant,
                           exclusions: PlatformMap { p in verdicts[p.order].eligible ? nil : verdicts[p.order].exclusions.map(\.id) })
        let group: Int
        if let known = groupIndex[key] {
            group = known
        } else {
            group = groups.count
            groups.append(OutcomeGroup(recommendation: key.recommendation, variant: key.variant, exclusions: key.exclusions))
            groupIndex[key] = group
        }
        var fired: [Int] = []
        for v in verdicts {
            for r in v.exclusions + v.scoring {
                let i = rule(r.id)
                if !fired.contains(i) { fired.append(i) }
            }
        }
        return Outcome(recommendation: d.recommendation, group: group, fired: fired, monthlyUSD: d.monthlyUSD,
                       judgementCall: d.judgementCall == true, unverified: !(d.unverified ?? []).isEmpty,
                       saving: Self.saving(d.recommendation, verdicts))
    }

    private mutating func rule(_ id: String) -> Int {
        if let i = ruleIndex[id] { return i }
        ruleIDs.append(id)
        firedCounts.append(0)
        ruleIndex[id] = ruleIDs.count - 1
        return ruleIDs.count - 1
    }

    /// The talk's choice stays when it is among the cheapest (a stable ranking by cost).
    private static func saving(_ recommendation: Platform?, _ verdicts: [Verdict]) -> Saving {
        guard let talk = recommendation else { return .notRecommended }
        let feasible = verdicts.filter(\.eligible)
        guard let talkUSD = verdicts[talk.order].monthlyUSD, feasible.allSatisfy({ $0.monthlyUSD != nil }) else { return .notComparable }
        var cheapest = (platform: talk, usd: talkUSD)
        for v in feasible where (v.monthlyUSD ?? .infinity) < cheapest.usd { cheapest = (v.platform, v.monthlyUSD ?? 0) }
        return .comparable(talk: talk, talkUSD: talkUSD, cheapest: cheapest.platform, cheapestUSD: cheapest.usd)
    }

    /// A distinct set of assumptions; nil for a run stored before they were recorded.
    mutating func assumptionSet(_ entries: [AssumptionEntry]?) -> Int {
        assumptionSets.append((entries, 0))
        return assumptionSets.count - 1
    }

    mutating func followUps(_ kinds: [FollowUpKind]) -> Int {
        if let i = followUpIndex[kinds] { return i }
        followUpSets.append((kinds, 0))
        followUpIndex[kinds] = followUpSets.count - 1
        return followUpSets.count - 1
    }

    /// The group of a value of `ReportModel.costLabel` (nil: services without it).
    mutating func label(_ value: String?) -> Int {
        if let i = labelIndex[value] { return i }
        labels.append(LabelGroup(value: value))
        labelIndex[value] = labels.count - 1
        return labels.count - 1
    }

    // MARK: Rows

    mutating func add(name: String, outcome o: Outcome, assumptions: Int, followUps: Int, label: Int) {
        decided += 1
        groups[o.group].services.add(name, kept: namesPerGroup, keepingEvery: true)
        labels[label].services.add(name, kept: namesPerGroup, keepingEvery: true)
        if let p = o.recommendation {
            labels[label].recommended[p] += 1
        } else {
            labels[label].none += 1
            undecidable.add(name, kept: Glance.namesShown)
        }
        for i in o.fired { firedCounts[i] += 1 }
        if o.judgementCall { judgementCalls.add(name, kept: Glance.namesShown) }
        if o.unverified { unverifiedServices.add(name, kept: Glance.namesShown) }
        assumptionSets[assumptions].rows += 1
        followUpSets[followUps].rows += 1

        if let usd = o.monthlyUSD, let p = o.recommendation {
            costs.total += usd
            costs.priced += 1
            costByPlatform[p].usd += usd
            costByPlatform[p].services += 1
            groups[o.group].priced += 1
            groups[o.group].monthlyUSD += usd
            labels[label].priced += 1
            labels[label].monthlyUSD += usd
        }
        if let usd = o.monthlyUSD {
            Self.keep((name: name, platform: o.recommendation, usd: usd), in: &costs.largest, CostFigures.largestShown) { a, b in
                a.usd != b.usd ? a.usd > b.usd : a.name < b.name
            }
        }
        switch o.saving {
        case .notRecommended:
            break
        case .notComparable:
            saving.notComparable += 1
        case .comparable(let talk, let talkUSD, let cheapest, let cheapestUSD):
            saving.comparable += 1
            saving.talkUSD += talkUSD
            saving.cheapestUSD += cheapestUSD
            if cheapest != talk {
                saving.differing += 1
                let move = CostSaving.Move(name: name, talk: talk, talkUSD: talkUSD, cheapest: cheapest, cheapestUSD: cheapestUSD)
                Self.keep(move, in: &saving.largest, CostSaving.largestShown) { a, b in a.saving != b.saving ? a.saving > b.saving : a.name < b.name }
            }
        }
    }

    /// Keeps `list` the first `count` items in `precedes` order, as sorting them all would.
    private static func keep<T>(_ item: T, in list: inout [T], _ count: Int, _ precedes: (T, T) -> Bool) {
        if list.count == count, let last = list.last, !precedes(item, last) { return }
        let i = list.firstIndex { precedes(item, $0) } ?? list.count
        list.insert(item, at: i)
        if list.count > count { list.removeLast() }
    }

    // MARK: Results

    var figures: ReportFigures {
        var f = ReportFigures()
        f.decided = decided
        var recommended = PlatformMap(repeating: 0), none = 0
        var eligible = PlatformMap(repeating: 0)
        var exclusions: [String: PlatformMap<Int>] = [:]
        for g in groups {
            let n = g.services.count
            if let p = g.recommendation { recommended[p] += n } else { none += n }
            for (p, rules) in g.exclusions.entries {
                guard let rules else { eligible[p] += n; continue }
                for r in rules { exclusions[r, default: PlatformMap(repeating: 0)][p] += n }
            }
        }
        f.recommendationCounts = recommended.entries.map { (Optional($0.0), $0.1) } + [(nil, none)]
        f.eligibleCounts = eligible.entries.map { ($0.0, $0.1) }
        var excluded: [(String, Platform, Int)] = []
        for (rule, perPlatform) in exclusions {
            for (p, count) in perPlatform.entries where count > 0 { excluded.append((rule, p, count)) }
        }
        f.exclusionCounts = excluded.sorted { a, b in a.2 != b.2 ? a.2 > b.2 : (a.0 != b.0 ? a.0 < b.0 : a.1 < b.1) }
            .map { (rule: $0.0, platform: $0.1, count: $0.2) }

        // Assumptions per set, then by field, in the order they first occur.
        var totals: [String: AssumptionTotal] = [:]
        var order: [String] = []
        var defaults = 0, unknowns = 0, affected = 0
        for (entries, rows) in assumptionSets where rows > 0 {
            guard let entries else { f.assumptionsRecorded = false; continue }
            if !entries.isEmpty { affected += rows }
            if entries.contains(where: { $0.kind == .unknown }) { f.withUnknowns += rows }
            for a in entries {
                if a.kind == .unknown { unknowns += rows } else { defaults += rows }
                let key = a.field + "\u{0}" + a.kind.rawValue + "\u{0}" + a.value
                if totals[key] == nil {
                    totals[key] = AssumptionTotal(field: a.field, kind: a.kind, value: a.value, services: 0)
                    order.append(key)
                }
                totals[key]?.services += rows
            }
        }
        f.assumedAnswers = (defaults, unknowns, affected)
        f.assumptionTotals = order.compactMap { totals[$0] }.sorted { a, b in
            a.services != b.services ? a.services > b.services : (a.field != b.field ? a.field < b.field : a.value < b.value)
        }

        var followUps: [FollowUpKind: Int] = [:]
        for (kinds, rows) in followUpSets { for k in kinds { followUps[k, default: 0] += rows } }
        f.followUpCounts = FollowUpKind.allCases.compactMap { k in followUps[k].map { (k, $0) } }

        if costs.priced > 0 {
            var c = costs
            c.byPlatform = costByPlatform.entries.filter { $0.1.services > 0 }.map { (platform: $0.0, usd: $0.1.usd, services: $0.1.services) }
            c.byLabel = labels.compactMap { g in g.value.flatMap { g.priced > 0 ? (value: $0, usd: g.monthlyUSD, services: g.priced) : nil } }
                .sorted { $0.usd != $1.usd ? $0.usd > $1.usd : $0.value < $1.value }
            f.costs = c
        }
        if saving.comparable > 0 { f.preferCostSaving = saving }
        f.judgementCalls = judgementCalls
        f.unverifiedServices = unverifiedServices
        f.undecidable = undecidable
        return f
    }

    /// The outcome groups, the largest first (ties in the order they first occur).
    var outcomeGroups: [OutcomeGroup] {
        groups.enumerated().sorted { a, b in
            a.element.services.count != b.element.services.count ? a.element.services.count > b.element.services.count : a.offset < b.offset
        }.map(\.element)
    }

    /// The label groups, the largest first (ties by value, services without the label last).
    var labelGroups: [LabelGroup] {
        labels.sorted { a, b in
            if a.services.count != b.services.count { return a.services.count > b.services.count }
            switch (a.value, b.value) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            default: return false
            }
        }
    }

    /// How many services each rule fired on.
    var fired: [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(ruleIDs, firedCounts).filter { $0.1 > 0 })
    }
}
