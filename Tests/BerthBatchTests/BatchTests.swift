@testable import BerthBatch
import BerthCore
import BerthInventory
import BerthStore
import Crypto
import Foundation
import XCTest

func temporaryDirectory() -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-batch-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

let brokenInventory = """
    name,memory_mib,trigger,os,gpu_count
    api,2048,http,,
    lots-of-memory,lots,http,,
    worker,1024,worker,,
    api,512,http,,
    windows-app,4096,http,windows,
    gpu-job,8192,worker,,1
    bad-os,512,http,macos,
    """

final class PipelineTests: XCTestCase {
    func options() -> BatchOptions { BatchOptions(pack: SyntheticDecider.pack, asOf: SyntheticDecider.asOf, inputPath: "inv.csv") }

    /// Every way the pipeline can run: decided and priced beside reading, decided beside
    /// reading and priced beside storing, both beside storing, or all on one thread.
    static let modes = [(threaded: true, decideWhileReading: true, priceWhileReading: true), (true, true, false), (true, false, true),
                        (false, true, true)]

    func testBrokenRowsAreRejectedAndTheRestDecidedAndStored() throws {
        for mode in Self.modes {
            let db = try AppDatabase()
            var reported: [RejectedRow] = []
            var opts = options()
            (opts.threaded, opts.decideWhileReading, opts.priceWhileReading) = mode
            let reader = try Inventory.reader(text: brokenInventory, name: "inv.csv", format: .csv)
            let summary = try Batch.run(reader: reader, store: db, options: opts, onRejected: { reported.append($0) }, decide: SyntheticDecider.decide)
            XCTAssertEqual(summary.rows, 7)
            XCTAssertEqual(summary.decided, 4)
            XCTAssertEqual(summary.rejected, 3)
            XCTAssertEqual(summary.exitStatus, 1)
            XCTAssertEqual(reported, summary.rejectedRows)
            XCTAssertEqual(summary.rejectedRows.map(\.location.line), [3, 5, 8])
            XCTAssertEqual(summary.rejectedRows.map(\.field), ["memory_mib", "name", "os"])
            XCTAssertEqual(summary.rejectedRows.map(\.code), ["wrong-type", "duplicate-name", "unknown-value"])
            XCTAssertEqual(summary.rejectedRows[1].name, "api")
            XCTAssertEqual(summary.rejectedRows[0].description.hasPrefix("inv.csv:3:16: wrong-type:"), true, summary.rejectedRows[0].description)
            XCTAssertEqual(summary.inputSHA256, SHA256.hash(data: Array(brokenInventory.utf8)).hex)
            let run = try XCTUnwrap(db.run(id: try XCTUnwrap(summary.runID)))
            XCTAssertEqual(run.status, "complete")
            XCTAssertEqual([run.rowsTotal, run.rowsDecided, run.rowsRejected], [7, 4, 3])
            XCTAssertEqual(run.inputSHA256, summary.inputSHA256)
            XCTAssertEqual(try db.decisions(runID: run.id).map(\.name), ["api", "worker", "windows-app", "gpu-job"])
            XCTAssertEqual(try db.decisions(runID: run.id).map(\.line), [2, 4, 6, 7])
            XCTAssertEqual(try db.rejectedRows(runID: run.id).map(\.line), [3, 5, 8])
            // Each rejected row keeps the name it was written with, so a later diff can match it.
            XCTAssertEqual(try db.rejectedRows(runID: run.id).map(\.name), ["lots-of-memory", "api", "bad-os"])
            let counts = Platform.allCases.reduce(0) { $0 + (summary.recommended[$1] ?? 0) } + summary.none
            XCTAssertEqual(counts, summary.decided)
        }
    }

