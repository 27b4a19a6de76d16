import Foundation
import XCTest

/// batch, runs, diff and profile: the commands that read and write the database.
final class StoreCommandsTests: XCTestCase {
    private var folder: URL!
    private var db: String { folder.appendingPathComponent("berth.sqlite").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testBrokenRowsAreReportedStoredAndTheGoodOnesDecided() throws {
        let csv = try write("inv.csv", "name,vcpu,os,gpu_count\napi,1,linux,\nbad,lots,linux,\nwin,2,macos,\napi,1,linux,\ngpu,4,linux,1\n")
        let result = try BerthRunner.run(["batch", csv, "--db", db, "--format", "csv"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout.split(separator: "\n").map(String.init), [
            "name,recommendation,variant,monthly_usd,fargate,lambda,ecs-ec2,eks",
            // 1 vCPU / 2 GB on Fargate, one task: 730 vCPU-h x $0.04048 = $29.55 + 1,460 GB-h x $0.004445 = $6.49.
            "api,fargate,on-demand,36.04,eligible,eligible,eligible,eligible",
            // The cheapest GPU type holding 4 vCPU and 1 GPU, g6.xlarge at $0.8048: 730 h = $587.50, and the
            // GPU fee of 7.8%: 730 x $0.0627744 = $45.83.
            "gpu,ecs-ec2,managed-instances,633.33,gpu-not-on-fargate,gpu-not-on-lambda,eligible,eligible",
        ])
        let errors = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertTrue(errors.contains { $0.hasPrefix("\(csv):3:") && $0.contains("'vcpu'") }, result.stderr)
        XCTAssertTrue(errors.contains { $0.hasPrefix("\(csv):4:") && $0.contains("'os'") }, result.stderr)
        XCTAssertTrue(errors.contains { $0.hasPrefix("\(csv):5:") && $0.contains("duplicate-name") }, result.stderr)
        let show = try BerthRunner.run(["runs", "show", "1", "--db", db])
        XCTAssertTrue(show.stdout.contains("2 decided, 3 rejected"), show.stdout)
        XCTAssertTrue(show.stdout.contains("line 3:"), show.stdout)
        XCTAssertTrue(show.stdout.contains("gpu  "), show.stdout)
    }

    /// The recommendation's monthly cost is stored with its outcome, shown by `runs show`, and
    /// a changed cost is a change for `diff` even when the recommendation stays.
    func testMonthlyCostsAreStoredShownAndDiffed() throws {
        let before = try write("before.csv", "name,vcpu,memory_mib\napi,1,2048\nsame,1,2048\n")
        let after = try write("after.csv", "name,vcpu,memory_mib\napi,2,4096\nsame,1,2048\n")
        XCTAssertEqual(try BerthRunner.run(["batch", before, "--db", db, "--format", "csv"]).status, 0)
        XCTAssertEqual(try BerthRunner.run(["batch", after, "--db", db, "--format", "csv"]).status, 0)
        let show = try BerthRunner.run(["runs", "show", "1", "--db", db])
        // 1 vCPU / 2 GB on Fargate, one task: $29.55 + $6.49 (as above).
        XCTAssertTrue(show.stdout.contains("name  recommendation  monthly_usd"), show.stdout)
        XCTAssertTrue(show.stdout.contains("api   fargate         36.04"), show.stdout)
        let diff = try BerthRunner.run(["diff", "1", "2", "--db", db])
        XCTAssertEqual(diff.status, 0)
        // 2 vCPU / 4 GB: 1,460 vCPU-h x $0.04048 = $59.10 + 2,920 GB-h x $0.004445 = $12.98.
        XCTAssertTrue(diff.stdout.contains("changed (1):\n  ~ api: fargate -> fargate\n"), diff.stdout)
        XCTAssertTrue(diff.stdout.contains("      monthly cost: $36.04 -> $72.08\n"), diff.stdout)
        XCTAssertFalse(diff.stdout.contains("same"), diff.stdout)
    }

    /// A row rejected in the earlier run and fixed in the later one is "decided now", not
    /// "added"; the reverse is "rejected now", not "removed".
    func testDiffTellsFixedAndBrokenRowsFromAddedAndRemoved() throws {
        let before = try write("before.csv", "name,vcpu,memory_mib\napi,1,lots\nworker,1,2048\n")
        let after = try write("after.csv", "name,vcpu,memory_mib\napi,1,2048\nworker,1,-5\n")
        XCTAssertEqual(try BerthRunner.run(["batch", before, "--db", db, "--format", "csv"]).status, 1)
        XCTAssertEqual(try BerthRunner.run(["batch", after, "--db", db, "--format", "csv"]).status, 1)
        let diff = try BerthRunner.run(["diff", "1", "2", "--db", db])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        XCTAssertFalse(diff.stdout.contains("added"), diff.stdout)
        XCTAssertFalse(diff.stdout.contains("removed"), diff.stdout)
        XCTAssertTrue(diff.stdout.contains("decided now, rejected in run 1 (1):\n  + api: fargate\n      was rejected: line 2: memory_mib: "), diff.stdout)
        XCTAssertTrue(diff.stdout.contains("rejected now, decided in run 1 (1):\n  - worker: was fargate\n      rejected: line 3: memory_mib: "), diff.stdout)
    }

    func testAnUnreadableInventoryStoresNothing() throws {
        let binary = folder.appendingPathComponent("inv.csv").path
        try Data([0x00, 0x01, 0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: binary))
        for input in [binary, folder.appendingPathComponent("missing.csv").path] {
            let result = try BerthRunner.run(["batch", input, "--db", db])
            XCTAssertEqual(result.status, 3, result.stderr)
            XCTAssertTrue(result.stderr.contains(input), result.stderr)
        }
        let unknownColumn = try write("cols.csv", "name,gpus\na,1\n")
        let result = try BerthRunner.run(["batch", unknownColumn, "--db", db])
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("did you mean 'gpu_count'"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "nothing was stored, not even an empty database")
    }

    func testReadingCommandsCreateNoDatabase() throws {
        for arguments in [["runs", "list"], ["runs", "show", "1"], ["diff", "1", "2"], ["profile", "list"], ["profile", "show", "x"],
                          ["profile", "rm", "x"], ["report"], ["decide", "x"]] {
            let result = try BerthRunner.run(arguments + ["--db", db])
            XCTAssertEqual(result.status, 3, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("\(db)"), "\(arguments): \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: db), "\(arguments) created the database")
        }
    }

    func testOutputFilesAreWrittenWholeAndDiffExplainsChanges() throws {
        let out = folder.appendingPathComponent("decided.jsonl").path
        let first = try BerthRunner.run(["batch", "data/examples/inventory.csv", "--db", db, "--format", "jsonl", "--out", out])
        XCTAssertEqual(first.status, 0, first.stderr)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            .map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let rows = lines.filter { $0["name"] != nil }
        let outcomes = lines.compactMap { $0["outcome"] as? [String: Any] }
        XCTAssertEqual(rows.count, 38, "a line a service")
        XCTAssertEqual(lines.count, 1 + rows.count + outcomes.count, "the run's line, then rows and their outcomes")
        XCTAssertLessThan(outcomes.count, rows.count, "services that decide alike share an outcome")
        let header = lines[0]
        XCTAssertEqual(header["pack"] as? String, "current")
        let rules = try XCTUnwrap(header["rules"] as? [String: [String: Any]])
        XCTAssertEqual(rows.first?["name"] as? String, "storefront-api")
        XCTAssertNotNil(outcomes.first?["assumptions"] as? [[String: Any]])
        // Every rule an outcome names is in the run's line, with its source: said once, not per row.
        for outcome in outcomes {
            for (_, platform) in try XCTUnwrap(outcome["platforms"] as? [String: [String: Any]]) {
                let named = (platform["excluded_by"] as? [String] ?? []) + ((platform["preferences"] as? [String: Any])?.keys.map { $0 } ?? [])
                for rule in named { XCTAssertFalse((rules[rule]?["source"] as? String ?? "").isEmpty, "\(rule) is described in the header") }
            }
        }

        XCTAssertEqual(try BerthRunner.run(["batch", "data/examples/inventory.csv", "--db", db, "--rules", "talk-2018", "--format", "csv"]).status, 0)
        let diff = try BerthRunner.run(["diff", "1", "2", "--db", db])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        XCTAssertTrue(diff.stdout.contains("~ dotnet-intranet: fargate -> ecs-ec2"), diff.stdout)
        XCTAssertTrue(diff.stdout.contains("windows-not-on-fargate now fires on fargate"), diff.stdout)
        XCTAssertEqual(diff.stdout.components(separatedBy: "rule pack: current -> talk-2018").count - 1, 1,
                       "the pack change is said once, not under every service: \(diff.stdout)")

        let runs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try BerthRunner.run(["runs", "list", "--db", db, "--format", "json"]).stdout.utf8)) as? [String: Any])
        XCTAssertEqual(runs["schema_version"] as? Int, 1)
        let listed = try XCTUnwrap(runs["runs"] as? [[String: Any]])
        XCTAssertEqual(listed.compactMap { $0["pack"] as? String }, ["talk-2018", "current"], "newest first, as the text lists them")
        XCTAssertEqual((listed[0]["rows"] as? [String: Any])?["decided"] as? Int, 38)
        let recommended = try XCTUnwrap(listed[0]["recommended"] as? [String: Int])
        XCTAssertEqual(recommended.values.reduce(0, +) + (listed[0]["none"] as? Int ?? 0), 38, "every decided row is counted once")

        func json(_ arguments: [String]) throws -> [String: Any] {
            let result = try BerthRunner.run(arguments + ["--db", db])
            XCTAssertEqual(result.status, 0, result.stderr)
            return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        let shown = try json(["runs", "show", "1", "--format", "json", "--limit", "2"])
        XCTAssertEqual(shown["schema_version"] as? Int, 1)
        XCTAssertEqual((shown["run"] as? [String: Any])?["pack"] as? String, "current")
        XCTAssertEqual(shown["truncated"] as? Bool, true)
        let stored = try XCTUnwrap((shown["decisions"] as? [[String: Any]])?.first)
        XCTAssertEqual(stored["name"] as? String, "storefront-api")
        XCTAssertEqual(stored["line"] as? Int, 2)
        let fargate = try XCTUnwrap((stored["platforms"] as? [String: Any])?["fargate"] as? [String: Any])
        XCTAssertEqual(((fargate["preferences"] as? [String: Any])?["fargate-default"] as? [String: Any])?["step"] as? Int, 5)
        XCTAssertEqual((stored["profile"] as? [String: Any])?["name"] as? String, "storefront-api")

        let changes = try json(["diff", "1", "2", "--format", "json"])
        XCTAssertEqual(changes["schema_version"] as? Int, 1)
        let dotnet = try XCTUnwrap((changes["changed"] as? [[String: Any]])?.first { $0["name"] as? String == "dotnet-intranet" })
        XCTAssertEqual(dotnet["before"] as? String, "fargate")
        XCTAssertEqual(dotnet["after"] as? String, "ecs-ec2")
        let why = try XCTUnwrap(dotnet["reasons"] as? [[String: Any]])
        XCTAssertTrue(why.contains { $0["kind"] as? String == "rule_now_fires" && $0["rule"] as? String == "windows-not-on-fargate" && $0["platform"] as? String == "fargate" })
        XCTAssertFalse(why.contains { $0["kind"] as? String == "pack" }, "the pack change is the run's, said once")
        let runChanges = try XCTUnwrap(changes["run_changes"] as? [[String: Any]])
        XCTAssertTrue(runChanges.contains { $0["kind"] as? String == "pack" && $0["before"] as? String == "current" && $0["after"] as? String == "talk-2018" })

        let html = folder.appendingPathComponent("review.html").path
        let summary = try json(["report", "--out", html, "--summary-format", "json"])
        XCTAssertEqual(summary["file"] as? String, html)
        XCTAssertEqual(summary["format"] as? String, "html")
        XCTAssertEqual(summary["services"] as? Int, 38)
        XCTAssertTrue(FileManager.default.fileExists(atPath: html))
        XCTAssertEqual(try BerthRunner.run(["report", "--summary-format", "json", "--db", db]).status, 2, "stdout holds the report itself")

        let skeletons = folder.appendingPathComponent("run-1").path
        let generated = try json(["generate", "--run", "1", "--out", skeletons, "--format", "json"])
        XCTAssertEqual(generated["folder"] as? String, skeletons)
        let written = try XCTUnwrap(generated["written"] as? [String])
        XCTAssertTrue(written.contains("README.md"), "\(written)")
        XCTAssertTrue(written.allSatisfy { FileManager.default.fileExists(atPath: skeletons + "/" + $0) }, "every file named was written")
        XCTAssertEqual(((generated["generated"] as? [[String: Any]])?.count ?? 0) + ((generated["skipped"] as? [[String: Any]])?.count ?? 0), 38,
                       "every service of the run is generated or skipped")
    }

    func testProfilesAreStoredWithHistoryAndDecidedByName() throws {
        let v1 = try write("api.yaml", "name: api\nvcpu: 1\n")
        XCTAssertEqual(try BerthRunner.run(["profile", "add", v1, "--db", db]).stdout, "api: version 1\n")
        let v2 = try write("api2.yaml", "name: api\ngpu_count: 1\n")
        XCTAssertEqual(try BerthRunner.run(["profile", "add", v2, "--db", db]).stdout, "api: version 2\n")
        let bad = try write("bad.yaml", "name: other\nos: macos\n")
        let refused = try BerthRunner.run(["profile", "add", v1, bad, "--db", db])
        XCTAssertEqual(refused.status, 3)
        XCTAssertTrue(refused.stderr.hasPrefix("\(bad):2:5:"), refused.stderr)

        let list = try BerthRunner.run(["profile", "list", "--db", db])
        XCTAssertEqual(list.stdout.split(separator: "\n").count, 1, "the refused batch stored nothing")
        XCTAssertTrue(list.stdout.hasPrefix("api  version 2"), list.stdout)
        let show = try BerthRunner.run(["profile", "show", "api", "--db", db])
        XCTAssertTrue(show.stdout.contains("gpu_count: 1 (file \(v2):2)"), show.stdout)
        XCTAssertTrue(show.stdout.contains("history: version 1"), show.stdout)
        let shown = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try BerthRunner.run(["profile", "show", "api", "--db", db, "--format", "json"]).stdout.utf8)) as? [String: Any])
        XCTAssertEqual(shown["schema_version"] as? Int, 1)
        XCTAssertEqual(shown["version"] as? Int, 2)
        XCTAssertEqual((shown["profile"] as? [String: Any])?["gpu_count"] as? Int, 1)
        let gpuSource = try XCTUnwrap((shown["sources"] as? [String: Any])?["gpu_count"] as? [String: Any])
        XCTAssertEqual(gpuSource["kind"] as? String, "given")
        XCTAssertEqual(gpuSource["file"] as? String, v2)
        XCTAssertEqual(gpuSource["line"] as? Int, 2)
        XCTAssertEqual((shown["history"] as? [[String: Any]])?.compactMap { $0["version"] as? Int }, [1, 2])
        let listed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try BerthRunner.run(["profile", "list", "--db", db, "--format", "json"]).stdout.utf8)) as? [String: Any])
        XCTAssertEqual((listed["profiles"] as? [[String: Any]])?.map { "\($0["name"] ?? "") \($0["version"] ?? "")" }, ["api 2"])

        let decided = try BerthRunner.run(["decide", "api", "--db", db, "--format", "json"])
        XCTAssertEqual(decided.status, 0, decided.stderr)
        XCTAssertTrue(decided.stdout.contains(#""recommendation": "ecs-ec2""#), decided.stdout)

        XCTAssertEqual(try BerthRunner.run(["profile", "rm", "api", "--latest", "--db", db]).status, 0)
        let older = try BerthRunner.run(["decide", "api", "--db", db, "--format", "json"])
        XCTAssertTrue(older.stdout.contains(#""recommendation": "fargate""#), older.stdout)
        XCTAssertEqual(try BerthRunner.run(["profile", "rm", "api", "--db", db]).status, 0)
        let gone = try BerthRunner.run(["decide", "api", "--db", db])
        XCTAssertEqual(gone.status, 3)
        XCTAssertTrue(gone.stderr.contains("no stored profile"), gone.stderr)
    }

    /// DEL and C1 controls are refused by `profile add` (stored, they made show, decide and
    /// generate fail later); an ESC from an inventory reaches stderr escaped, on one line.
    func testControlCharactersAreRefusedAndNeverPrintedRaw() throws {
        for bad in ["\\x7f", "\\x85", "\\u009b"] {  // YAML escapes: raw, the YAML reader refuses them
            let path = try write("ctl.yaml", "name: ctl\ndescription: \"a\(bad)b\"\n")
            let added = try BerthRunner.run(["profile", "add", path, "--db", db])
            XCTAssertEqual(added.status, 3, added.stderr)
            XCTAssertTrue(added.stderr.hasPrefix("\(path):2:14: control-character: 'description' holds the control character U+"), added.stderr)
        }
        let csv = try write("esc.csv", "name,\u{1b}[31mred\u{1b}[0m\napi,1\n")
        // Refused with --strict; else the column is ignored with a warning (no label key).
        for (strict, status, lines) in [(true, Int32(3), 1), (false, 0, 2)] {
            let batch = try BerthRunner.run(["batch", csv, "--no-store", "--format", "csv"] + (strict ? ["--strict"] : []))
            XCTAssertEqual(batch.status, status, batch.stderr)
            XCTAssertFalse(batch.stderr.unicodeScalars.contains { $0.value == 0x1b }, batch.stderr.debugDescription)
            XCTAssertTrue(batch.stderr.contains("\\u{1b}[31mred"), batch.stderr)
            XCTAssertEqual(batch.stderr.split(separator: "\n").count, lines, batch.stderr)
        }
    }

    /// A user pack is recorded by its canonical absolute folder, not its pack.yaml name (here
    /// `current`, the built-in's) or the relative path given: a report from another folder
    /// reloads that very pack.
    func testUserPacksAreRecordedByTheirCanonicalFolder() throws {
        let pack = folder.appendingPathComponent("current")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: BerthRunner.packageRoot.appendingPathComponent("rules/common"), to: pack.appendingPathComponent("rules"))
        try "name: current\ntitle: \"Team pack\"\ninclude: [rules]\n".write(to: pack.appendingPathComponent("pack.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link").path, withDestinationPath: pack.path)
        let csv = try write("inv.csv", "name,vcpu\napi,1\n")
        for given in ["./current", "link"] {
            let batch = try BerthRunner.run(["batch", csv, "--rules", given, "--db", db], in: folder)
            XCTAssertEqual(batch.status, 0, batch.stderr)
        }
        for run in ["1", "2"] {
            let shown = try BerthRunner.run(["runs", "show", run, "--db", db])
            XCTAssertTrue(shown.stdout.contains("rules \(pack.resolvingSymlinksInPath().path) as of"), shown.stdout)
            let report = try BerthRunner.run(["report", "--run", run, "--format", "markdown", "--out", "-", "--db", db])
            XCTAssertEqual(report.status, 0, report.stderr)
            XCTAssertTrue(report.stdout.contains("Team pack"), "the user's pack, not the built-in 'current'")
        }
    }

    func testDecidingAFileTouchesNoDatabase() throws {
        let result = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--db", db])
        XCTAssertEqual(result.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
    }
}
