import BerthBatch
import BerthCore
import BerthInventory
@testable import BerthReport
import BerthRules
import BerthStore
import Foundation
import GRDBSQLite
import XCTest

final class ReportTests: XCTestCase {
    /// `BERTH_UPDATE_GOLDEN=1 swift test --filter BerthReportTests` rewrites the files.
    func testGoldenReports() throws {
        let model = try Fixture.exampleModel()
        for format in ReportFormat.allCases {
            for language in ReportLanguage.allCases {
                try Fixture.assertGolden(ReportRenderer.render(model, format: format, language: language),
                                         named: "report-\(language.rawValue).\(format == .html ? "html" : "md")")
            }
        }
    }

    /// The model agrees with each example service's recorded expectation, and the golden
    /// scenario's changes are the ones made to the previous inventory.
    func testModelOfTheExampleInventory() throws {
        let model = try Fixture.exampleModel()
        let rows = try Inventory.readAll(try Inventory.reader(text: try Fixture.inventoryText, name: "inventory.csv", format: .csv))
        XCTAssertEqual(model.services.count, rows.count)
        XCTAssertGreaterThanOrEqual(model.services.count, 30)
        for row in rows {
            let profile = try XCTUnwrap(row.profile)
            let entry = try XCTUnwrap(model.services.first { $0.name == profile.name })
            XCTAssertEqual(entry.recommendation?.rawValue ?? "none", profile.labels["expected"], profile.name)
            XCTAssertEqual(entry.description, profile.description)
            for v in entry.verdicts {
                XCTAssertEqual(v.eligible, v.exclusions.isEmpty, "\(profile.name) \(v.platform)")
            }
        }
        XCTAssertTrue(model.pack.loaded)
        XCTAssertEqual(model.pack.name, "current")
        XCTAssertTrue(model.figures.assumptionsRecorded)
        XCTAssertTrue(model.rejected.isEmpty)

        // Rule messages come from the pack: title plus the values read.
        let crm = try XCTUnwrap(model.services.first { $0.name == "legacy-crm" })
        let clb = try XCTUnwrap(crm.verdict(.fargate).exclusions.first)
        XCTAssertEqual(clb.id, "classic-lb-not-on-fargate")
        XCTAssertTrue(clb.message.hasPrefix("Fargate does not work with the Classic Load Balancer ("), clb.message)
        XCTAssertTrue(clb.message.contains("load_balancer = clb"), clb.message)
        XCTAssertTrue(crm.followUps.contains(FollowUp(kind: .loadBalancer, variant: .replaceCLB(blocksFargate: true), section: "ロードバランシング")))

        // Assumptions: the counts add up and they are reported per field.
        let assumed = model.figures.assumedAnswers
        XCTAssertGreaterThan(assumed.defaults, 0)
        XCTAssertEqual(model.figures.assumptionTotals.reduce(0) { $0 + $1.services }, assumed.defaults + assumed.unknowns)
        let storefront = try XCTUnwrap(model.services.first { $0.name == "storefront-api" })
        XCTAssertTrue(storefront.assumptions.contains { $0.field == "os" && $0.value == "linux" && $0.kind == .defaulted })
        XCTAssertFalse(storefront.assumptions.contains { $0.field == "load_balancer" }, "given fields are not assumptions")

        // Follow-ups apply by platform.
        let kinds = { (name: String) in model.services.first { $0.name == name }?.followUps.map(\.kind) ?? [] }
        XCTAssertEqual(kinds("storefront-api"), [.stateless, .loadBalancer, .scaling, .taskRole, .ecrLifecycle, .pipeline, .monitoring])
        XCTAssertEqual(kinds("thumbnailer"), [.monitoring])
        XCTAssertTrue(kinds("onprem-orders").contains(.pipeline))
        XCTAssertFalse(kinds("onprem-orders").contains(.taskRole))

        // Changes since the previous run.
        let changes = try XCTUnwrap(model.changes)
        XCTAssertEqual(changes.addedServices.map(\.name), ["storefront-api"])
        XCTAssertEqual(changes.removedServices.map(\.name), ["retired-batch"])
        let changed = try XCTUnwrap(changes.changed.first { $0.name == "legacy-crm" })
        XCTAssertEqual(changed.before, .fargate)
        XCTAssertEqual(changed.after, .ecsEC2)
        XCTAssertTrue(changed.reasons.contains(.field("load_balancer", before: "alb", after: "clb")))

        // The appendix lists every rule that fired, once, with the pack's source.
        let fired = Set(model.services.flatMap { s in s.verdicts.flatMap { $0.exclusions.map(\.id) + $0.scoring.map(\.id) } })
        XCTAssertEqual(Set(model.firedRules.map(\.id)), fired)
        XCTAssertEqual(model.firedRules.count, fired.count)
        let appendixCLB = try XCTUnwrap(model.firedRules.first { $0.id == "classic-lb-not-on-fargate" })
        XCTAssertTrue(appendixCLB.source?.contains("talk 2018-08-03: ロードバランシング") == true, appendixCLB.source ?? "nil")
        XCTAssertEqual(appendixCLB.services, 1)
    }

