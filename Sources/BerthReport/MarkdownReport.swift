import Foundation
import BerthCore
import BerthCost
import BerthStore

/// The report as GitHub-flavoured Markdown: tables, a Mermaid pie chart, GitHub alerts.
public enum MarkdownReport {
    public static func render(_ m: ReportModel, language: ReportLanguage) -> String {
        let t = Strings(lang: language)
        var o = ""
        o.reserveCapacity(4096 + (m.aggregated ? 2 * ReportBuilder.listedAtMost : m.services.count) * 1500)
        func md(_ s: String) -> String { Escape.markdown(s) }
        func ln(_ s: String = "") { o += s; o += "\n" }
        let f = m.figures
        // A service is linked to its section, which an aggregated report does not have.
        func service(_ name: String) -> String { m.aggregated ? md(name) : "[\(md(name))](#\(Escape.anchor("", name)))" }

        ln("# \(t.title)")
        ln()
        ln("*\(t.subtitle)* · \(t.runLabel(m.run.id)) · \(md(m.pack.name)) · \(t.asOf) \(md(t.date(m.run.asOf)))")
        ln()
        ln("| | |")
        ln("|---|---|")
        ln("| \(t.status) | \(t.runLabel(m.run.id)), \(t.statusName(m.run.status)) |")
        ln("| \(t.rulePack) | \(md(m.pack.name))\(t.packTitle(m.pack).map { " — " + md($0) } ?? "") |")
        ln("| \(t.asOf) | \(md(t.date(m.run.asOf))) |")
        let sha = m.run.inputSHA256.map { ", sha256 `\(String($0.prefix(12)))`" } ?? ""
        ln("| \(t.input) | \(md(m.run.inputPath)) (\(md(m.run.inputFormat))\(sha)) |")
        ln("| \(t.started) | \(md(t.dateTime(m.run.startedAt))) |")
        ln("| \(t.generated) | \(md(t.dateTime(m.generatedAt))) |")
        ln()
        for warning in warnings(m, t) {
            ln("> [!WARNING]")
            ln("> \(md(warning))")
            ln()
        }

        ln("## \(t.glance)")
        ln()
        for item in Glance.items(m, t) {
            ln("**\(item.heading)**")
            ln()
            for line in item.lines { ln("- " + md(line)) }
            ln()
        }

        // Summary
        ln("## \(t.summary)")
        ln()
        ln(t.decidedLine(f.decided, rejected: m.rejectedCount))
        ln()
        let recommended = f.recommendationCounts
        let total = max(1, f.decided)
        ln("```mermaid")
        ln("pie showData")
        ln("    title \(t.recommendedChart)")
        for (p, n) in recommended where n > 0 { ln("    \"\(t.platformName(p))\" : \(n)") }
        ln("```")
        ln()
        let eligible = f.eligibleCounts
        ln("| \(t.platformColumn) | \(t.recommendation) | \(t.shareColumn) | \(t.eligibleChart) |")
        ln("|---|---:|---:|---:|")
        for (p, n) in recommended {
            let e = p.map { eligible[$0.order].count }.map(String.init) ?? "—"
            ln("| \(t.platformName(p)) | \(n) | \(percent(n, total)) | \(e) |")
        }
        ln()
        let assumed = f.assumedAnswers
        ln(t.assumedLine(defaults: assumed.defaults, unknowns: assumed.unknowns, services: assumed.services, of: f.decided))
        ln()
        let totals = f.assumptionTotals
        if !totals.isEmpty {
            ln("| \(t.field) | \(t.valueAssumed) | \(t.kind) | \(t.servicesColumn) |")
            ln("|---|---|---|---:|")
            for a in totals { ln("| `\(a.field)` | \(md(a.value)) | \(t.kindName(a.kind)) | \(a.services) |") }
            ln()
        }
        let exclusions = f.exclusionCounts.prefix(8)
        if !exclusions.isEmpty {
            ln("**\(t.exclusionChart)**")
            ln()
            ln("| \(t.rule) | \(t.platformColumn) | \(t.servicesColumn) |")
            ln("|---|---|---:|")
            for e in exclusions { ln("| `\(e.rule)` | \(t.platformName(e.platform)) | \(e.count) |") }
            ln()
        }

        if let costs = f.costs {
            ln("**\(t.costHeading)**")
            ln()
            ln(t.costLine(Money.usd(costs.total), priced: costs.priced, of: f.decided))
            ln()
            ln("| \(t.costByPlatform) | \(t.servicesColumn) | \(t.monthlyColumn) |")
            ln("|---|---:|---:|")
            for c in costs.byPlatform { ln("| \(t.platformName(c.platform)) | \(c.services) | \(Money.usd(c.usd)) |") }
            ln()
            if !costs.byLabel.isEmpty {
                ln("| \(t.costByLabel(ReportModel.costLabel)) | \(t.servicesColumn) | \(t.monthlyColumn) |")
                ln("|---|---:|---:|")
                for c in costs.byLabel { ln("| \(md(c.value)) | \(c.services) | \(Money.usd(c.usd)) |") }
                ln()
            }
            ln("| \(t.costLargest) | \(t.recommendation) | \(t.monthlyColumn) |")
            ln("|---|---|---:|")
            for c in costs.largest { ln("| \(service(c.name)) | \(t.platformName(c.platform)) | \(Money.usd(c.usd)) |") }
            ln()
        }
        if let saving = f.preferCostSaving {
            ln("**\(t.savingHeading)**")
            ln()
            ln(md(savingSentence(saving, t)))
            ln()
            if saving.notComparable > 0 { ln(md(t.savingNotComparable(saving.notComparable))); ln() }
            if !saving.largest.isEmpty {
                ln("| \(t.service) | \(t.talksChoice) | \(t.cheapestFeasible) | \(t.savingColumn) |")
                ln("|---|---|---|---:|")
                for c in saving.largest {
                    ln("| \(service(c.name)) | \(t.platformName(c.talk)) \(Money.usd(c.talkUSD)) | \(t.platformName(c.cheapest)) \(Money.usd(c.cheapestUSD)) | \(Money.usd(c.saving)) |")
                }
                ln()
            }
        }

        if m.aggregated {
            groups(m, t, ln)
        } else {
            services(m, t, ln)
        }

        // Follow-ups explained
        ln("## \(t.followUpsOverview)")
        ln()
        ln(md(t.followUpsIntro))
        ln()
        ln("| \(t.practice) | \(t.servicesColumn) | \(t.source) |")
        ln("|---|---:|---|")
        let counts = Dictionary(uniqueKeysWithValues: f.followUpCounts.map { ($0.kind, $0.count) })
        for k in FollowUpKind.allCases {
            let sections = k == .scaling || k == .pipeline
                ? [FollowUp.section(k), FollowUp.section(k, eks: true)] : [FollowUp.section(k)]
            ln("| **\(md(t.followUpTitle(k)))**: \(md(t.followUpExplanation(k))) | \(counts[k] ?? 0) | \(sections.map { md(t.talkSection($0)) }.joined(separator: "; ")) |")
        }
        ln()

        // Changes
        if let d = m.changes {
            ln("## \(t.changesSince(d.from.id))")
            ln()
            changes(d, t, limit: m.listLimit, ln)
        } else {
            ln("## \(t.changesHeading)")
            ln()
            ln(t.noPrevious)
            ln()
        }

        if !m.rejected.isEmpty {
            ln("## \(t.rejectedHeading)")
            ln()
            ln("| \(t.line) | \(t.field) | \(t.code) | \(t.message) |")
            ln("|---:|---|---|---|")
            for r in m.rejected {
                ln("| \(r.line.map(String.init) ?? "") | \(md(r.field ?? "")) | \(md(r.code)) | \(md(r.message)) |")
            }
            ln()
            if m.rejectedCount > m.rejected.count {
                ln(md(t.listCapped(shown: m.rejected.count, total: m.rejectedCount, command: "berth runs show \(m.run.id)")))
                ln()
            }
        }

        ln("## \(t.appendix)")
        ln()
        ln(md(t.appendixIntro))
        ln()
        for r in m.firedRules {
            ln("- **`\(r.id)`**\(t.ruleTitle(r).map { " — " + md($0) } ?? " " + t.notInPack) · \(md(r.effect ?? "")) · \(r.services) \(t.servicesUnit(r.services))")
            if let rationale = t.ruleRationale(r) { ln("  \(md(rationale))") }
            if let source = r.source, !source.isEmpty { ln("  *\(t.source): \(md(source))*") }
        }
        ln()
        ln("---")
        ln()
        ln("*\(md(t.footer(run: m.run.id, generatedAt: m.generatedAt)))*")
        return o
    }

