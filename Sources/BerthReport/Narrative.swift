import BerthCore

/// The sentences both formats say about one service, as plain (unescaped) text.
struct Narrative {
    struct Item {
        var text: String
        /// Rule ids mentioned, for linking.
        var rules: [RuleMention] = []
    }

    /// Why the recommendation: the procedure's preferences behind it (docs/decision.md).
    static func why(_ s: ServiceEntry, _ t: Strings) -> [Item] {
        guard let rec = s.recommendation else { return [Item(text: t.nothingEligibleWhy)] }
        let v = s.verdict(rec)
        var items = [Item(text: t.recommendedBecause)]
        let ties = s.verdicts.filter { $0.platform != rec && $0.eligible && $0.score == v.score }.map { t.platformName($0.platform) }
        if !ties.isEmpty { items.append(Item(text: t.tie(with: ties))) }
        if v.scoring.isEmpty { items.append(Item(text: t.noScoringRule)) }
        for r in v.scoring { items.append(Item(text: "\(weight(r.weight)) \(t.ruleMessage(r))", rules: [r])) }
        return items
    }

    /// Why not each other platform: the rules that excluded it, or the step it lost at.
    static func whyNot(_ s: ServiceEntry, _ t: Strings) -> [(platform: Platform, summary: String, rules: [RuleMention])] {
        let best = s.recommendation.map { Set(s.verdict($0).scoring.compactMap(\.weight)) } ?? []
        return s.verdicts.filter { $0.platform != s.recommendation }.map { v in
            if !v.eligible { return (v.platform, t.excludedBy, v.exclusions) }
            let lostAt = best.symmetricDifference(v.scoring.compactMap(\.weight)).min()
            return (v.platform, t.lowerInProcedure(step: lostAt), v.scoring)
        }
    }

    /// A preference's step, as the report marks it: `[step 2]`.
    static func weight(_ w: Int?) -> String {
        guard let w else { return "" }
        return "[step \(w)]"
    }

    /// A matrix cell: `★` (recommended), `✓` (eligible), or the first excluding rule (`+N` more).
    static func cell(_ s: ServiceEntry, _ p: Platform, _ t: Strings) -> (text: String, detail: String, state: String) {
        let v = s.verdict(p)
        if v.eligible {
            let star = s.recommendation == p
            return (star ? "★" : "✓", star ? t.recommendedBecause : t.eligible, star ? "rec" : "ok")
        }
        guard let first = v.exclusions.first else { return ("✗", t.excludedBy, "no") }
        let more = v.exclusions.count > 1 ? " +\(v.exclusions.count - 1)" : ""
        return ("✗ " + first.id + more, v.exclusions.map(t.ruleMessage).joined(separator: "; "), "no")
    }
}