    /// A `ProfileError` from `decide` (a region the prices do not cover) rejects the row
    /// wherever it is decided, and the rows around it are stored.
    func testADeciderErrorRejectsItsRowInEveryMode() throws {
        for mode in Self.modes {
            let db = try AppDatabase()
            var opts = options()
            (opts.threaded, opts.decideWhileReading, opts.priceWhileReading) = mode
            let reader = try Inventory.reader(text: "name,memory_mib\na,512\nb,1024\nc,2048\n", name: "inv.csv", format: .csv)
            let summary = try Batch.run(reader: reader, store: db, options: opts) { profile in
                if profile.name == "b" { throw ProfileError(.unknownValue, at: SourceLocation(file: "inv.csv", line: 3), field: "region", "not priced") }
                return SyntheticDecider.decide(profile)
            }
            XCTAssertEqual([summary.decided, summary.rejected], [2, 1], "\(mode)")
            XCTAssertEqual(summary.rejectedRows.map(\.field), ["region"], "\(mode)")
            XCTAssertEqual(try db.decisions(runID: try XCTUnwrap(summary.runID)).map(\.name), ["a", "c"], "\(mode)")
            XCTAssertEqual(try db.rejectedRows(runID: try XCTUnwrap(summary.runID)).map(\.line), [3], "\(mode)")
        }
    }

    func testThreadedAndSerialStoreTheSameRows() throws {
        let csv = SyntheticInventory.csv(rows: 3000, seed: 7, badEvery: 100)
        var stored: [[StoredDecision]] = []
        var summaries: [BatchSummary] = []
        for mode in Self.modes {
            let db = try AppDatabase()
            var opts = options()
            (opts.threaded, opts.decideWhileReading, opts.priceWhileReading) = mode
            opts.chunkSize = 500
            let summary = try Batch.run(reader: Inventory.reader(text: csv, name: "s.csv", format: .csv), store: db, options: opts, decide: SyntheticDecider.decide)
            summaries.append(summary)
            stored.append(try db.decisions(runID: try XCTUnwrap(summary.runID)).map { var d = $0; d.runID = 0; return d })
        }
        for i in 1..<Self.modes.count {
            XCTAssertEqual(stored[0], stored[i], "\(Self.modes[i])")
            XCTAssertEqual(summaries[0].recommended, summaries[i].recommended, "\(Self.modes[i])")
        }
        XCTAssertEqual(summaries[0].rejected, 30)
        XCTAssertEqual(summaries[0].decided, 2970)
    }

    func testNoStoreAndProgress() throws {
        var progress: [Int] = []
        var opts = options()
        opts.progressEvery = 100
        let summary = try Batch.run(reader: Inventory.reader(text: SyntheticInventory.csv(rows: 250, seed: 1), name: "s.csv", format: .csv),
                                    store: nil, options: opts, onProgress: { progress.append($0.rows) }, decide: SyntheticDecider.decide)
        XCTAssertNil(summary.runID)
        XCTAssertEqual(summary.exitStatus, 0)
        XCTAssertEqual(progress, [100, 200, 250])
    }

    func testSyntheticInventoryIsSeeded() {
        XCTAssertEqual(SyntheticInventory.csv(rows: 50, seed: 3), SyntheticInventory.csv(rows: 50, seed: 3))
        XCTAssertNotEqual(SyntheticInventory.csv(rows: 50, seed: 3), SyntheticInventory.csv(rows: 50, seed: 4))
    }
}