    func testEveryFollowUpCitesASectionOfTheTalk() throws {
        let notes = URL(fileURLWithPath: "/work/shared/reference/000_949bbb86bc7d1c11.txt")
        guard let text = try? String(contentsOf: notes, encoding: .utf8) else { throw XCTSkip("talk notes not available") }
        let headings = Set(text.split(separator: "\n").filter { $0.hasPrefix("#") }.map { $0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces) })
        for kind in FollowUpKind.allCases {
            for eks in [false, true] {
                XCTAssertTrue(headings.contains(FollowUp.section(kind, eks: eks)), "\(kind): \(FollowUp.section(kind, eks: eks))")
            }
        }
    }

    /// Service descriptions and labels with markup, quotes, ampersands and Japanese come out as text.
    func testHostileInventoryStringsAreEscaped() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = """
            name,description,trigger,load_balancer,labels.team,labels.note
            evil-api,"<script>alert(1)</script> ""quoted"" 'single' & more | pipe 注文サービス",http,alb,"<img src=x onerror=alert(2)>","a</td></tr><tr><td>b ` * _ [x](javascript:alert(3))"
            """
        try Fixture.batch(csv, into: db, inputPath: "hostile<script>.csv")
        var model = try ReportBuilder.build(database: db)
        Fixture.fixTimes(&model)

        for language in ReportLanguage.allCases {
            let html = ReportRenderer.render(model, format: .html, language: language)
            XCTAssertFalse(html.contains("<script>alert"), "raw script in HTML")
            XCTAssertFalse(html.contains("<img"), "raw img in HTML")
            XCTAssertFalse(html.contains("</td></tr><tr><td>b"), "raw markup from a label")
            XCTAssertFalse(html.contains("hostile<script>"), "raw input path")
            XCTAssertEqual(html.components(separatedBy: "<script").count - 1, 1, "only berth's own script")
            XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; more | pipe 注文サービス"))
            XCTAssertTrue(html.contains("note=a&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;b"))
            XCTAssertTrue(html.contains("team=&lt;img src=x onerror=alert(2)&gt;"))

            // A large run carries the matrix and the details as JSON in an inert data block:
            // `<`, `>` and `&` as \u escapes, so nothing in it can end the element or be markup.
            let large = HTMLReport.render(model, language: language, fullPageLimit: 0)
            let block = try Self.dataBlock(large)
            XCTAssertTrue(block.contains(#""\u003cscript\u003ealert(1)\u003c/script\u003e \"quoted\" 'single' \u0026 more | pipe 注文サービス""#), "description in the data")
            XCTAssertTrue(block.contains(#""team=\u003cimg src=x onerror=alert(2)\u003e""#), "label in the data")
            XCTAssertFalse(block.contains("<") || block.contains(">") || block.contains("&"))
            XCTAssertFalse(large.contains("<script>alert"))
            XCTAssertFalse(large.contains("<img"))
            XCTAssertFalse(large.contains("hostile<script>"))
            XCTAssertEqual(large.components(separatedBy: "</script").count - 1, 2, "berth's script and the data block")
            XCTAssertFalse(large.contains("<details class=\"svc\""), "details are built from the data")
            // The matrix's first page is HTML, escaped as in a small run.
            XCTAssertTrue(large.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; more | pipe 注文サービス"))
            XCTAssertTrue(large.contains("team=&lt;img src=x onerror=alert(2)&gt;"))
            let data = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(block.utf8)) as? [String: Any])
            let strings = try XCTUnwrap(data["s"] as? [String])
            let row = try XCTUnwrap((data["r"] as? [[Any]])?.first)
            XCTAssertEqual(row[0] as? String, "evil-api")
            XCTAssertEqual(strings[try XCTUnwrap(row[1] as? Int)], #"<script>alert(1)</script> "quoted" 'single' & more | pipe 注文サービス"#)

            let md = ReportRenderer.render(model, format: .markdown, language: language)
            XCTAssertFalse(md.contains("<script"), "raw script in Markdown")
            XCTAssertFalse(md.contains("<img"), "raw img in Markdown")
            XCTAssertTrue(md.contains("&lt;script&gt;alert(1)&lt;/script&gt; \"quoted\" 'single' &amp; more \\| pipe 注文サービス"))
            XCTAssertTrue(md.contains("\\[x\\](javascript:alert(3))"), "a link in a label stays text")
            XCTAssertFalse(md.contains("[x](javascript"), "no live link")
        }
    }

    func testContentSecurityPolicyAllowsExactlyTheInlineScript() throws {
        let model = try Fixture.exampleModel()
        let html = ReportRenderer.render(model, format: .html, language: .en)
        XCTAssertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '\(HTMLReport.scriptHash)'"))
        let start = try XCTUnwrap(html.range(of: "<script>"))
        let end = try XCTUnwrap(html.range(of: "</script>"))
        let script = String(html[start.upperBound..<end.lowerBound])
        XCTAssertEqual(script, HTMLAssets.script)
        // An independent digest of the embedded script, when sha256sum is there.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        guard FileManager.default.isExecutableFile(atPath: process.executableURL!.path) else { return }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let hex = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        process.waitUntilExit()
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            bytes.append(UInt8(hex[i..<j], radix: 16) ?? 0)
            i = j
        }
        XCTAssertEqual("sha256-" + Data(bytes).base64EncodedString(), HTMLReport.scriptHash)
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "nothing to fetch")
    }

    func testTheHTMLListsEveryServiceInTheMatrixAndInTheDetails() throws {
        let model = try Fixture.exampleModel()
        let html = ReportRenderer.render(model, format: .html, language: .ja)
        for s in model.services {
            XCTAssertTrue(html.contains("<a href=\"#s-\(s.name)\">\(s.name)</a>"), s.name)
            XCTAssertTrue(html.contains("<details class=\"svc\" id=\"s-\(s.name)\">"), s.name)
        }
        XCTAssertTrue(html.contains("<html lang=\"ja\">"))
        XCTAssertTrue(html.contains("判定マトリクス"))
        XCTAssertEqual(html.components(separatedBy: "<tr data-r=").count - 1, model.services.count)
    }

    /// The text of a large page's data block.
    static func dataBlock(_ html: String) throws -> String {
        let start = try XCTUnwrap(html.range(of: "<script type=\"application/json\" id=\"berth-data\">"))
        let end = try XCTUnwrap(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// A large run (above `fullPageLimit`): the first page of the matrix is the same HTML as a
    /// small run's, and each service's details, rebuilt from the data block's nodes the way the
    /// page's script builds them, are exactly the small run's HTML details.
    func testLargeRunDataBlockHoldsTheSameMatrixAndDetails() throws {
        let model = try Fixture.exampleModel()
        for language in ReportLanguage.allCases {
            let full = HTMLReport.render(model, language: language)
            let large = HTMLReport.render(model, language: language, fullPageLimit: 0)
            XCTAssertFalse(full.contains("<script type=\"application/json\""), "a small run has no data block")
            XCTAssertFalse(full.contains("id=\"f-print\""), "a small run prints every row")
            XCTAssertTrue(large.contains("<p class=\"print-only\" id=\"f-print\" hidden>"), "a large run says when printing leaves rows out")
            XCTAssertEqual(large.components(separatedBy: "<tr data-r=").count - 1, min(HTMLReport.matrixPageSize, model.services.count))
            for s in model.services.prefix(3) {
                let row = try XCTUnwrap(full.range(of: "<tr data-r=\"[a-z0-9-]+\"><td class=\"svc\"><a href=\"#s-\(s.name)\">.*</tr>", options: .regularExpression))
                XCTAssertTrue(large.contains(full[row]), s.name)
            }

            let data = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try Self.dataBlock(large).utf8)) as? [String: Any])
            let strings = try XCTUnwrap(data["s"] as? [String])
            let nodes = try XCTUnwrap(data["n"] as? [[Int]])
            let rows = try XCTUnwrap(data["r"] as? [[Any]])
            let cells = try XCTUnwrap(data["c"] as? [[Int]])
            XCTAssertEqual(rows.count, model.services.count)
            XCTAssertLessThan(nodes.count, model.services.count * 40, "repeated nodes are stored once")
            func html(_ i: Int) -> String {
                let node = nodes[i], spec = strings[node[0]]
                let parts = spec.split(separator: " ", maxSplits: 1).map(String.init)
                var o = "<" + parts[0]
                if parts.count > 1 { o += (parts[1].hasPrefix("#") ? " href=\"" : " class=\"") + Escape.html(parts[1]) + "\"" }
                o += ">"
                for c in node.dropFirst() { o += c >= 0 ? html(c) : Escape.html(strings[-1 - c]) }
                return o + "</" + parts[0] + ">"
            }
            for (s, row) in zip(model.services, rows) {
                XCTAssertEqual(row[0] as? String, s.name)
                XCTAssertEqual(strings[try XCTUnwrap(row[1] as? Int)], s.description)
                XCTAssertEqual((row[2] as? [Int])?.map { strings[$0] }, s.labels.map { $0.key + "=" + $0.value })
                XCTAssertEqual(row[3] as? Int, s.recommendation?.order ?? Platform.allCases.count)
                for p in Platform.allCases {
                    let cell = cells[try XCTUnwrap(row[4 + p.order] as? Int)]
                    XCTAssertEqual(strings[cell[0]], Narrative.cell(s, p, Strings(lang: language)).text, "\(s.name) \(p)")
                }
                let id = "<details class=\"svc\" id=\"s-\(s.name)\">"
                let start = try XCTUnwrap(full.range(of: id), s.name)
                let end = try XCTUnwrap(full.range(of: "</details>\n", range: start.upperBound..<full.endIndex))
                let expected = "<details class=\"svc\">" + full[start.upperBound..<end.lowerBound].replacingOccurrences(of: "</summary>\n", with: "</summary>") + "</details>"
                XCTAssertEqual(html(try XCTUnwrap(row[8] as? Int)), expected, s.name)
            }
        }
    }

    func testMarkdownHasAPieChartThatAddsUp() throws {
        let model = try Fixture.exampleModel()
        let md = ReportRenderer.render(model, format: .markdown, language: .en)
        let pie = try XCTUnwrap(md.range(of: "```mermaid\npie showData\n"))
        let block = md[pie.upperBound...].prefix { $0 != "`" }
        let total = block.split(separator: "\n").compactMap { $0.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
            .reduce(0, +)
        XCTAssertEqual(total, model.services.count)
        XCTAssertTrue(md.contains("## Changes since run #1"))
        XCTAssertTrue(md.contains("| legacy-crm | Fargate | ECS on EC2 | load\\_balancer: alb → clb"), "changed service with its reason")
    }

    /// A run whose rules folder has gone: rule ids instead of titles, and a warning.
    func testReportDegradesWhenThePackCannotBeLoaded() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixture.batch(try Fixture.inventoryText, into: db)
        struct Gone: Error {}
        let model = try ReportBuilder.build(database: db, loadPack: { _ in throw ReportError(.packUnavailable, "rules folder /tmp/gone is missing") })
        XCTAssertFalse(model.pack.loaded)
        let crm = try XCTUnwrap(model.services.first { $0.name == "legacy-crm" })
        XCTAssertEqual(crm.verdict(.fargate).exclusions.first?.message, "classic-lb-not-on-fargate")
        XCTAssertEqual(crm.recommendation, .ecsEC2, "stored facts still shown")
        let loaded = try ReportBuilder.build(database: db)
        XCTAssertEqual(crm.assumptions, try XCTUnwrap(loaded.services.first { $0.name == "legacy-crm" }).assumptions, "stored with the run")
        XCTAssertFalse(crm.assumptions.isEmpty)
        XCTAssertTrue(model.firedRules.allSatisfy { $0.title == nil && $0.services > 0 })
        let md = ReportRenderer.render(model, format: .markdown, language: .en)
        XCTAssertTrue(md.contains("> [!WARNING]\n> The rule pack 'current' cannot be loaded now (rules folder /tmp/gone is missing)"))
        let html = ReportRenderer.render(model, format: .html, language: .ja)
        XCTAssertTrue(html.contains("ルールパック「current」を現在読み込めません"))
    }

    /// The Japanese report gives the pack's words in Japanese (rule titles in the reasons and
    /// the appendix, rationales, the pack's title); the English one has none of them.
    func testJapaneseReportHasTheRulesInJapanese() throws {
        let model = try Fixture.exampleModel()
        let crm = try XCTUnwrap(model.services.first { $0.name == "legacy-crm" })
        let clb = try XCTUnwrap(crm.verdict(.fargate).exclusions.first)
        XCTAssertEqual(clb.messageJA, "Fargate は Classic Load Balancer に対応していない (load_balancer = clb, catalog.fargate.classic_load_balancer = false)")
        XCTAssertEqual(model.pack.titleJA, "講演の判断基準と現在のプラットフォーム情報")
        let japanese = ["Fargate は Classic Load Balancer に対応していない", "EC2 インスタンスを管理したくない", "講演の判断基準と現在のプラットフォーム情報",
                        "講演のとおり、Fargate のサービスは「ALB と NLB をサポート」し"]
        let english = ["Fargate does not work with the Classic Load Balancer", "Everything else is fine on Fargate",
                       "The talk's criteria with today's platform facts"]
        for format in ReportFormat.allCases {
            let ja = ReportRenderer.render(model, format: format, language: .ja)
            let en = ReportRenderer.render(model, format: format, language: .en)
            for text in japanese {
                XCTAssertTrue(ja.contains(text), "\(format) ja: \(text)")
                XCTAssertFalse(en.contains(text), "\(format) en: \(text)")
            }
            for text in english {
                let escaped = format == .html ? Escape.html(text) : text
                XCTAssertTrue(en.contains(escaped), "\(format) en: \(text)")
                XCTAssertFalse(ja.contains(escaped), "\(format) ja: \(text)")
            }
        }
    }

    /// A pack without Japanese (a user's folder) shows its English words in the Japanese report.
    func testJapaneseReportFallsBackToEnglishForRulesWithoutJapanese() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixture.batch(try Fixture.inventoryText, into: db)
        let model = try ReportBuilder.build(database: db, loadPack: { name in
            var pack = try PackLoader.builtin(name)
            for i in pack.rules.indices { pack.rules[i].ja = nil }
            pack.titleJA = nil
            return pack
        })
        XCTAssertNil(model.pack.titleJA)
        XCTAssertTrue(model.firedRules.allSatisfy { $0.titleJA == nil && $0.rationaleJA == nil && $0.title != nil })
        let md = ReportRenderer.render(model, format: .markdown, language: .ja)
        XCTAssertTrue(md.contains("Fargate does not work with the Classic Load Balancer (load\\_balancer = clb"))
        XCTAssertTrue(md.contains("The talk's criteria with today's platform facts"))
        XCTAssertTrue(md.contains("判定マトリクス"), "the report's own sentences are still Japanese")
    }

    func testRunSelection() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertThrowsError(try ReportBuilder.build(database: db)) { error in
            XCTAssertEqual((error as? ReportError)?.kind, .noRun)
        }
        let first = try Fixture.batch(try Fixture.inventoryText, into: db)
        let second = try Fixture.batch(try Fixture.previousInventory(), into: db, pack: "talk-2018")
        XCTAssertEqual(try ReportBuilder.build(database: db).run.id, second)
        let older = try ReportBuilder.build(database: db, runID: first)
        XCTAssertEqual(older.run.id, first)
        XCTAssertNil(older.changes, "nothing before the first run")
        let latest = try ReportBuilder.build(database: db)
        XCTAssertEqual(latest.pack.name, "talk-2018")
        XCTAssertEqual(latest.run.asOf, "2018-08-03")
        XCTAssertEqual(latest.changes?.runChanges.first, .pack(before: "current", after: "talk-2018"))
        XCTAssertFalse(latest.changes?.changed.contains { $0.reasons.contains(.pack(before: "current", after: "talk-2018")) } ?? true,
                       "the pack change is the run's, not repeated per service")
        XCTAssertThrowsError(try ReportBuilder.build(database: db, runID: 99))
    }

    func testFormatFromFileName() {
        XCTAssertEqual(ReportFormat.inferred(fromPath: "review.html"), .html)
        XCTAssertEqual(ReportFormat.inferred(fromPath: "REVIEW.HTM"), .html)
        XCTAssertEqual(ReportFormat.inferred(fromPath: "out/review.md"), .markdown)
        XCTAssertNil(ReportFormat.inferred(fromPath: "review.pdf"))
    }

    func testEscapers() {
        XCTAssertEqual(Escape.html("a<b>&\"'c"), "a&lt;b&gt;&amp;&quot;&#39;c")
        XCTAssertEqual(Escape.html("日本語"), "日本語")
        XCTAssertEqual(Escape.markdown("a|b*c_<d>\nx"), "a\\|b\\*c\\_&lt;d&gt; x")
        XCTAssertEqual(Escape.anchor("s-", "web-api"), "s-web-api")
        XCTAssertEqual(Escape.anchor("s-", "a\"b"), "s-a_34_b")
    }

    /// The stored monthly costs are totalled by platform and by team, and the largest listed,
    /// in both formats and languages; a run with no priced service has no cost section.
    func testMonthlyCostsAreTotalledByPlatformAndTeam() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = Engine(pack: try PackLoader.builtin("current"), today: Fixture.today)
        let csv = "name,vcpu,gpu_count,labels.team\na,1,,ads\nb,1,,ml\nc,4,1,ml\nd,0.5,,\n"
        let usd = ["a": 36.04, "b": 10.5, "c": 633.33]
        try Fixture.storeRun(csv, costs: usd, engine: engine, in: db)
        let model = try ReportBuilder.build(database: db, generatedAt: Date(timeIntervalSince1970: 0))
        let costs = try XCTUnwrap(model.figures.costs)
        XCTAssertEqual(costs.priced, 3)
        XCTAssertEqual(costs.total, 679.87, accuracy: 1e-9)
        XCTAssertEqual(costs.byPlatform.map(\.platform), [.fargate, .ecsEC2])
        XCTAssertEqual(costs.byPlatform.map(\.usd), [46.54, 633.33])
        XCTAssertEqual(costs.byLabel.map(\.value), ["ml", "ads"])
        XCTAssertEqual(costs.byLabel.map(\.usd), [643.83, 36.04])
        XCTAssertEqual(costs.largest.map(\.name), ["c", "a", "b"])
        let markdown = ReportRenderer.render(model, format: .markdown, language: .en)
        XCTAssertTrue(markdown.contains("$679.87 a month for the 3 of 4 services"), markdown)
        XCTAssertTrue(markdown.contains("| ml | 2 | $643.83 |"), markdown)
        XCTAssertTrue(markdown.contains("| [c](#c) | ECS on EC2 | $633.33 |\n| [a](#a) |"), markdown)
        let html = ReportRenderer.render(model, format: .html, language: .ja)
        XCTAssertTrue(html.contains("<h3>月額コスト</h3>"), html)
        XCTAssertTrue(html.contains("<td>ml</td><td class=\"num\">2</td><td class=\"num\">$643.83</td>"), html)
        XCTAssertNil(try Fixture.exampleModel().figures.costs)
    }

    /// The report shows what the run stored, never a new decision: a report built with
    /// another pack loaded (talk-2018, which decides these services differently) still shows
    /// the stored recommendations, exclusions and assumptions.
    func testTheReportNeverDecidesAgain() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixture.batch(try Fixture.inventoryText, into: db)
        let stored = try ReportBuilder.build(database: db)
        let other = try PackLoader.builtin("talk-2018")
        let engine = Engine(pack: other, today: Fixture.today)
        let rows = try Inventory.readAll(try Inventory.reader(text: try Fixture.inventoryText, name: "inventory.csv", format: .csv))
        let redecided = rows.compactMap(\.profile).filter { p in
            engine.decide(p).recommendation != stored.services.first { $0.name == p.name }?.recommendation
        }
        XCTAssertFalse(redecided.isEmpty, "the other pack must decide some service differently for this test to mean anything")
        let report = try ReportBuilder.build(database: db, loadPack: { _ in other })
        XCTAssertEqual(report.services.map(\.recommendation), stored.services.map(\.recommendation))
        XCTAssertEqual(report.services.map(\.assumptions), stored.services.map(\.assumptions))
        XCTAssertEqual(report.services.map { $0.verdicts.map(\.eligible) }, stored.services.map { $0.verdicts.map(\.eligible) })
        XCTAssertTrue(report.figures.assumptionsRecorded)
    }

    /// A run stored before v4 (its rows have no assumption set) is shown with its assumptions
    /// "not recorded", not decided again.
    func testARunStoredBeforeAssumptionsWereSaysSo() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixture.batch(try Fixture.inventoryText, into: db)
        let path = dir.appendingPathComponent("berth.sqlite").path
        // What migration v4 leaves in the rows of an earlier run.
        var sqlite: OpaquePointer?
        XCTAssertEqual(sqlite3_open(path, &sqlite), SQLITE_OK)
        XCTAssertEqual(sqlite3_exec(sqlite, "UPDATE run_decisions SET assumptions_id = NULL; UPDATE outcomes SET judgement_call = NULL; UPDATE outcome_platforms SET unverified = NULL", nil, nil, nil), SQLITE_OK)
        sqlite3_close(sqlite)
        let model = try ReportBuilder.build(database: try AppDatabase(path: path, readOnly: true))
        XCTAssertFalse(model.figures.assumptionsRecorded)
        XCTAssertTrue(model.services.allSatisfy { !$0.assumptionsRecorded && $0.assumptions.isEmpty && $0.judgementCall == nil })
        for (format, lang, text) in [(ReportFormat.markdown, Language.en, "did not record the assumptions behind each decision"),
                                     (.html, .ja, "各判定の前提（デフォルト値・不明な値・判定できなかったルール）")] {
            let out = ReportRenderer.render(model, format: format, language: lang)
            XCTAssertTrue(out.contains(text), "\(format) \(lang)")
            XCTAssertFalse(out.contains(Strings(lang: lang).noAssumptions), "\(format) \(lang): 'no assumptions' would be a claim")
        }
    }

    /// The saving of --prefer cost: the talk's choices against the cheapest feasible platform
    /// of each service whose every feasible platform is priced; the others are counted apart.
    func testTheSavingOfPreferCost() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = Engine(pack: try PackLoader.builtin("current"), today: Fixture.today)
        // a: the talk's choice (Fargate) at 40, Lambda at 15: moves, saving 25. b: Fargate the
        // cheapest: stays. c: a feasible platform unpriced: not compared. d: 100 against 30.
        let prices: [String: [Platform: Double]] = [
            "a": [.fargate: 40, .lambda: 15, .ecsEC2: 50, .eks: 90], "b": [.fargate: 10, .lambda: 20, .ecsEC2: 30, .eks: 70],
            "c": [.fargate: 10], "d": [.fargate: 100, .lambda: 30, .ecsEC2: 31, .eks: 130],
        ]
        let csv = "name,vcpu\na,0.5\nb,0.5\nc,0.5\nd,0.5\n"
        let reader = try Inventory.reader(text: csv, name: "inv.csv", format: .csv)
        _ = try Batch.run(reader: reader, store: db, options: BatchOptions(pack: "current", asOf: engine.asOf, inputPath: "inv.csv")) { profile in
            var decision = engine.decide(profile)
            for i in decision.candidates.indices where decision.candidates[i].eligible {
                decision.candidates[i].cost = prices[profile.name]?[decision.candidates[i].platform].map {
                    CostSummary(monthlyUSD: $0, monthlyText: nil, totalText: nil, region: "us-east-1", pricesAsOf: Fixture.today,
                                missing: [], notPriced: [], gaps: [], json: [:])
                }
            }
            return decision
        }
        let model = try ReportBuilder.build(database: db, generatedAt: Date(timeIntervalSince1970: 0))
        XCTAssertEqual(model.services.map(\.recommendation), [.fargate, .fargate, .fargate, .fargate], "the scenario assumes Fargate")
        XCTAssertTrue(model.services.allSatisfy { $0.verdicts.allSatisfy(\.eligible) }, "the scenario assumes all four feasible")
        let saving = try XCTUnwrap(model.figures.preferCostSaving)
        XCTAssertEqual(saving.comparable, 3)
        XCTAssertEqual(saving.notComparable, 1)
        XCTAssertEqual(saving.talkUSD, 150, accuracy: 1e-9)
        XCTAssertEqual(saving.cheapestUSD, 55, accuracy: 1e-9)
        XCTAssertEqual(saving.differing, 2)
        XCTAssertEqual(saving.largest.map(\.name), ["d", "a"])
        XCTAssertEqual(saving.largest.map(\.cheapest), [.lambda, .lambda])
        let md = ReportRenderer.render(model, format: .markdown, language: .en)
        XCTAssertTrue(md.contains("the talk's choices cost $150.00 a month; the cheapest feasible platform for each (berth batch --prefer cost) would cost $55.00: $95.00 less (63.3%), from 2 services that would move."), md)
        XCTAssertTrue(md.contains("| [d](#d) | Fargate $100.00 | Lambda $30.00 | $70.00 |\n| [a](#a) | Fargate $40.00 | Lambda $15.00 | $25.00 |"), md)
        XCTAssertTrue(md.contains("1 services are not compared"), md)
        let ja = ReportRenderer.render(model, format: .html, language: .ja)
        XCTAssertTrue(ja.contains("<h3>--prefer cost による削減額</h3>"), ja)
        XCTAssertTrue(ja.contains("差額は $95.00（63.3%）で、2 件のサービスの配置先が変わります。"), ja)
        XCTAssertNil(try Fixture.exampleModel().figures.preferCostSaving, "nothing priced, nothing compared")
    }

    func testDatesAreWrittenForPeople() {
        XCTAssertEqual(Strings(lang: .en).date("2026-12-02"), "2 December 2026")
        XCTAssertEqual(Strings(lang: .ja).date("2026-12-02"), "2026年12月2日")
        XCTAssertEqual(Strings(lang: .en).dateTime("2026-12-02T09:05:59.123Z"), "2 December 2026, 09:05 UTC")
        XCTAssertEqual(Strings(lang: .ja).dateTime("2026-01-31T23:00:00Z"), "2026年1月31日 23:00（UTC）")
        XCTAssertEqual(Strings(lang: .en).date("someday"), "someday", "not a date: shown as it is")
    }

    /// A list cut short says how many it leaves out, not a trailing "…" before the full stop.
    func testACutListSaysHowManyMoreThereAre() {
        XCTAssertEqual(Strings(lang: .en).nameList(["a", "b"], more: 4), "a, b and 4 more")
        XCTAssertEqual(Strings(lang: .ja).nameList(["a", "b"], more: 4), "a, b ほか 4 件")
        XCTAssertEqual(Strings(lang: .en).nameList(["a", "b"], more: 0), "a, b")
        XCTAssertEqual(Strings(lang: .en).nameList(["a"], more: 1), "a and 1 more")
    }

    /// The per-service CSV: a header and one row per service in input order, RFC 4180
    /// quoting, and cells that a spreadsheet would take for a formula written as text.
    func testTheCSVExportQuotesAndNeutralisesFormulas() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = "name,description,labels.team\nweb,\"=HYPERLINK(\"\"http://x\"\"), ok\",+ads\nplain,@sum,-x\nbare,tab,ok\n"
        try Fixture.batch(csv, into: db)
        let run = try ReportBuilder.selectRun(in: db, runID: nil)
        var out = ""
        let rows = try ReportCSV.write(database: db, run: run) { out += $0 }
        XCTAssertEqual(rows, 3)
        let lines = out.components(separatedBy: "\r\n")
        XCTAssertEqual(lines.count, 5, "header, three rows, and the empty text after the last CRLF")
        XCTAssertEqual(lines[0], ReportCSV.header.joined(separator: ","))
        XCTAssertTrue(lines[0].hasPrefix("name,line,description,labels,recommendation,"))
        XCTAssertTrue(lines[1].hasPrefix(#"web,2,"'=HYPERLINK(""http://x""), ok",team=+ads,"#), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("plain,3,'@sum,team=-x,"), lines[2])
        XCTAssertTrue(lines[3].hasPrefix("bare,4,tab,team=ok,"), lines[3])
        let model = try ReportBuilder.build(database: db)
        for (line, service) in zip(lines[1...3], model.services) {
            XCTAssertTrue(line.contains(",\(service.recommendation?.rawValue ?? "none"),"), line)
            XCTAssertTrue(line.contains(service.assumptions.isEmpty ? "," : "(default)"), line)
        }
    }

    /// The streamed export joins each row's shared cells (its outcome's, its assumption set's,
    /// its labels') exactly as a row worked out whole from its stored decision and profile
    /// would be: over the example inventory, priced, with labels whose pairs sort otherwise
    /// than their keys ("team-x=" before "team=", but key "team" before "team-x").
    func testTheCSVExportEqualsEachRowWorkedOutWhole() throws {
        let (db, dir) = try Fixture.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = try Fixture.inventoryText.split(separator: "\n").map(String.init)
        lines[0] += ",labels.team-x"
        for i in lines.indices.dropFirst() { lines[i] += i % 3 == 0 ? "," : ",x\(i % 2)" }
        let engine = Engine(pack: try PackLoader.builtin("current"), today: Fixture.today)
        var costs: [String: Double] = [:]
        for (i, line) in lines.enumerated().dropFirst() where i % 4 != 0 {
            costs[String(line.prefix { $0 != "," })] = Double(i) * 10.125
        }
        try Fixture.storeRun(lines.joined(separator: "\n") + "\n", costs: costs, engine: engine, in: db)
        let run = try ReportBuilder.selectRun(in: db, runID: nil)
        var streamed = ""
        let rows = try ReportCSV.write(database: db, run: run) { streamed += $0 }

        var whole = ReportCSV.header.joined(separator: ",") + "\r\n"
        var labelled = 0, priced = 0
        try db.forEachDecision(runID: run.id) { d in
            let profile = try XCTUnwrap(try Inventory.readAll(try Inventory.reader(text: d.profile, name: "p", format: .jsonl)).first?.profile)
            if profile.labels.count > 1 { labelled += 1 }
            if d.monthlyUSD != nil { priced += 1 }
            func usd(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "" }
            let feasible = Platform.allCases.filter { d.isEligible($0) }
            var cheapest: (Platform, Double)?
            if let r = d.recommendation, let talk = d.costs[r], feasible.allSatisfy({ d.costs[$0] != nil }) {
                cheapest = (r, talk)
                for p in feasible where (d.costs[p] ?? .infinity) < cheapest!.1 { cheapest = (p, d.costs[p] ?? 0) }
            }
            var cells = [
                Escape.csv(d.name), d.line.map(String.init) ?? "", Escape.csv(profile.description),
                Escape.csv(profile.labels.keys.sorted().map { "\($0)=\(profile.labels[$0] ?? "")" }.joined(separator: "; ")),
                d.recommendation?.rawValue ?? "none", Escape.csv(d.variant?.id ?? ""), usd(d.monthlyUSD),
                cheapest?.0.rawValue ?? "", usd(cheapest?.1),
                d.judgementCall.map { $0 ? "yes" : "no" } ?? "", Escape.csv(d.unverified?.joined(separator: " ") ?? ""),
                Escape.csv(d.assumptions.map { items in
                    items.map { a in
                        switch a.kind {
                        case .default: return "\(a.name)=\(a.value) (default)"
                        case .unknown: return "\(a.name) unknown"
                        case .undecided: return "\(a.name) undecided"
                        }
                    }.joined(separator: "; ")
                } ?? "not recorded"),
            ]
            for p in Platform.allCases {
                if let excluded = d.excludedBy[p] {
                    cells.append(Escape.csv("excluded" + (excluded.isEmpty ? "" : ": " + excluded.joined(separator: " "))))
                } else {
                    cells.append(p == d.recommendation ? "recommended" : "eligible")
                }
            }
            for p in Platform.allCases { cells.append(usd(d.costs[p])) }
            whole += cells.joined(separator: ",") + "\r\n"
        }
        XCTAssertEqual(rows, lines.count - 1)
        XCTAssertGreaterThan(labelled, 10, "rows with both labels")
        XCTAssertGreaterThan(priced, 10, "rows with a cost")
        XCTAssertEqual(streamed, whole)
        XCTAssertTrue(streamed.contains("; team-x=x"), "labels in key order")
        XCTAssertFalse(streamed.contains("team-x=x0; team=") || streamed.contains("team-x=x1; team="), "labels in key order")
    }

    /// The first page: the judgement calls and unverified checks are those of the decisions
    /// as the engine made them, and the page names them, the split, the changes and the risks.
    func testTheFirstPageSumsUpTheReview() throws {
        let model = try Fixture.exampleModel()
        let engine = Engine(pack: try PackLoader.builtin("current"), today: Fixture.today)
        let profiles = try Inventory.readAll(try Inventory.reader(text: try Fixture.inventoryText, name: "inventory.csv", format: .csv)).compactMap(\.profile)
        let decisions = profiles.map { engine.decide($0) }
        // Each list is counted whole and names its first services.
        func sample(_ names: [String]) -> NameSample { NameSample(count: names.count, names: Array(names.prefix(Glance.namesShown))) }
        let f = model.figures
        XCTAssertEqual(f.judgementCalls, sample(decisions.filter(\.judgementCall).map(\.profile)))
        XCTAssertGreaterThan(f.judgementCalls.count, Glance.namesShown, "the example inventory has more judgement calls than are named")
        XCTAssertEqual(f.unverifiedServices, sample(decisions.filter { !$0.unverified.isEmpty }.map(\.profile)))
        XCTAssertEqual(f.undecidable, sample(decisions.filter { $0.recommendation == nil }.map(\.profile)))
        let md = ReportRenderer.render(model, format: .markdown, language: .en)
        let glance = try XCTUnwrap(md.components(separatedBy: "## At a glance").dropFirst().first?.components(separatedBy: "## Summary").first)
        XCTAssertTrue(glance.contains("\(f.judgementCalls.count) of \(model.services.count) recommendations are judgement calls"), glance)
        XCTAssertTrue(glance.contains(f.judgementCalls.names[0]), glance)
        XCTAssertTrue(glance.contains("Changes since run \\#1: 1 added, 1 removed"), glance)
        XCTAssertTrue(glance.contains("\(f.undecidable.count) services have no eligible platform"), glance)
        let ja = ReportRenderer.render(model, format: .html, language: .ja)
        XCTAssertTrue(ja.contains("<section id=\"glance\" class=\"glance\">\n<h2>要点</h2>"), ja)
        XCTAssertTrue(ja.contains("\(model.services.count) 件中 \(f.judgementCalls.count) 件は判断の分かれる判定です"), ja)
    }
}
