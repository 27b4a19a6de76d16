import Foundation
import XCTest

/// `berth generate --run N`: every decided service of a stored run (docs/cli.md).
final class GenerateRunCommandTests: XCTestCase {
    private var folder: URL!
    private var db: String { folder.appendingPathComponent("berth.sqlite").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func batch(_ csv: String) throws {
        let path = folder.appendingPathComponent("inv-\(UUID().uuidString).csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try BerthRunner.run(["batch", path, "--db", db, "--format", "csv", "--out", "/dev/null"])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    private func entries(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    private let inventory = """
        name,trigger,os,arch,gpu_count,vcpu,memory_mib,schedule,health_check_path,max_duration_seconds
        api,http,linux,x86_64,0,0.5,1024,,/healthz,
        nightly,schedule,linux,x86_64,0,1,2048,cron(0 2 * * ? *),,600
        render,worker,windows,arm64,1,4,8192,,,

        """

    func testEveryDecidedServiceGetsItsFolderAndTheIndexSaysWhatWasSkipped() throws {
        try batch(inventory)
        let out = folder.appendingPathComponent("deploy").path
        let result = try BerthRunner.run(["generate", "--run", "1", "--out", out, "--db", db])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("run 1: 2 skeleton(s) in \(out)/, 1 skipped"), result.stdout)
        XCTAssertEqual(try entries(out), [".berth-manifest.json", "README.md", "api", "nightly"])
        XCTAssertTrue(try entries(out + "/api").contains("template.yaml"))
        let schedule = try String(contentsOfFile: out + "/nightly/template.yaml", encoding: .utf8)
        XCTAssertTrue(schedule.contains(#"ScheduleExpression: "cron(0 2 * * ? *)""#), "the stored run keeps the schedule")
        let index = try String(contentsOfFile: out + "/README.md", encoding: .utf8)
        XCTAssertTrue(index.contains("| api | fargate | on-demand | [`template.yaml`](api/template.yaml)"), index)
        XCTAssertTrue(index.contains("## Skipped"), index)
        XCTAssertTrue(index.contains("| render | no platform is eligible (excluded by "), index)
        let manifest = try String(contentsOfFile: out + "/.berth-manifest.json", encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"api/template.yaml\""), "one manifest for the whole run")
    }

    func testAPlatformOverrideSkipsWhatItExcludesUnlessForced() throws {
        try batch(inventory)
        let out = folder.appendingPathComponent("lambda").path
        let result = try BerthRunner.run(["generate", "--run", "1", "--platform", "lambda", "--out", out, "--db", db])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("skipped render: lambda is excluded by "), result.stdout)
        XCTAssertTrue(try entries(out).contains("api"))
        let forced = try BerthRunner.run(["generate", "--run", "1", "--platform", "lambda", "--force", "--out", out, "--db", db])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(forced.stdout.contains("render/: lambda/on-demand (forced)"), forced.stdout)
        XCTAssertTrue(try entries(out).contains("render"))
    }

    func testAServiceSkippedLaterLosesTheFolderBerthWrote() throws {
        try batch(inventory)
        let out = folder.appendingPathComponent("again").path
        XCTAssertEqual(try BerthRunner.run(["generate", "--run", "1", "--platform", "eks", "--force", "--out", out, "--db", db]).status, 0)
        XCTAssertTrue(try entries(out).contains("render"))
        let again = try BerthRunner.run(["generate", "--run", "1", "--platform", "eks", "--out", out, "--db", db])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("removed the previous skeleton's render/README.md, render/k8s.yaml"), again.stdout)
        XCTAssertFalse(try entries(out).contains("render"), "the emptied folder goes too")
    }

    func testUsageErrors() throws {
        try batch(inventory)
        for (arguments, message) in [
            (["generate", "--db", db], "name a profile, or a stored run with --run"),
            (["generate", "data/examples/web-api.yaml", "--run", "1", "--db", db], "give a profile or --run, not both"),
            (["generate", "--run", "1", "--out", "-", "--db", db], "--out - prints one skeleton"),
            (["generate", "--run", "1", "--variant", "spot", "--db", db], "--variant with --run needs --platform"),
            (["generate", "--run", "1", "--platform", "fargate", "--variant", "anywhere", "--out", folder.path + "/x", "--db", db], "'anywhere' is not a variant of fargate"),
        ] {
            let result = try BerthRunner.run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), result.stderr)
        }
        let missing = try BerthRunner.run(["generate", "--run", "7", "--out", folder.path + "/y", "--db", db])
        XCTAssertEqual(missing.status, 3, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("no run 7"), missing.stderr)
    }
}