    /// The matrix and a section per service.
    static func services(_ m: ReportModel, _ t: Strings, _ ln: (String) -> Void) {
        func md(_ s: String) -> String { Escape.markdown(s) }
        // Matrix
        ln("## \(t.matrix)")
        ln("")
        ln(t.matrixHelp)
        ln("")
        ln("| \(t.service) | \(t.recommendation) | " + Platform.allCases.map { t.platformName($0) }.joined(separator: " | ") + " |")
        ln("|---|---|" + Platform.allCases.map { _ in "---" }.joined(separator: "|") + "|")
        for s in m.services {
            var row = "| [\(md(s.name))](#\(Escape.anchor("", s.name))) | **\(t.platformName(s.recommendation))** |"
            for p in Platform.allCases {
                let c = Narrative.cell(s, p, t)
                if c.state == "no" {
                    let v = s.verdict(p)
                    let more = v.exclusions.count > 1 ? " +\(v.exclusions.count - 1)" : ""
                    row += " ✗ `\(v.exclusions.first?.id ?? "")`\(more) |"
                } else {
                    row += " \(c.text) |"
                }
            }
            ln(row)
        }
        ln("")

        // Services
        ln("## \(t.services)")
        ln("")
        for s in m.services {
            ln("### \(md(s.name))")
            ln("")
            if !s.description.isEmpty { ln(md(s.description)); ln("") }
            var facts = ["**\(t.recommendation): \(s.recommendation.map { md($0.displayName) } ?? t.nothingEligible)**", md(s.shape)]
            if let line = s.line { facts.append("\(t.line) \(line)") }
            ln(facts.joined(separator: " · "))
            ln("")
            if !s.labels.isEmpty {
                ln("\(t.labels): " + s.labels.map { md("\($0.key)=\($0.value)") }.joined(separator: ", "))
                ln("")
            }
            ln("**\(t.why)**")
            ln("")
            for item in Narrative.why(s, t) {
                ln("- " + md(item.text) + item.rules.map { " (`\($0.id)`)" }.joined())
            }
            ln("")
            ln("**\(t.whyNot)**")
            ln("")
            for w in Narrative.whyNot(s, t) {
                var line = "- **\(t.platformName(w.platform))**: \(md(w.summary))"
                if !w.rules.isEmpty {
                    line += ": " + w.rules.map { r in "\(r.weight.map { Narrative.weight($0) + " " } ?? "")\(md(t.ruleMessage(r))) (`\(r.id)`)" }
                        .joined(separator: "; ")
                }
                ln(line)
            }
            ln("")
            ln("**\(t.assumptions)**")
            ln("")
            if s.assumptions.isEmpty && s.undecided.isEmpty {
                ln(s.assumptionsRecorded ? t.noAssumptions : t.notRecorded)
            } else {
                let defaults = s.assumptions.filter { $0.kind == .defaulted }
                let unknowns = s.assumptions.filter { $0.kind == .unknown }
                if !defaults.isEmpty { ln("- \(t.defaultsUsed): " + defaults.map { "`\($0.field)` = \(md($0.value))" }.joined(separator: ", ")) }
                if !unknowns.isEmpty { ln("- \(t.unknownFields): " + unknowns.map { "`\($0.field)`" }.joined(separator: ", ")) }
                for u in s.undecided { ln("- " + md(t.undecided(u.rule, u.fields))) }
            }
            ln("")
            ln("**\(t.followUps)**")
            ln("")
            if s.followUps.isEmpty { ln(t.noFollowUps) }
            for f in s.followUps {
                let note = t.followUpNote(f)
                ln("- **\(md(t.followUpTitle(f)))**\(note.isEmpty ? "" : ": " + md(note)) *(\(md(t.talkSection(f.section))))*")
            }
            ln("")
        }

    }

