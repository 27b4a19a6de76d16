import BerthBatch
import BerthCore
import BerthCost
import BerthInventory
@testable import BerthReport
import BerthRules
import BerthStore
import Foundation
import XCTest

/// A report of more services than it lists one by one (`ReportBuilder.aggregateAbove`,
/// made small here so that the runs stay small): services by outcome and by label.
final class AggregatedReportTests: XCTestCase {
    /// An outcome as a reader counts it by hand: recommendation, variant, excluding rules.
    struct Key: Hashable {
        var recommendation: Platform?
        var variant: Variant?
        var exclusions: [[String]?]
    }

    static func key(_ d: StoredDecision) -> Key {
        Key(recommendation: d.recommendation, variant: d.variant, exclusions: Platform.allCases.map { d.excludedBy[$0] })
    }

    static func key(_ g: OutcomeGroup) -> Key {
        Key(recommendation: g.recommendation, variant: g.variant, exclusions: Platform.allCases.map { g.exclusions[$0] })
    }

    func testGoldenAggregatedReports() throws {
        let model = try Fixture.exampleModel(aggregateAbove: 10)
        XCTAssertTrue(model.aggregated)
        for format in ReportFormat.allCases {
            for language in ReportLanguage.allCases {
                try Fixture.assertGolden(ReportRenderer.render(model, format: format, language: language),
                                         named: "report-aggregated-\(language.rawValue).\(format == .html ? "html" : "md")")
            }
        }
    }

