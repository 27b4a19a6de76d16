import BerthBatch
import BerthCore
import BerthInventory
import BerthReport
import BerthRules
import BerthStore
import Foundation
import XCTest

enum Fixture {
    static let today = "2026-11-26"

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var inventoryPath: String { packageRoot.appendingPathComponent("data/examples/inventory.csv").path }

    static var inventoryText: String {
        get throws { try String(contentsOfFile: inventoryPath, encoding: .utf8) }
    }

    /// Stores a batch of `csv` decided by `engine`, with `usd[name]` as the monthly cost of
    /// that service's recommendation (the rest unpriced).
    static func storeRun(_ csv: String, costs usd: [String: Double], engine: Engine, in db: AppDatabase) throws {
        let reader = try Inventory.reader(text: csv, name: "inv.csv", format: .csv)
        _ = try Batch.run(reader: reader, store: db, options: BatchOptions(pack: "current", asOf: engine.asOf, inputPath: "inv.csv")) { profile in
            var decision = engine.decide(profile)
            if let cost = usd[profile.name], let i = decision.candidates.firstIndex(where: { $0.platform == decision.recommendation }) {
                decision.candidates[i].cost = CostSummary(monthlyUSD: cost, monthlyText: nil, totalText: nil, region: "us-east-1",
                                                          pricesAsOf: Fixture.today, missing: [], notPriced: [], gaps: [], json: [:])
            }
            return decision
        }
    }

    static func temporaryDatabase() throws -> (AppDatabase, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (try AppDatabase(path: dir.appendingPathComponent("berth.sqlite").path), dir)
    }

    /// Decides a CSV text with the real engine and stores it as a run.
    @discardableResult
    static func batch(_ csv: String, into db: AppDatabase, pack name: String = "current",
                      inputPath: String = "data/examples/inventory.csv") throws -> Int64 {
        let engine = Engine(pack: try PackLoader.builtin(name), today: today)
        let options = BatchOptions(pack: name, asOf: engine.asOf, inputPath: inputPath)
        let reader = try Inventory.reader(text: csv, name: inputPath, format: .csv)
        let summary = try Batch.run(reader: reader, store: db, options: options, decide: { engine.decide($0) })
        return try XCTUnwrap(summary.runID)
    }

    /// The previous inventory of the golden scenario: storefront-api not there yet, a
    /// service since retired, and legacy-crm still behind an ALB (it moved to a CLB since).
    static func previousInventory() throws -> String {
        var lines = try inventoryText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.hasPrefix("storefront-api,") }
        if let i = lines.firstIndex(where: { $0.hasPrefix("legacy-crm,") }) {
            lines[i] = lines[i].replacingOccurrences(of: ",clb,", with: ",alb,")
        }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).count
        let retired = ["retired-batch", "Nightly batch retired this quarter"] + Array(repeating: "", count: header - 2)
        lines.insert(retired.joined(separator: ","), at: 1)
        return lines.joined(separator: "\n")
    }

    /// Two runs (previous, then the example inventory) with timestamps fixed.
    /// `aggregateAbove` small makes the report aggregated (`ReportModel.aggregated`).
    static func exampleModel(aggregateAbove: Int = ReportBuilder.aggregateAbove) throws -> ReportModel {
        let (db, dir) = try temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: dir) }
        try batch(try previousInventory(), into: db)
        try batch(try inventoryText, into: db)
        var model = try ReportBuilder.build(database: db, generatedAt: Date(timeIntervalSince1970: 1_795_000_000), aggregateAbove: aggregateAbove)
        fixTimes(&model)
        return model
    }

    static func fixTimes(_ model: inout ReportModel) {
        model.run.startedAt = "2026-11-26T09:00:00.000Z"
        model.run.finishedAt = "2026-11-26T09:00:01.000Z"
        model.changes?.to = model.run
        model.changes?.from.startedAt = "2026-11-19T09:00:00.000Z"
        model.changes?.from.finishedAt = "2026-11-19T09:00:01.000Z"
        model.generatedAt = "2026-11-26T10:00:00Z"
    }

    static var goldenFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    /// `text` against `Golden/NAME`; `BERTH_UPDATE_GOLDEN=1` rewrites the file instead.
    static func assertGolden(_ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["BERTH_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenFolder, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        guard text != golden else { return }
        let a = text.split(separator: "\n", omittingEmptySubsequences: false)
        let b = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        XCTFail("\(name) differs from the golden file at line \(i + 1):\n  got:    \(i < a.count ? a[i] : "<end>")\n  golden: \(i < b.count ? b[i] : "<end>")\n(BERTH_UPDATE_GOLDEN=1 to accept)",
                file: file, line: line)
    }
}