    /// An aggregated report's services: by outcome, then by label.
    static func groups(_ m: ReportModel, _ t: Strings, _ ln: (String) -> Void) {
        func md(_ s: String) -> String { Escape.markdown(s) }
        func names(_ sample: NameSample) -> String {
            let more = sample.count - sample.names.count
            return md(sample.names.joined(separator: ", ")) + (more > 0 ? " *\(md(t.andMore(more)))*" : "")
        }
        func cost(_ priced: Int, _ usd: Double, _ services: Int) -> String {
            guard priced > 0 else { return "—" }
            return Money.usd(usd) + (priced < services ? " (\(md(t.pricedPart(priced, of: services))))" : "")
        }
        func capped<Group>(_ groups: [Group], _ services: (Group) -> Int) {
            guard groups.count > m.listLimit else { return }
            let rest = groups.dropFirst(m.listLimit).reduce(0) { $0 + services($1) }
            ln(md(t.groupsCapped(shown: m.listLimit, total: groups.count, services: rest)))
            ln("")
        }
        let total = max(1, m.figures.decided)
        ln("## \(t.outcomesHeading)")
        ln("")
        ln(md(t.aggregatedIntro(m.figures.decided, above: m.aggregateAbove, names: ReportBuilder.namesPerGroup)))
        ln("")
        ln(t.matrixHelp)
        ln("")
        ln("| \(t.servicesColumn) | \(t.recommendation) | " + Platform.allCases.map { t.platformName($0) }.joined(separator: " | ")
           + " | \(t.monthlyColumn) | \(t.servicesListed) |")
        ln("|---:|---|" + Platform.allCases.map { _ in "---" }.joined(separator: "|") + "|---:|---|")
        for g in m.outcomeGroups.prefix(m.listLimit) {
            var row = "| \(g.services.count) (\(percent(g.services.count, total))) | **\(t.platformName(g.recommendation))**"
            if let v = g.variant { row += " \(md(v.id))" }
            row += " |"
            for (p, rules) in g.exclusions.entries {
                if let rules {
                    row += " ✗ " + rules.map { "`\($0)`" }.joined(separator: " ") + " |"
                } else {
                    row += p == g.recommendation ? " ★ |" : " ✓ |"
                }
            }
            ln(row + " \(cost(g.priced, g.monthlyUSD, g.services.count)) | \(names(g.services)) |")
        }
        ln("")
        capped(m.outcomeGroups) { $0.services.count }

        let key = ReportModel.costLabel
        ln("## \(t.labelsHeading(key))")
        ln("")
        ln("| \(key) | \(t.servicesColumn) | " + Platform.allCases.map { t.platformName($0) }.joined(separator: " | ")
           + " | \(t.nothingEligible) | \(t.monthlyColumn) | \(t.servicesListed) |")
        ln("|---|---:|" + Platform.allCases.map { _ in "---:" }.joined(separator: "|") + "|---:|---:|---|")
        for g in m.labelGroups.prefix(m.listLimit) {
            ln("| \(md(g.value ?? t.withoutLabel(key))) | \(g.services.count) | " + g.recommended.entries.map { String($0.1) }.joined(separator: " | ")
               + " | \(g.none) | \(cost(g.priced, g.monthlyUSD, g.services.count)) | \(names(g.services)) |")
        }
        ln("")
        capped(m.labelGroups) { $0.services.count }
    }