final class WriterTests: XCTestCase {
    func run(_ format: BatchOutputFormat, color: Bool = false, width: Int? = nil) throws -> String {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("out.\(format.rawValue)").path
        let out = try OutputFile.atomic(path: path)
        let header = BatchJSONHeader(pack: "p", asOf: "2025-01-01",
                                     procedure: [ProcedureStep(id: "first", title: "First", talk: "t", quote: "q")],
                                     rules: [.init(id: "no-gpu-serverless", title: "GPUs need instances", effect: "exclude fargate, exclude lambda",
                                                   step: nil, source: "talk 2018-08-03: GPU")])
        let sink = BatchWriters.sink(format, to: out, header: header, color: color, width: width)
        _ = try Batch.run(reader: Inventory.reader(text: brokenInventory, name: "inv.csv", format: .csv), store: nil,
                          options: BatchOptions(pack: "p", asOf: "2025-01-01", inputPath: "inv.csv"), sink: sink, decide: SyntheticDecider.decide)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["out.\(format.rawValue)"], "no temporary file left")
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    func testCSV() throws {
        XCTAssertEqual(try run(.csv), """
            name,recommendation,variant,monthly_usd,fargate,lambda,ecs-ec2,eks
            api,fargate,,,eligible,eligible,avoid-instances,avoid-instances
            worker,fargate,,,eligible,worker-not-lambda,avoid-instances,avoid-instances
            windows-app,fargate,,,eligible,lambda-no-windows,avoid-instances,windows-eks-fargate;avoid-instances
            gpu-job,ecs-ec2,,,no-gpu-serverless,no-gpu-serverless;worker-not-lambda,eligible,eligible

            """)
    }