    /// Up to the threshold every service is listed; one more and the report aggregates.
    func testTheThreshold() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixture.batch(try Fixture.inventoryText, into: db)
        let n = try ReportBuilder.build(database: db).services.count
        let listed = try ReportBuilder.build(database: db, aggregateAbove: n)
        XCTAssertFalse(listed.aggregated)
        XCTAssertEqual(listed.services.count, n)
        let aggregated = try ReportBuilder.build(database: db, aggregateAbove: n - 1)
        XCTAssertTrue(aggregated.aggregated)
        XCTAssertTrue(aggregated.services.isEmpty)
        XCTAssertEqual(aggregated.figures.decided, n)
        XCTAssertEqual(ReportBuilder.aggregateAbove, 20_000, "documented in docs/report.md")
    }

    /// Groups by outcome and by label against a count by hand of the stored decisions; the
    /// groups add up to the services decided, and the figures are the listed report's.
    func testGroupsEqualAHandCount() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixture.batch(try Fixture.inventoryText, into: db)
        let listed = try ReportBuilder.build(database: db)
        let model = try ReportBuilder.build(database: db, aggregateAbove: 0)
        XCTAssertTrue(model.aggregated)
        let decisions = try db.decisions(runID: model.run.id)

        var byOutcome: [Key: [String]] = [:]
        for d in decisions { byOutcome[Self.key(d), default: []].append(d.name) }
        XCTAssertLessThan(byOutcome.count, decisions.count, "some services share an outcome, or the test means little")
        XCTAssertEqual(model.outcomeGroups.count, byOutcome.count)
        for g in model.outcomeGroups {
            let names = try XCTUnwrap(byOutcome[Self.key(g)])
            XCTAssertEqual(g.services.count, names.count)
            XCTAssertEqual(g.services.names, Array(names.prefix(ReportBuilder.namesPerGroup)))
        }
        XCTAssertEqual(model.outcomeGroups.reduce(0) { $0 + $1.services.count }, decisions.count)
        XCTAssertEqual(model.outcomeGroups.map(\.services.count), model.outcomeGroups.map(\.services.count).sorted(by: >), "largest first")

        var byLabel: [String?: [ServiceEntry]] = [:]
        for s in listed.services { byLabel[s.labels.first { $0.key == ReportModel.costLabel }?.value, default: []].append(s) }
        XCTAssertEqual(model.labelGroups.count, byLabel.count)
        for g in model.labelGroups {
            let services = try XCTUnwrap(byLabel[g.value])
            XCTAssertEqual(g.services.count, services.count, g.value ?? "no label")
            XCTAssertEqual(g.services.names, Array(services.map(\.name).prefix(ReportBuilder.namesPerGroup)))
            for p in Platform.allCases { XCTAssertEqual(g.recommended[p], services.filter { $0.recommendation == p }.count) }
            XCTAssertEqual(g.none, services.filter { $0.recommendation == nil }.count)
        }
        XCTAssertEqual(model.labelGroups.reduce(0) { $0 + $1.services.count }, decisions.count)

        // The same figures either way; the follow-ups decided from the fields that decide
        // them are those of each whole profile.
        for (p, n) in model.figures.recommendationCounts { XCTAssertEqual(n, listed.services.filter { $0.recommendation == p }.count) }
        for (p, n) in model.figures.eligibleCounts { XCTAssertEqual(n, listed.services.filter { $0.verdict(p).eligible }.count) }
        XCTAssertEqual("\(model.figures)", "\(listed.figures)")
        XCTAssertEqual(model.firedRules, listed.firedRules)
        var kinds: [FollowUpKind: Int] = [:]
        for s in listed.services { for f in s.followUps { kinds[f.kind, default: 0] += 1 } }
        XCTAssertEqual(listed.figures.followUpCounts.map(\.kind), FollowUpKind.allCases.filter { kinds[$0] != nil })
        XCTAssertEqual(listed.figures.followUpCounts.map(\.count), FollowUpKind.allCases.compactMap { kinds[$0] })
    }

    /// A group's monthly cost is the sum of its services' stored costs, and so is a label's.
    func testCostsPerGroupAreTheSumsOfTheServices() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = Engine(pack: try PackLoader.builtin("current"), today: Fixture.today)
        let csv = "name,vcpu,gpu_count,trigger,labels.team\na,1,,,ads\nb,1,,,ml\nc,4,1,worker,ml\nd,0.5,,,\ne,1,,,ads\nf,1,,,ads\ng,1,,schedule,ml\n"
        let usd = ["a": 36.04, "b": 10.5, "c": 633.33, "e": 0.1, "g": 7.25]
        try Fixture.storeRun(csv, costs: usd, engine: engine, in: db)
        let model = try ReportBuilder.build(database: db, aggregateAbove: 0)
        let decisions = try db.decisions(runID: model.run.id)
        for g in model.outcomeGroups {
            let members = decisions.filter { Self.key($0) == Self.key(g) }
            XCTAssertEqual(g.priced, members.filter { $0.monthlyUSD != nil }.count)
            XCTAssertEqual(g.monthlyUSD, members.compactMap(\.monthlyUSD).reduce(0, +), accuracy: 1e-9)
        }
        XCTAssertTrue(model.outcomeGroups.contains { $0.priced > 0 && $0.priced < $0.services.count }, "a group partly priced")
        let team = ["a": "ads", "b": "ml", "c": "ml", "e": "ads", "f": "ads", "g": "ml"]
        for g in model.labelGroups {
            let members = usd.filter { team[$0.key] == g.value }
            XCTAssertEqual(g.priced, members.count, g.value ?? "no label")
            XCTAssertEqual(g.monthlyUSD, members.values.reduce(0, +), accuracy: 1e-9, g.value ?? "no label")
        }
        let costs = try XCTUnwrap(model.figures.costs)
        XCTAssertEqual(model.outcomeGroups.reduce(0) { $0 + $1.monthlyUSD }, costs.total, accuracy: 1e-9)
        XCTAssertEqual(costs.total, usd.values.reduce(0, +), accuracy: 1e-9)
        XCTAssertEqual(costs.byLabel.map(\.value), ["ml", "ads"])

        let md = ReportRenderer.render(model, format: .markdown, language: .en)
        let ads = try XCTUnwrap(model.labelGroups.first { $0.value == "ads" })
        XCTAssertTrue(md.contains("| ads | 3 | " + ads.recommended.entries.map { String($0.1) }.joined(separator: " | ")
                                  + " | 0 | $36.14 (2 of 3 priced) | a, e, f |"), md)
        XCTAssertTrue(md.contains("| (no team label) | 1 |"), md)
        let ja = ReportRenderer.render(model, format: .html, language: .ja)
        XCTAssertTrue(ja.contains("$36.14<br><small>3 件中 2 件の合計</small>"), ja)
    }

    /// Labels with markup, quotes and Markdown are text in the aggregated layout too, and the
    /// page's one script is its own static one.
    func testHostileStringsAreEscapedInTheGroups() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = """
            name,description,trigger,load_balancer,labels.team
            evil-api,"<script>alert(1)</script>",http,alb,"<img src=x onerror=alert(2)> ""q"" 's' & | [x](javascript:alert(3))"
            """
        try Fixture.batch(csv, into: db, inputPath: "hostile<script>.csv")
        let model = try ReportBuilder.build(database: db, aggregateAbove: 0)
        XCTAssertEqual(model.labelGroups.first?.value, #"<img src=x onerror=alert(2)> "q" 's' & | [x](javascript:alert(3))"#)
        for language in ReportLanguage.allCases {
            let html = ReportRenderer.render(model, format: .html, language: language)
            XCTAssertEqual(html.components(separatedBy: "<script").count, 2, "one script, and no raw one")
            XCTAssertTrue(html.contains("<script>\(HTMLAssets.script)</script>"))
            XCTAssertFalse(html.contains("<img"))
            XCTAssertTrue(html.contains("<td>&lt;img src=x onerror=alert(2)&gt; &quot;q&quot; &#39;s&#39; &amp; | [x](javascript:alert(3))</td>"), html)
            XCTAssertTrue(html.contains("<td class=\"names\">evil-api</td>"), html)
            let md = ReportRenderer.render(model, format: .markdown, language: language)
            XCTAssertFalse(md.contains("<img") || md.contains("<script"))
            XCTAssertTrue(md.contains("| &lt;img src=x onerror=alert(2)&gt; \"q\" 's' &amp; \\| \\[x\\](javascript:alert(3)) | 1 |"), md)
            XCTAssertFalse(md.contains("[x](javascript"), "no live link")
        }
    }

    /// The aggregated Markdown is a summary and groups, not a section per service: a few
    /// thousand generated services make a report far smaller than the listed one, and lists
    /// longer than `listedAtMost` (here the rows not decided) are cut short with their count.
    func testAggregatedMarkdownStaysSmall() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixture.batch(SyntheticInventory.csv(rows: 3_000, seed: 7, badEvery: 25), into: db, inputPath: "synthetic.csv")
        let listed = try ReportBuilder.build(database: db)
        let model = try ReportBuilder.build(database: db, aggregateAbove: 1_000)
        XCTAssertTrue(model.aggregated)
        XCTAssertEqual(model.rejectedCount, 120)
        XCTAssertEqual(model.rejected.count, ReportBuilder.listedAtMost)
        // The follow-ups decided from `FollowUp.kindFields` alone are those of each whole profile.
        var kinds: [FollowUpKind: Int] = [:]
        for s in listed.services { for f in s.followUps { kinds[f.kind, default: 0] += 1 } }
        XCTAssertEqual(model.figures.followUpCounts.map(\.kind), FollowUpKind.allCases.filter { kinds[$0] != nil })
        XCTAssertEqual(model.figures.followUpCounts.map(\.count), FollowUpKind.allCases.compactMap { kinds[$0] })
        XCTAssertEqual(Set(kinds.keys), Set(FollowUpKind.allCases), "every practice applies to some generated service")
        for language in ReportLanguage.allCases {
            let md = ReportRenderer.render(model, format: .markdown, language: language)
            let full = ReportRenderer.render(listed, format: .markdown, language: language)
            XCTAssertLessThan(md.utf8.count * 20, full.utf8.count, "\(md.utf8.count) bytes against \(full.utf8.count)")
            XCTAssertLessThan(md.utf8.count, 200_000)
            XCTAssertFalse(md.contains("### "), "no section per service")
            let html = ReportRenderer.render(model, format: .html, language: language)
            XCTAssertLessThan(html.utf8.count, 300_000)
            let note = Strings(lang: language).listCapped(shown: 100, total: 120, command: "berth runs show \(model.run.id)")
            XCTAssertTrue(md.contains(Escape.markdown(note)), note)
            XCTAssertTrue(html.contains(Escape.html(note)), note)
        }
    }

    /// A listed group of more than 20 services carries all of them, in input order, in an
    /// inert block its button pages through; no service is in two groups of a table.
    func testEveryServiceOfALargeGroupIsListedInItsPage() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runID = try Fixture.batch(SyntheticInventory.csv(rows: 3_000, seed: 7, badEvery: 25), into: db, inputPath: "synthetic.csv")
        var order: [String] = []
        try db.forEachDecision(runID: runID) { order.append($0.name) }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let model = try ReportBuilder.build(database: db, aggregateAbove: 1_000)
        let html = ReportRenderer.render(model, format: .html, language: .en)
        func block(_ id: String) throws -> [String]? {
            guard let start = html.range(of: "<script type=\"application/json\" id=\"\(id)\">") else { return nil }
            let end = try XCTUnwrap(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
            return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String])
        }
        for (prefix, samples) in [("names-o", model.outcomeGroups.map(\.services)), ("names-l", model.labelGroups.map(\.services))] {
            var seen: [String] = []
            var paged = 0
            for (i, sample) in samples.prefix(model.listLimit).enumerated() {
                let id = "\(prefix)\(i + 1)"
                guard let names = try block(id) else {
                    XCTAssertLessThanOrEqual(sample.count, ReportBuilder.namesPerGroup, id)
                    XCTAssertEqual(sample.names.count, sample.count, id)
                    seen += sample.names
                    continue
                }
                paged += 1
                XCTAssertEqual(names.count, sample.count, id)
                XCTAssertEqual(Array(names.prefix(ReportBuilder.namesPerGroup)), sample.names, id)
                XCTAssertEqual(names, names.sorted { position[$0]! < position[$1]! }, "\(id) in input order")
                XCTAssertTrue(html.contains("<button type=\"button\" class=\"more\" data-list=\"\(id)\" data-prev=\"‹ Previous\" data-next=\"Next ›\" hidden>Show all \(sample.count)</button>"), id)
                seen += names
            }
            XCTAssertGreaterThan(paged, 1, prefix)
            XCTAssertEqual(seen.count, samples.prefix(model.listLimit).reduce(0) { $0 + $1.count }, prefix)
            XCTAssertEqual(Set(seen).count, seen.count, "\(prefix): no service twice")
            XCTAssertTrue(Set(seen).isSubset(of: order), prefix)
            XCTAssertNil(try block("\(prefix)\(model.listLimit + 1)"), "groups not listed have no block")
        }
    }

    /// More groups than are listed: the largest are, and a line counts the others' services.
    func testGroupsBeyondTheListedAreCounted() throws {
        var model = try Fixture.exampleModel(aggregateAbove: 0)
        let first = try XCTUnwrap(model.outcomeGroups.first)
        model.outcomeGroups = Array(repeating: first, count: ReportBuilder.listedAtMost + 7)
        let rest = 7 * first.services.count
        let md = ReportRenderer.render(model, format: .markdown, language: .en)
        XCTAssertTrue(md.contains("The 100 largest of 107 groups are shown; the other 7 hold \(rest) services"), md)
        let section = try XCTUnwrap(md.components(separatedBy: "## Services by outcome").last?.components(separatedBy: "## Services by label").first)
        XCTAssertEqual(section.components(separatedBy: "\n| \(first.services.count) (").count - 1, ReportBuilder.listedAtMost)
        let html = ReportRenderer.render(model, format: .html, language: .ja)
        XCTAssertTrue(html.contains("107 グループのうち大きい順に 100 グループを示します。残りの 7 グループには \(rest) 件のサービスがあります"), html)
    }
}