    static func changes(_ d: RunDiff, _ t: Strings, limit: Int, _ ln: (String) -> Void) {
        func md(_ s: String) -> String { Escape.markdown(s) }
        let diff = "berth diff \(d.from.id) \(d.to.id)"
        func capped(_ total: Int) {
            guard total > limit else { return }
            ln(md(t.listCapped(shown: limit, total: total, command: diff)))
            ln("")
        }
        if d.isEmpty {
            ln(t.noChanges)
            ln("")
            return
        }
        ln(t.changesLine(added: d.addedServices.count, removed: d.removedServices.count, changed: d.changed.count))
        ln("")
        if d.from.pack != d.to.pack || d.from.asOf != d.to.asOf {
            var parts: [String] = []
            if d.from.pack != d.to.pack { parts.append(md(t.changeReason(.pack(before: d.from.pack, after: d.to.pack)))) }
            if d.from.asOf != d.to.asOf { parts.append(md(t.changeReason(.asOf(before: d.from.asOf, after: d.to.asOf)))) }
            ln(parts.joined(separator: "; "))
            ln("")
        }
        if !d.changed.isEmpty {
            ln("**\(t.changed)**")
            ln("")
            ln("| \(t.service) | \(t.before) | \(t.after) | \(t.why) |")
            ln("|---|---|---|---|")
            for c in d.changed.prefix(limit) {
                ln("| \(md(c.name)) | \(t.platformName(c.before)) | \(t.platformName(c.after)) | \(c.reasons.map { md(t.changeReason($0)) }.joined(separator: "; ")) |")
            }
            ln("")
            capped(d.changed.count)
        }
        for (title, entries) in [(t.added, d.addedServices), (t.removed, d.removedServices),
                                 (t.nowDecided, d.nowDecided), (t.nowRejected, d.nowRejected)] where !entries.isEmpty {
            ln("**\(title)**")
            ln("")
            ln("| \(t.service) | \(t.recommendation) |")
            ln("|---|---|")
            for e in entries.prefix(limit) { ln("| \(md(e.name)) | \(t.platformName(e.recommendation)) |") }
            ln("")
            capped(entries.count)
        }
    }

    static func warnings(_ m: ReportModel, _ t: Strings) -> [String] {
        var out: [String] = []
        if m.run.status != "complete" { out.append(t.incomplete(t.statusName(m.run.status))) }
        if let problem = m.pack.problem { out.append(t.packProblem(m.pack.name, problem)) }
        if !m.figures.assumptionsRecorded { out.append(t.assumptionsNotRecorded) }
        return out
    }

    static func savingSentence(_ s: CostSaving, _ t: Strings) -> String {
        let share = s.talkUSD > 0 ? String(format: "%.1f%%", s.saving * 100 / s.talkUSD) : "0%"
        return t.savingLine(s, talk: Money.usd(s.talkUSD), cheapest: Money.usd(s.cheapestUSD), saving: Money.usd(s.saving), share: share)
    }

    static func percent(_ n: Int, _ total: Int) -> String {
        let p = Double(n) * 100 / Double(total)
        return p == p.rounded() ? "\(Int(p))%" : String(format: "%.1f%%", p)
    }
}
