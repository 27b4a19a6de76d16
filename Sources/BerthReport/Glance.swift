import BerthCost

/// The report's first page, for the people who sign the review: what runs where, what
/// changed against the previous run, what it costs, the judgement calls and unverified
/// checks, and the top risks, each as plain sentences (escaped by the renderer).
enum Glance {
    static let namesShown = 5

    static func items(_ m: ReportModel, _ t: Strings) -> [(heading: String, lines: [String])] {
        let f = m.figures
        let total = f.decided
        func names(_ list: NameSample) -> String {
            let shown = Array(list.names.prefix(namesShown))
            return t.nameList(shown, more: list.count - shown.count)
        }
        var out: [(String, [String])] = []
        let split = f.recommendationCounts.filter { $0.count > 0 }
            .map { "\(t.platformName($0.platform)) \($0.count) (\(MarkdownReport.percent($0.count, max(total, 1))))" }
        out.append((t.glanceWhere, [t.decidedLine(total, rejected: m.rejectedCount), split.joined(separator: " · ")]))

        if let d = m.changes {
            out.append((t.glanceChanges, [t.changesSince(d.from.id) + ": "
                + (d.isEmpty ? t.noChanges : t.changesLine(added: d.addedServices.count, removed: d.removedServices.count, changed: d.changed.count))]))
        } else {
            out.append((t.glanceChanges, [t.glanceFirstRun()]))
        }

        if let costs = f.costs {
            var lines = [t.costLine(Money.usd(costs.total), priced: costs.priced, of: total),
                         costs.byPlatform.map { "\(t.platformName($0.platform)) \(Money.usd($0.usd))" }.joined(separator: " · ")]
            if let saving = f.preferCostSaving { lines.append(MarkdownReport.savingSentence(saving, t)) }
            out.append((t.glanceCost, lines))
        } else {
            out.append((t.glanceCost, [t.glanceNotPriced()]))
        }

        if f.assumptionsRecorded {
            let calls = f.judgementCalls, unverified = f.unverifiedServices
            out.append((t.glanceCalls, [t.glanceCalls(calls.count, of: total, names: names(calls)),
                                        t.glanceUnverified(unverified.count, names: names(unverified))]))
        } else {
            out.append((t.glanceCalls, [t.assumptionsNotRecorded]))
        }

        var risks: [String] = []
        if m.run.status != "complete" { risks.append(t.incomplete(t.statusName(m.run.status))) }
        if f.undecidable.count > 0 { risks.append(t.riskNothingEligible(f.undecidable.count, names: names(f.undecidable))) }
        if f.withUnknowns > 0 { risks.append(t.riskUnknowns(f.withUnknowns)) }
        if m.rejectedCount > 0 { risks.append(t.riskRejected(m.rejectedCount)) }
        out.append((t.glanceRisks, risks.isEmpty ? [t.riskNone] : risks))
        return out
    }
}