    func testJSONAndJSONLines() throws {
        let json = try run(.json)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(document["schema_version"] as? Int, 2)
        XCTAssertEqual(document["pack"] as? String, "p")
        XCTAssertEqual(document["as_of"] as? String, "2025-01-01")
        let rules = try XCTUnwrap(document["rules"] as? [String: [String: Any]])
        XCTAssertEqual(rules["no-gpu-serverless"]?["source"] as? String, "talk 2018-08-03: GPU", "each rule's source once, in the header")
        let array = try XCTUnwrap(document["decisions"] as? [[String: Any]])
        XCTAssertEqual(array.map { $0["name"] as? String }, ["api", "worker", "windows-app", "gpu-job"])
        XCTAssertEqual(array.map { $0["line"] as? Int }, [2, 4, 6, 7])
        XCTAssertEqual(array[3]["recommendation"] as? String, "ecs-ec2")
        // Each row names its outcome; the four rows decide four ways, numbered in order of first use.
        XCTAssertEqual(array.map { $0["outcome"] as? Int }, [1, 2, 3, 4])
        let outcomes = try XCTUnwrap(document["outcomes"] as? [[String: Any]])
        XCTAssertEqual(outcomes.map { $0["id"] as? Int }, [1, 2, 3, 4])
        XCTAssertEqual(outcomes[3]["recommendation"] as? String, "ecs-ec2")
        let gpu = try XCTUnwrap(outcomes[3]["platforms"] as? [String: [String: Any]])
        XCTAssertEqual(gpu["lambda"]?["excluded_by"] as? [String], ["no-gpu-serverless", "worker-not-lambda"])
        XCTAssertEqual(gpu["ecs-ec2"]?["rank"] as? Int, 1)
        XCTAssertEqual((array[3]["platform_monthly_usd"] as? [String: Any])?.keys.sorted(), ["ecs-ec2", "eks", "fargate", "lambda"])
        XCTAssertFalse(json.contains("\"message\""), "outcomes name rules by id; decide gives the messages")

        let jsonl = try run(.jsonl)
        let lines = jsonl.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 9, "the run's line, then each row after its outcome's line")
        let first = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(first["schema_version"] as? Int, 2)
        XCTAssertNotNil(first["rules"])
        XCTAssertNil(first["decisions"])
        let documentLines = json.split(separator: "\n").map { String($0.dropFirst(2)) }
        XCTAssertEqual(lines[1], "{\"outcome\":" + documentLines[6].dropLast() + "}", "an outcome line is the document's outcome")
        XCTAssertEqual(lines[2], String(documentLines[1].dropLast()), "a row line is the document's row")
        for line in lines { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8))) }
        XCTAssertEqual(try run(.json), json, "deterministic")
        XCTAssertEqual(try run(.jsonl), jsonl, "deterministic")
    }

    /// Rows that decide alike share one outcome, given once; rows that differ only in cost too.
    func testRowsThatDecideAlikeShareAnOutcome() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("out.jsonl").path
        let header = BatchJSONHeader(pack: "p", asOf: "2025-01-01", procedure: [], rules: [])
        let inventory = "name,os,gpu_count\na,linux,0\nb,linux,0\nc,windows,0\nd,linux,0\n"
        _ = try Batch.run(reader: Inventory.reader(text: inventory, name: "inv.csv", format: .csv), store: nil,
                          options: BatchOptions(pack: "p", asOf: "2025-01-01", inputPath: "inv.csv"),
                          sink: BatchWriters.sink(.jsonl, to: try OutputFile.atomic(path: path), header: header), decide: SyntheticDecider.decide)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let kinds = lines.map { $0["outcome"] is [String: Any] ? "outcome" : $0["name"] as? String ?? "?" }
        XCTAssertEqual(kinds, ["outcome", "a", "b", "outcome", "c", "d"])
        XCTAssertEqual(lines.compactMap { $0["name"] == nil ? nil : $0["outcome"] as? Int }, [1, 1, 2, 1])
    }

    /// With room for one outcome, jsonl gives an outcome again under a new id whenever it
    /// has forgotten it, and every row still names an outcome given on an earlier line, the
    /// same as the one it names when nothing is forgotten.
    func testJSONLinesGivesAForgottenOutcomeAgain() throws {
        func run(outcomeMemory: Int) throws -> [[String: Any]] {
            let path = temporaryDirectory().appendingPathComponent("out.jsonl").path
            let header = BatchJSONHeader(pack: "p", asOf: "2025-01-01", procedure: [], rules: [])
            let sink = JSONSink(try OutputFile.atomic(path: path), header: header, lines: true, outcomeMemory: outcomeMemory)
            let inventory = "name,os\na,linux\nb,windows\nc,linux\nd,linux\ne,windows\n"
            _ = try Batch.run(reader: Inventory.reader(text: inventory, name: "inv.csv", format: .csv), store: nil,
                              options: BatchOptions(pack: "p", asOf: "2025-01-01", inputPath: "inv.csv"), sink: sink, decide: SyntheticDecider.decide)
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
                .map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        }
        /// Each row's name and its outcome as given (less the id), checking each id was given before.
        func resolved(_ lines: [[String: Any]]) throws -> [String] {
            var given: [Int: String] = [:], rows: [String] = []
            for line in lines {
                if var outcome = line["outcome"] as? [String: Any] {
                    let id = try XCTUnwrap(outcome.removeValue(forKey: "id") as? Int)
                    XCTAssertNil(given[id], "id \(id) is given once")
                    given[id] = String(decoding: try JSONSerialization.data(withJSONObject: outcome, options: .sortedKeys), as: UTF8.self)
                } else {
                    let id = try XCTUnwrap(line["outcome"] as? Int)
                    rows.append("\(line["name"] ?? ""): \(try XCTUnwrap(given[id], "outcome \(id) given before the row"))")
                }
            }
            return rows
        }
        let remembered = try run(outcomeMemory: 16 << 20), forgetful = try run(outcomeMemory: 1)
        XCTAssertEqual(remembered.filter { $0["outcome"] is [String: Any] }.count, 2)
        XCTAssertEqual(forgetful.filter { $0["outcome"] is [String: Any] }.count, 4, "a, b, c and e each give theirs: only d follows the outcome it shares")
        XCTAssertEqual(try resolved(forgetful), try resolved(remembered))
    }

    func testTable() throws {
        let table = try run(.table)
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[0].hasPrefix("NAME         RECOMMENDATION  FARGATE"), String(lines[0]))
        XCTAssertTrue(lines[4].hasPrefix("gpu-job      ecs-ec2         ✗ no-gpu-serverless"), String(lines[4]))
        XCTAssertTrue(table.hasSuffix("\n4 decided: fargate 3, lambda 0, ecs-ec2 1, eks 0, none 0, rejected 3\n"), table)
        XCTAssertFalse(table.contains("\u{1B}["))
        XCTAssertTrue(try run(.table, color: true).contains("\u{1B}[32m"))
    }

    /// On a terminal the table fits its width: the widest columns give way, cells cut with
    /// an ellipsis; at the table's own width nothing is cut.
    func testTheTableFitsTheTerminal() throws {
        let whole = try run(.table)
        let rows = whole.split(separator: "\n").prefix { !$0.hasPrefix("4 decided") }
        let natural = rows.map(\.count).max()!
        XCTAssertEqual(try run(.table, width: natural), whole)
        XCTAssertFalse(whole.contains("…"))
        let narrow = try run(.table, width: 60)
        let narrowRows = narrow.split(separator: "\n").filter { !$0.hasPrefix("4 decided") && !$0.isEmpty }
        XCTAssertTrue(narrowRows.allSatisfy { $0.count <= 60 }, narrow)
        XCTAssertTrue(narrow.contains("…"), narrow)
        XCTAssertEqual(narrowRows.count, rows.count, "every service is still listed")
        XCTAssertTrue(try run(.table, width: natural - 1).contains("…"), "one column less cuts a cell")
    }

    func testAtomicOutputLeavesTheOldFileUntilCommit() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("decided.csv").path
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        do {
            let out = try OutputFile.atomic(path: path)
            try out.write("new\n")
            try out.flush()
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old\n")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).count, 2, "the temporary file sits beside the target")
            out.discard()
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["decided.csv"])
        do {
            let out = try OutputFile.atomic(path: path)
            try out.write("new\n")
            _ = out  // dropped without commit
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old\n")
        let out = try OutputFile.atomic(path: path)
        try out.write("new\n")
        try out.commit()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["decided.csv"])
        XCTAssertThrowsError(try OutputFile.atomic(path: "/nonexistent-dir/x.csv"))
    }
}

