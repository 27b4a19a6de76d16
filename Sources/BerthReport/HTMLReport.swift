import BerthCore
import BerthCost
import BerthInventory
import BerthStore
import Crypto
import Foundation

/// The report as one self-contained HTML page: inline CSS, inline SVG charts, one small
/// inline script allowed by its hash, nothing fetched (the content security policy says
/// `default-src 'none'`). Every string from the inventory, the pack or the database is
/// escaped. The decision matrix is rendered server-side (it works without the script);
/// each service's detail sits in a closed `<details>`, so large runs open quickly.
public enum HTMLReport {
    /// `'sha256-…'` of the inline script, for the content security policy.
    public static let scriptHash: String =
        "sha256-" + Data(SHA256.hash(data: Array(HTMLAssets.script.utf8))).base64EncodedString()

    public static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; script-src '\(scriptHash)'; img-src 'none'; base-uri 'none'; form-action 'none'"
    }

    public static func render(_ m: ReportModel, language: ReportLanguage, fullPageLimit: Int = HTMLReport.fullPageLimit) -> String {
        let t = Strings(lang: language)
        var o = ""
        let large = !m.aggregated && m.services.count > fullPageLimit
        o.reserveCapacity(16_384 + (large || m.aggregated ? matrixPageSize : m.services.count) * 2_600)
        func h(_ s: String) -> String { Escape.html(s) }

        o += """
        <!DOCTYPE html>
        <html lang="\(t.htmlLang)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="referrer" content="no-referrer">
        <title>\(h(t.title)) · \(h(t.runLabel(m.run.id)))</title>
        <style>\n\(HTMLAssets.css)</style>
        </head>
        <body>
        <header class="hero">
        <div class="eyebrow">\(h(t.subtitle))</div>
        <h1>\(h(t.title))</h1>
        <dl class="meta">\n
        """
        func meta(_ k: String, _ v: String) { o += "<div><dt>\(h(k))</dt><dd>\(v)</dd></div>\n" }
        meta(t.status, h(t.runLabel(m.run.id)) + " · " + h(t.statusName(m.run.status)))
        meta(t.rulePack, "<code>\(h(m.pack.name))</code>" + (t.packTitle(m.pack).map { " " + h($0) } ?? ""))
        func time(_ iso: String, _ text: String) -> String { "<time datetime=\"\(h(iso))\">\(h(text))</time>" }
        meta(t.asOf, time(m.run.asOf, t.date(m.run.asOf)))
        let sha = m.run.inputSHA256.map { " · sha256 " + h(String($0.prefix(12))) } ?? ""
        meta(t.input, h(m.run.inputPath) + " (" + h(m.run.inputFormat) + sha + ")")
        meta(t.started, time(m.run.startedAt, t.dateTime(m.run.startedAt)))
        meta(t.generated, time(m.generatedAt, t.dateTime(m.generatedAt)))
        o += "</dl>\n</header>\n"

        var nav: [(String, String)] = [("glance", t.glance), ("summary", t.summary)]
        nav += m.aggregated ? [("outcomes", t.outcomesHeading), ("labels", t.labelsHeading(ReportModel.costLabel))]
            : [("matrix", t.matrix), ("services", t.services)]
        nav += [("follow-ups", t.followUps), ("changes", t.changesHeading)]
        if !m.rejected.isEmpty { nav.append(("rejected", t.rejectedHeading)) }
        nav.append(("appendix", t.appendix))
        o += "<nav class=\"toc\">" + nav.map { "<a href=\"#\($0.0)\">\(h($0.1))</a>" }.joined() + "</nav>\n<main>\n"

        for w in MarkdownReport.warnings(m, t) { o += "<p class=\"warning\">\(h(w))</p>\n" }

        o += "<section id=\"glance\" class=\"glance\">\n<h2>\(h(t.glance))</h2>\n<div class=\"glance-grid\">\n"
        for item in Glance.items(m, t) {
            o += "<div><h3>\(h(item.heading))</h3><ul>" + item.lines.map { "<li>\(h($0))</li>" }.joined() + "</ul></div>\n"
        }
        o += "</div>\n</section>\n"
        summary(m, t, &o)
        if m.aggregated {
            outcomeGroups(m, t, &o)
            labelGroups(m, t, &o)
        } else {
            matrix(m, t, &o, pageSize: large ? matrixPageSize : nil)
            services(m, t, &o, large: large)
        }
        followUps(m, t, &o)
        changes(m, t, &o)
        rejected(m, t, &o)
        appendix(m, t, &o)

        o += "</main>\n<footer>\(h(t.footer(run: m.run.id, generatedAt: m.generatedAt)))</footer>\n"
        if large {
            o += "<script type=\"application/json\" id=\"berth-data\">" + HTMLData.block(m, t, pageSize: matrixPageSize, printMax: printMax) + "</script>\n"
        }
        o += "<script>\(HTMLAssets.script)</script>\n"
        o += "</body>\n</html>\n"
        return o
    }

    static func cls(_ p: Platform?) -> String { p?.rawValue ?? "none" }

    // MARK: Summary

    static func summary(_ m: ReportModel, _ t: Strings, _ o: inout String) {
        func h(_ s: String) -> String { Escape.html(s) }
        let f = m.figures
        let total = f.decided
        let recommended = f.recommendationCounts
        // A service is linked to its details, which an aggregated report does not have.
        func service(_ name: String) -> String { m.aggregated ? h(name) : "<a href=\"#\(Escape.anchor("s-", name))\">\(h(name))</a>" }
        o += "<section id=\"summary\">\n<h2>\(h(t.summary))</h2>\n"
        o += "<p class=\"lede\">\(h(t.decidedLine(total, rejected: m.rejectedCount)))</p>\n"
        o += "<div class=\"kpis\">\n"
        o += "<div class=\"kpi\"><div class=\"n\">\(total)</div><div class=\"l\">\(h(t.servicesColumn))</div></div>\n"
        for (p, n) in recommended where p != nil || n > 0 {
            o += "<div class=\"kpi \(cls(p))\"><div class=\"n\">\(n)</div><div class=\"l\">\(h(t.platformName(p))) · \(MarkdownReport.percent(n, max(total, 1)))</div></div>\n"
        }
        o += "</div>\n"

        // 100% stacked bar with a legend.
        o += "<div class=\"stack\"><svg viewBox=\"0 0 1000 26\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(h(t.recommendedChart))\">"
        var x = 0.0
        for (p, n) in recommended where n > 0 {
            let w = Double(n) * 1000 / Double(max(total, 1))
            o += "<rect x=\"\(fmt(x))\" y=\"0\" width=\"\(fmt(w))\" height=\"26\" class=\"f-\(cls(p))\"><title>\(h(t.platformName(p))): \(n)</title></rect>"
            x += w
        }
        o += "</svg></div>\n<div class=\"legend\">"
        for (p, n) in recommended where n > 0 {
            o += "<span><i class=\"f-\(cls(p))\" style=\"background:var(--\(cls(p)))\"></i>\(h(t.platformName(p))) \(n)</span>"
        }
        o += "</div>\n"

        o += "<div class=\"charts\">\n"
        o += figure(t.recommendedChart, recommended.map { (t.platformName($0.platform), $0.count, cls($0.platform)) }, total: max(total, 1))
        o += figure(t.eligibleChart, f.eligibleCounts.map { (t.platformName($0.platform), $0.count, cls($0.platform)) }, total: max(total, 1))
        let exclusions = f.exclusionCounts.prefix(6)
        if !exclusions.isEmpty {
            o += figure(t.exclusionChart, exclusions.map { ("\($0.rule) → \(t.platformName($0.platform))", $0.count, cls($0.platform)) },
                        total: max(total, 1))
        }
        o += "</div>\n"

        let assumed = f.assumedAnswers
        o += "<p>\(h(t.assumedLine(defaults: assumed.defaults, unknowns: assumed.unknowns, services: assumed.services, of: total)))</p>\n"
        let totals = f.assumptionTotals
        if !totals.isEmpty {
            o += "<div class=\"narrow\"><table><thead><tr><th>\(h(t.field))</th><th>\(h(t.valueAssumed))</th><th>\(h(t.kind))</th><th class=\"num\">\(h(t.servicesColumn))</th></tr></thead><tbody>\n"
            for a in totals {
                o += "<tr><td><code>\(h(a.field))</code></td><td>\(h(a.value))</td><td>\(h(t.kindName(a.kind)))</td><td class=\"num\">\(a.services)</td></tr>\n"
            }
            o += "</tbody></table></div>\n"
        }
        if let costs = f.costs {
            o += "<h3>\(h(t.costHeading))</h3>\n<p>\(h(t.costLine(Money.usd(costs.total), priced: costs.priced, of: total)))</p>\n"
            func table(_ heading: String, _ second: String, _ rows: [(String, String, String)]) {
                o += "<div class=\"narrow\"><table><thead><tr><th>\(h(heading))</th><th class=\"num\">\(h(second))</th><th class=\"num\">\(h(t.monthlyColumn))</th></tr></thead><tbody>\n"
                for r in rows { o += "<tr><td>\(r.0)</td><td class=\"num\">\(r.1)</td><td class=\"num\">\(h(r.2))</td></tr>\n" }
                o += "</tbody></table></div>\n"
            }
            table(t.costByPlatform, t.servicesColumn, costs.byPlatform.map { (h(t.platformName($0.platform)), "\($0.services)", Money.usd($0.usd)) })
            if !costs.byLabel.isEmpty {
                table(t.costByLabel(ReportModel.costLabel), t.servicesColumn, costs.byLabel.map { (h($0.value), "\($0.services)", Money.usd($0.usd)) })
            }
            table(t.costLargest, t.recommendation, costs.largest.map {
                (service($0.name), h(t.platformName($0.platform)), Money.usd($0.usd))
            })
        }
        if let saving = f.preferCostSaving {
            o += "<h3>\(h(t.savingHeading))</h3>\n<p>\(h(MarkdownReport.savingSentence(saving, t)))</p>\n"
            if saving.notComparable > 0 { o += "<p>\(h(t.savingNotComparable(saving.notComparable)))</p>\n" }
            if !saving.largest.isEmpty {
                o += "<div class=\"narrow\"><table><thead><tr><th>\(h(t.service))</th><th>\(h(t.talksChoice))</th><th>\(h(t.cheapestFeasible))</th><th class=\"num\">\(h(t.savingColumn))</th></tr></thead><tbody>\n"
                for c in saving.largest {
                    o += "<tr><td>\(service(c.name))</td><td>\(h(t.platformName(c.talk))) \(Money.usd(c.talkUSD))</td>"
                    o += "<td>\(h(t.platformName(c.cheapest))) \(Money.usd(c.cheapestUSD))</td><td class=\"num\">\(Money.usd(c.saving))</td></tr>\n"
                }
                o += "</tbody></table></div>\n"
            }
        }
        o += "</section>\n"
    }

    /// A bar chart: one row per item, label and value above a full-width bar.
    static func figure(_ caption: String, _ items: [(String, Int, String)], total: Int) -> String {
        func h(_ s: String) -> String { Escape.html(s) }
        let rowH = 40, width = 440
        let maxValue = max(1, items.map(\.1).max() ?? 1)
        var s = "<figure><figcaption>\(h(caption))</figcaption>"
        s += "<svg viewBox=\"0 0 \(width) \(items.count * rowH)\" role=\"img\" aria-label=\"\(h(caption))\">"
        for (i, item) in items.enumerated() {
            let y = i * rowH
            let w = Double(item.1) * Double(width) / Double(maxValue)
            s += "<text x=\"0\" y=\"\(y + 14)\" class=\"t-label\">\(h(item.0))</text>"
            s += "<text x=\"\(width)\" y=\"\(y + 14)\" text-anchor=\"end\" class=\"t-value\">\(item.1) · \(MarkdownReport.percent(item.1, total))</text>"
            s += "<rect x=\"0\" y=\"\(y + 20)\" width=\"\(width)\" height=\"12\" rx=\"3\" class=\"f-track\"/>"
            if item.1 > 0 { s += "<rect x=\"0\" y=\"\(y + 20)\" width=\"\(fmt(max(w, 3)))\" height=\"12\" rx=\"3\" class=\"f-\(item.2)\"/>" }
        }
        return s + "</svg></figure>\n"
    }

    static func fmt(_ d: Double) -> String { String(format: "%.1f", d) }

    // MARK: Matrix

    /// The decision matrix. `pageSize`: a large run, whose first `pageSize` rows are HTML and
    /// the rest come from the data block (the page's script pages, sorts and filters them all).
    static func matrix(_ m: ReportModel, _ t: Strings, _ o: inout String, pageSize: Int? = nil) {
        func h(_ s: String) -> String { Escape.html(s) }
        let total = m.services.count
        o += "<section id=\"matrix\">\n<h2>\(h(t.matrix))</h2>\n<p class=\"lede\">\(h(t.matrixHelp)) <span class=\"noprint\">\(h(t.sortHint))</span></p>\n"
        if let pageSize {
            o += "<p class=\"lede\">\(h(t.largeMatrixNote(total, page: pageSize, printMax: printMax)))"
            o += "<noscript> \(h(t.largeMatrixNoScript(pageSize)))</noscript></p>\n"
        }
        o += "<div class=\"controls\" id=\"controls\" hidden><input id=\"f-q\" type=\"search\" placeholder=\"\(h(t.filterPlaceholder))\" aria-label=\"\(h(t.filterPlaceholder))\">"
        o += "<select id=\"f-r\" aria-label=\"\(h(t.recommendation))\"><option value=\"\">\(h(t.allRecommendations))</option>"
        for p in Platform.allCases { o += "<option value=\"\(p.rawValue)\">\(h(t.platformName(p)))</option>" }
        o += "<option value=\"none\">\(h(t.nothingEligible))</option></select>"
        o += "<span class=\"count\">\(h(t.showing)) <b id=\"f-n\">\(total)</b> \(h(t.of)) \(total)</span>"
        if let pageSize {
            let last = min(pageSize, total)
            o += "<span class=\"pager\"><button type=\"button\" id=\"f-prev\" disabled>\(h(t.previousPage))</button>"
            o += "<span>" + t.rowRange(from: "<b id=\"f-from\">1</b>", to: "<b id=\"f-to\">\(last)</b>") + "</span>"
            o += "<button type=\"button\" id=\"f-next\"\(last < total ? "" : " disabled")>\(h(t.nextPage))</button></span>"
        }
        o += "</div>\n"
        o += "<div class=\"scroll\"><table id=\"matrix-table\"><thead><tr>"
        o += "<th data-k=\"service\"><button type=\"button\">\(h(t.service))</button></th><th data-k=\"labels\"><button type=\"button\">\(h(t.labels))</button></th>"
        o += "<th data-k=\"recommendation\"><button type=\"button\">\(h(t.recommendation))</button></th>"
        for p in Platform.allCases { o += "<th data-k=\"\(p.rawValue)\"><button type=\"button\">\(h(t.platformName(p)))</button></th>" }
        o += "</tr></thead><tbody>\n"
        for s in m.services.prefix(pageSize ?? total) {
            o += "<tr data-r=\"\(cls(s.recommendation))\"><td class=\"svc\"><a href=\"#\(Escape.anchor("s-", s.name))\">\(h(s.name))</a>"
            if !s.description.isEmpty { o += "<small>\(h(s.description))</small>" }
            o += "</td><td class=\"lb\">\(s.labels.map { h($0.key + "=" + $0.value) }.joined(separator: "<br>"))</td>"
            o += "<td><span class=\"pill p-\(cls(s.recommendation))\">\(h(t.platformName(s.recommendation)))</span></td>"
            for p in Platform.allCases {
                let c = Narrative.cell(s, p, t)
                let v = s.verdict(p)
                let key = v.eligible ? (s.recommendation == p ? 2000 : 1000) + v.score : 0
                let title = c.state == "no" ? " title=\"\(h(c.detail))\"" : ""
                o += "<td class=\"c \(c.state)\" data-s=\"\(key)\"\(title)>\(h(c.text))</td>"
            }
            o += "</tr>\n"
        }
        o += "</tbody></table></div>\n"
        if pageSize != nil {
            o += "<p class=\"print-only\" id=\"f-print\" hidden>" + t.printCapped(printMax, shown: "<b id=\"f-pn\">\(total)</b>") + "</p>\n"
        }
        o += "</section>\n"
    }

    // MARK: Services

    /// Up to this many services the page is fully rendered on the server: every matrix row and
    /// every service's details are HTML, and it reads and prints without the script. Above it
    /// (a large run, up to `ReportBuilder.aggregateAbove`; beyond, the report is aggregated)
    /// the page carries the matrix and the details as one compact data block (`HTMLData`): the first `matrixPageSize` rows are HTML, the page's script shows the rest a
    /// page at a time, sorting and filtering all of them, and builds a service's details when
    /// it is opened.
    public static let fullPageLimit = 1_000
    /// Matrix rows per page in a large run.
    public static let matrixPageSize = 200
    /// At most this many matrix rows are printed from a large run (those the filter shows,
    /// in the order shown); the printout says so when there are more.
    public static let printMax = 1_000

    static func services(_ m: ReportModel, _ t: Strings, _ o: inout String, large: Bool) {
        func h(_ s: String) -> String { Escape.html(s) }
        o += "<section id=\"services\">\n<h2>\(h(t.services))</h2>\n"
        if large {
            // Details are built from the data block when a service is opened (see `HTMLData`).
            o += "<p class=\"lede\">\(h(t.largeServicesNote(m.services.count)))</p>\n"
            o += "<noscript><p class=\"warning\">\(h(t.detailsNeedScript))</p></noscript>\n"
            o += "<div id=\"svc-list\"></div>\n</section>\n"
            return
        }
        var sink = HTMLSink()
        for s in m.services {
            o += "<details class=\"svc\" id=\"\(Escape.anchor("s-", s.name))\">"
            sink.out.removeAll(keepingCapacity: true)
            summary(s, t, &sink)
            o += sink.out + "\n<div class=\"body\">"
            sink.out.removeAll(keepingCapacity: true)
            detail(s, m, t, &sink)
            o += sink.out + "</div></details>\n"
        }
        o += "</section>\n"
    }

    /// The `<summary>` of a service's `<details>`: name, recommendation, shape and line.
    static func summary<Sink: DetailSink>(_ s: ServiceEntry, _ t: Strings, _ o: inout Sink) {
        o.open("summary")
        o.open("span name"); o.text(s.name); o.close()
        o.open("span pill p-\(cls(s.recommendation))"); o.text(t.platformName(s.recommendation)); o.close()
        o.open("span shape"); o.text(s.shape + (s.line.map { " · \(t.line) \($0)" } ?? "")); o.close()
        o.close()
    }

    /// One service's detail (the inside of its `<div class="body">`), written as HTML or as
    /// data nodes: the same elements and text either way.
    static func detail<Sink: DetailSink>(_ s: ServiceEntry, _ m: ReportModel, _ t: Strings, _ o: inout Sink) {
        func el(_ spec: String, _ text: String) { o.open(spec); o.text(text); o.close() }
        func weight(_ w: Int?) {
            guard let w else { return }
            el("b pos", Narrative.weight(w))
            o.text(" ")
        }
        func ruleLink(_ r: RuleMention) {
            o.open("a #" + Escape.anchor("r-", r.id)); el("code", r.id); o.close()
        }
        if !s.description.isEmpty { el("p", s.description) }
        if !s.labels.isEmpty {
            o.open("p")
            for l in s.labels { el("span chip", l.key + "=" + l.value) }
            o.close()
        }
        o.open("div grid"); o.open("div")
        el("h4", t.why)
        o.open("ul")
        for item in Narrative.why(s, t) {
            o.open("li")
            if let r = item.rules.first {
                weight(r.weight); o.text(t.ruleMessage(r) + " "); ruleLink(r)
            } else {
                o.text(item.text)
            }
            o.close()
        }
        o.close()
        el("h4", t.whyNot)
        o.open("ul")
        for w in Narrative.whyNot(s, t) {
            o.open("li")
            el("b", t.platformName(w.platform))
            o.text(": " + w.summary)
            if !w.rules.isEmpty {
                if w.rules.first?.weight == nil {
                    // Exclusions: the rules' messages, in full.
                    o.open("ul")
                    for r in w.rules { o.open("li"); o.text(t.ruleMessage(r) + " "); ruleLink(r); o.close() }
                    o.close()
                } else {
                    // Ranked lower: its preferences by id (their messages are in the appendix).
                    o.text(": ")
                    for (i, r) in w.rules.enumerated() {
                        if i > 0 { o.text(" ") }
                        weight(r.weight); ruleLink(r)
                    }
                }
            }
            o.close()
        }
        o.close(); o.close()
        o.open("div")
        el("h4", t.assumptions)
        if s.assumptions.isEmpty && s.undecided.isEmpty {
            el("p", s.assumptionsRecorded ? t.noAssumptions : t.notRecorded)
        } else {
            o.open("ul")
            let defaults = s.assumptions.filter { $0.kind == .defaulted }
            let unknowns = s.assumptions.filter { $0.kind == .unknown }
            if !defaults.isEmpty {
                o.open("li"); o.text(t.defaultsUsed + ": ")
                el("span mono", defaults.map { $0.field + "=" + $0.value }.joined(separator: ", "))
                o.close()
            }
            if !unknowns.isEmpty {
                o.open("li"); o.text(t.unknownFields + ": ")
                el("span mono", unknowns.map(\.field).joined(separator: ", "))
                o.close()
            }
            for u in s.undecided { el("li", t.undecided(u.rule, u.fields)) }
            o.close()
        }
        el("h4", t.followUps)
        if s.followUps.isEmpty {
            el("p", t.noFollowUps)
        } else {
            o.open("ul")
            for f in s.followUps {
                // The citation of each practice is in the follow-ups table the title links to.
                let note = t.followUpNote(f)
                o.open("li")
                el("a #fu-\(f.kind.rawValue)", t.followUpTitle(f))
                if !note.isEmpty { o.text(": " + note) }
                o.close()
            }
            o.close()
        }
        o.close(); o.close()
    }

    // MARK: Follow-ups, changes, rejected rows, appendix

    static func followUps(_ m: ReportModel, _ t: Strings, _ o: inout String) {
        func h(_ s: String) -> String { Escape.html(s) }
        o += "<section id=\"follow-ups\">\n<h2>\(h(t.followUpsOverview))</h2>\n<p class=\"lede\">\(h(t.followUpsIntro))</p>\n"
        o += "<table><thead><tr><th>\(h(t.practice))</th><th class=\"num\">\(h(t.servicesColumn))</th><th>\(h(t.source))</th></tr></thead><tbody>\n"
        let counts = Dictionary(uniqueKeysWithValues: m.figures.followUpCounts.map { ($0.kind, $0.count) })
        for k in FollowUpKind.allCases {
            let sections = k == .scaling || k == .pipeline ? [FollowUp.section(k), FollowUp.section(k, eks: true)] : [FollowUp.section(k)]
            o += "<tr id=\"fu-\(k.rawValue)\"><td><b>\(h(t.followUpTitle(k)))</b><br>\(h(t.followUpExplanation(k)))</td><td class=\"num\">\(counts[k] ?? 0)</td>"
            o += "<td><cite>\(sections.map { h(t.talkSection($0)) }.joined(separator: "<br>"))</cite></td></tr>\n"
        }
        o += "</tbody></table>\n</section>\n"
    }

    static func changes(_ m: ReportModel, _ t: Strings, _ o: inout String) {
        func h(_ s: String) -> String { Escape.html(s) }
        o += "<section id=\"changes\">\n"
        guard let d = m.changes else {
            o += "<h2>\(h(t.changesHeading))</h2>\n<p>\(h(t.noPrevious))</p>\n</section>\n"
            return
        }
        o += "<h2>\(h(t.changesSince(d.from.id)))</h2>\n"
        if d.isEmpty {
            o += "<p>\(h(t.noChanges))</p>\n</section>\n"
            return
        }
        o += "<p>\(h(t.changesLine(added: d.addedServices.count, removed: d.removedServices.count, changed: d.changed.count)))</p>\n"
        var global: [String] = []
        if d.from.pack != d.to.pack { global.append(t.changeReason(.pack(before: d.from.pack, after: d.to.pack))) }
        if d.from.asOf != d.to.asOf { global.append(t.changeReason(.asOf(before: d.from.asOf, after: d.to.asOf))) }
        if !global.isEmpty { o += "<p>\(h(global.joined(separator: "; ")))</p>\n" }
        let diff = "berth diff \(d.from.id) \(d.to.id)"
        func capped(_ total: Int) {
            if total > m.listLimit { o += "<p class=\"lede\">\(h(t.listCapped(shown: m.listLimit, total: total, command: diff)))</p>\n" }
        }
        if !d.changed.isEmpty {
            o += "<h3>\(h(t.changed))</h3>\n<table><thead><tr><th>\(h(t.service))</th><th>\(h(t.before))</th><th>\(h(t.after))</th><th>\(h(t.why))</th></tr></thead><tbody>\n"
            for c in d.changed.prefix(m.listLimit) {
                o += "<tr><td>\(h(c.name))</td><td><span class=\"pill p-\(cls(c.before))\">\(h(t.platformName(c.before)))</span></td>"
                o += "<td><span class=\"pill p-\(cls(c.after))\">\(h(t.platformName(c.after)))</span></td>"
                o += "<td>\(c.reasons.map { h(t.changeReason($0)) }.joined(separator: "<br>"))</td></tr>\n"
            }
            o += "</tbody></table>\n"
            capped(d.changed.count)
        }
        for (title, entries) in [(t.added, d.addedServices), (t.removed, d.removedServices),
                                 (t.nowDecided, d.nowDecided), (t.nowRejected, d.nowRejected)] where !entries.isEmpty {
            o += "<h3>\(h(title))</h3>\n<p>"
            o += entries.prefix(m.listLimit).map { "<span class=\"chip\">\(h($0.name)) → \(h(t.platformName($0.recommendation)))</span>" }.joined()
            o += "</p>\n"
            capped(entries.count)
        }
        o += "</section>\n"
    }

    static func rejected(_ m: ReportModel, _ t: Strings, _ o: inout String) {
        guard !m.rejected.isEmpty else { return }
        func h(_ s: String) -> String { Escape.html(s) }
        o += "<section id=\"rejected\">\n<h2>\(h(t.rejectedHeading))</h2>\n"
        o += "<table><thead><tr><th class=\"num\">\(h(t.line))</th><th>\(h(t.field))</th><th>\(h(t.code))</th><th>\(h(t.message))</th></tr></thead><tbody>\n"
        for r in m.rejected {
            o += "<tr><td class=\"num\">\(r.line.map(String.init) ?? "")</td><td>\(h(r.field ?? ""))</td><td><code>\(h(r.code))</code></td><td>\(h(r.message))</td></tr>\n"
        }
        o += "</tbody></table>\n"
        if m.rejectedCount > m.rejected.count {
            o += "<p class=\"lede\">\(h(t.listCapped(shown: m.rejected.count, total: m.rejectedCount, command: "berth runs show \(m.run.id)")))</p>\n"
        }
        o += "</section>\n"
    }

    // MARK: An aggregated report

    /// The cells of an outcome group, as the matrix writes a service's: `★`, `✓`, or `✗` and
    /// every rule that excluded the platform (each linked to the appendix, their titles the
    /// cell's tooltip).
    static func groupCells(_ g: OutcomeGroup, titles: [String: String]) -> String {
        func h(_ s: String) -> String { Escape.html(s) }
        var o = ""
        for (p, rules) in g.exclusions.entries {
            if let rules {
                let title = rules.map { $0 + ": " + (titles[$0] ?? $0) }.joined(separator: "; ")
                o += "<td class=\"c no\" title=\"\(h(title))\">✗ " + rules.map { "<a href=\"#\(Escape.anchor("r-", $0))\">\(h($0))</a>" }.joined(separator: " ") + "</td>"
            } else {
                o += p == g.recommendation ? "<td class=\"c rec\">★</td>" : "<td class=\"c ok\">✓</td>"
            }
        }
        return o
    }

    /// A group's first services, and how many more it has. When it has more and keeps every
    /// name, they follow in an inert JSON block `list` with a button (shown by the page's
    /// script) that lists them all, a page at a time.
    static func names(_ sample: NameSample, list: String, _ t: Strings) -> String {
        let more = sample.count - sample.names.count
        var o = Escape.html(sample.names.joined(separator: ", "))
        guard more > 0 else { return o }
        o += " <small>\(Escape.html(t.andMore(more)))</small>"
        guard !sample.everyNameJSON.isEmpty else { return o }
        o += "<script type=\"application/json\" id=\"\(list)\">["
        o += String(decoding: sample.everyNameJSON, as: UTF8.self)
        o += "]</script><button type=\"button\" class=\"more\" data-list=\"\(list)\" data-prev=\"\(Escape.html(t.previousPage))\" "
        o += "data-next=\"\(Escape.html(t.nextPage))\" hidden>\(Escape.html(t.showAll(sample.count)))</button>"
        return o
    }

    /// A group's monthly cost: its priced services' sum, saying so when some are not priced.
    static func groupCost(priced: Int, usd: Double, services: Int, _ t: Strings) -> String {
        guard priced > 0 else { return "—" }
        return Money.usd(usd) + (priced < services ? "<br><small>\(Escape.html(t.pricedPart(priced, of: services)))</small>" : "")
    }

    static func capped<Group>(_ groups: [Group], services: (Group) -> Int, _ m: ReportModel, _ t: Strings, _ o: inout String) {
        guard groups.count > m.listLimit else { return }
        let rest = groups.dropFirst(m.listLimit).reduce(0) { $0 + services($1) }
        o += "<p class=\"lede\">\(Escape.html(t.groupsCapped(shown: m.listLimit, total: groups.count, services: rest)))</p>\n"
    }

    static func outcomeGroups(_ m: ReportModel, _ t: Strings, _ o: inout String) {
        func h(_ s: String) -> String { Escape.html(s) }
        let titles = Dictionary(m.firedRules.map { ($0.id, t.ruleTitle($0) ?? $0.id) }, uniquingKeysWith: { a, _ in a })
        let total = max(m.figures.decided, 1)
        o += "<section id=\"outcomes\">\n<h2>\(h(t.outcomesHeading))</h2>\n"
        o += "<p class=\"lede\">\(h(t.aggregatedIntro(m.figures.decided, above: m.aggregateAbove, names: ReportBuilder.namesPerGroup)))</p>\n"
        o += "<p class=\"lede\">\(h(t.matrixHelp))</p>\n"
        o += "<div class=\"scroll\"><table class=\"groups\"><thead><tr><th class=\"num\">\(h(t.servicesColumn))</th><th>\(h(t.recommendation))</th>"
        for p in Platform.allCases { o += "<th>\(h(t.platformName(p)))</th>" }
        o += "<th class=\"num\">\(h(t.monthlyColumn))</th><th>\(h(t.servicesListed))</th></tr></thead><tbody>\n"
        for (i, g) in m.outcomeGroups.prefix(m.listLimit).enumerated() {
            o += "<tr><td class=\"num\">\(g.services.count)<br><small>\(MarkdownReport.percent(g.services.count, total))</small></td>"
            o += "<td><span class=\"pill p-\(cls(g.recommendation))\">\(h(t.platformName(g.recommendation)))</span>"
            if let v = g.variant { o += "<br><small>\(h(v.id))</small>" }
            o += "</td>" + groupCells(g, titles: titles)
            o += "<td class=\"num\">\(groupCost(priced: g.priced, usd: g.monthlyUSD, services: g.services.count, t))</td>"
            o += "<td class=\"names\">\(names(g.services, list: "names-o\(i + 1)", t))</td></tr>\n"
        }
        o += "</tbody></table></div>\n"
        capped(m.outcomeGroups, services: { $0.services.count }, m, t, &o)
        o += "</section>\n"
    }

    static func labelGroups(_ m: ReportModel, _ t: Strings, _ o: inout String) {
        func h(_ s: String) -> String { Escape.html(s) }
        let key = ReportModel.costLabel
        o += "<section id=\"labels\">\n<h2>\(h(t.labelsHeading(key)))</h2>\n"
        o += "<div class=\"scroll\"><table class=\"groups\"><thead><tr><th>\(h(key))</th><th class=\"num\">\(h(t.servicesColumn))</th>"
        for p in Platform.allCases { o += "<th class=\"num\">\(h(t.platformName(p)))</th>" }
        o += "<th class=\"num\">\(h(t.nothingEligible))</th><th class=\"num\">\(h(t.monthlyColumn))</th><th>\(h(t.servicesListed))</th></tr></thead><tbody>\n"
        for (i, g) in m.labelGroups.prefix(m.listLimit).enumerated() {
            o += "<tr><td>\(h(g.value ?? t.withoutLabel(key)))</td><td class=\"num\">\(g.services.count)</td>"
            for (_, n) in g.recommended.entries { o += "<td class=\"num\">\(n)</td>" }
            o += "<td class=\"num\">\(g.none)</td><td class=\"num\">\(groupCost(priced: g.priced, usd: g.monthlyUSD, services: g.services.count, t))</td>"
            o += "<td class=\"names\">\(names(g.services, list: "names-l\(i + 1)", t))</td></tr>\n"
        }
        o += "</tbody></table></div>\n"
        capped(m.labelGroups, services: { $0.services.count }, m, t, &o)
        o += "</section>\n"
    }

    static func appendix(_ m: ReportModel, _ t: Strings, _ o: inout String) {
        func h(_ s: String) -> String { Escape.html(s) }
        o += "<section id=\"appendix\">\n<h2>\(h(t.appendix))</h2>\n<p class=\"lede\">\(h(t.appendixIntro))</p>\n<dl class=\"rules\">\n"
        for r in m.firedRules {
            o += "<dt id=\"\(Escape.anchor("r-", r.id))\"><code>\(h(r.id))</code> \(h(t.ruleTitle(r) ?? t.notInPack))</dt>\n"
            o += "<dd>\(h(r.effect ?? "")) · \(r.services) \(h(t.servicesUnit(r.services)))"
            if let rationale = t.ruleRationale(r) { o += "<br>\(h(rationale))" }
            if let source = r.source, !source.isEmpty { o += "<br><span class=\"src\">\(h(t.source)): \(h(source))</span>" }
            o += "</dd>\n"
        }
        o += "</dl>\n</section>\n"
    }
}