/// Kills a real process in the middle of a batch and checks the database afterwards.
final class CrashConsistencyTests: XCTestCase {
    func benchBinary() -> URL? {
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { dir.deleteLastPathComponent() }
        for config in ["debug", "release"] {
            let url = dir.appendingPathComponent(".build/\(config)/berth-bench")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    func runBench(_ binary: URL, rows: Int, db: String) throws -> Process {
        let process = Process()
        process.executableURL = binary
        // Small transactions, so the first rows are committed soon even on a loaded machine.
        process.arguments = [String(rows), "--db", db, "--chunk", "1000"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func testKilledBatchLeavesEarlierRunsIntactAndItsRunIncomplete() throws {
        guard let binary = benchBinary() else { throw XCTSkip("berth-bench is not built") }
        let path = temporaryDirectory().appendingPathComponent("berth.sqlite").path
        let first = try runBench(binary, rows: 500, db: path)
        first.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)

        let second = try runBench(binary, rows: 1_000_000, db: path)
        // Wait until the second run has committed some rows, then kill it (the bound only
        // keeps a broken build from hanging the suite).
        let deadline = Date().addingTimeInterval(600)
        var seen = 0
        while Date() < deadline, second.isRunning {
            let db = try AppDatabase(path: path, readOnly: true)
            if let running = try db.runs().first(where: { $0.status == "running" }) {
                seen = try db.decisions(runID: running.id, limit: 1).count
                if seen > 0 { break }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertTrue(second.isRunning, "the batch finished before it could be killed; make it bigger")
        kill(second.processIdentifier, SIGKILL)
        second.waitUntilExit()
        XCTAssertGreaterThan(seen, 0)

        let db = try AppDatabase(path: path)
        let runs = try db.runs()
        XCTAssertEqual(runs.map(\.status), ["incomplete", "complete"])
        XCTAssertEqual(runs[1].rowsTotal, 500)
        XCTAssertEqual(try db.decisions(runID: runs[1].id).count, 500)
        let integrity = try DatabaseCheck.integrity(path: path)
        XCTAssertEqual(integrity, "ok")
    }
}
