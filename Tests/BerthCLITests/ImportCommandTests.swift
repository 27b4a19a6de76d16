import Foundation
import XCTest

/// berth import, and decide and batch reading the formats it imports (docs/import.md).
final class ImportCommandTests: XCTestCase {
    private var folder: URL!
    private var db: String { folder.appendingPathComponent("berth.sqlite").path }
    private let examples = "data/examples/import"

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testTheExampleFolderImportsEveryFormatAndReportsOnStderr() throws {
        let result = try BerthRunner.run(["import", examples, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = result.stdout.split(separator: "\n")
        XCTAssertEqual(rows.count, 10, "a header and nine workloads")
        XCTAssertEqual(rows.dropFirst().map { String($0.split(separator: ",")[0]) },
                       ["storefront", "thumbnailer", "api", "orders", "nightly-report", "notifier-send", "notifier-digest", "billing", "resize-function"])
        let stderr = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(stderr.last, "import: 9 workloads from 6 files, 0 skipped")
        XCTAssertTrue(stderr.contains("\(examples)/template.yaml:23:19: hidden-value: Resources.ResizeFunction.Properties.MemorySize is !Ref 'ResizeMemory'; its value is unknown to berth, so it is left out"), result.stderr)
        for line in stderr.dropLast() {
            XCTAssertNotNil(line.range(of: #"^\S+:\d+:\d+: [a-z-]+: "#, options: .regularExpression), "every report line is file:line:col: kind: message: \(line)")
        }
    }

    func testBadFilesAreSkippedTheOthersImportedAndTheStatusIsOne() throws {
        _ = try write("repo/compose.yaml", "services:\n  web: {image: nginx}\n")
        _ = try write("repo/broken.yaml", "services:\n  web: [\n")
        _ = try write("repo/.git/config.yaml", "services: {hidden: {image: nginx}}\n")
        _ = try write("repo/k8s.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec:\n  containers:\n    - {name: a, image: nginx, resources: {limits: {cpu: 2x}}}\n")
        let out = folder.appendingPathComponent("profiles.yaml").path
        let result = try BerthRunner.run(["import", folder.appendingPathComponent("repo").path, "--out", out])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stdout, "")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(written.contains("name: \"web\""), written)
        XCTAssertFalse(written.contains("hidden"), ".git is not walked")
        XCTAssertTrue(result.stderr.contains("repo/broken.yaml:3:1: syntax: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("repo/k8s.yaml:6:57: bad-quantity: api: spec.containers[0].resources.limits.cpu '2x' is not a Kubernetes quantity"), result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("import: 1 workloads from 2 files, 2 skipped\n"), result.stderr)
    }

    func testNothingImportableIsBadInput() throws {
        let path = try write("profile.yaml", "name: web\n")
        let result = try BerthRunner.run(["import", path])
        XCTAssertEqual(result.status, 3)
        XCTAssertEqual(result.stderr.components(separatedBy: "\(path):1:1: unknown-format: ").count, 2, "reported once: \(result.stderr)")
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }

    func testDecideReadsAnImportFileAndDecidesEachWorkload() throws {
        let one = try BerthRunner.run(["decide", "\(examples)/taskdef-billing.json", "--format", "json", "--as-of", "2026-11-26"])
        XCTAssertEqual(one.status, 0, one.stderr)
        let single = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(single?["profile"] as? String, "billing", "one workload: the same object as for a profile file")
        let two = try BerthRunner.run(["decide", "\(examples)/k8s-orders.yaml", "--format", "json", "--as-of", "2026-11-26"])
        XCTAssertEqual(two.status, 0, two.stderr)
        let array = try JSONSerialization.jsonObject(with: Data(two.stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(array?.map { $0["profile"] as? String }, ["orders", "nightly-report"])
        XCTAssertTrue(two.stderr.contains("chosen-container"), two.stderr)
        let profileFile = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--format", "json", "--as-of", "2026-11-26"])
        XCTAssertEqual(profileFile.status, 0, "profile files are still read as profiles")
    }

    func testBatchOverTheFolderStoresTheRunAndTheProvenance() throws {
        let result = try BerthRunner.run(["batch", examples, "--db", db, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 10)
        XCTAssertTrue(result.stderr.contains("9 decided, 0 rejected; stored as run 1"), result.stderr)
        let show = try BerthRunner.run(["profile", "show", "orders", "--db", db])
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("  vcpu: 0.6 (imported from \(examples)/k8s-orders.yaml:29:22: cpu of 2 containers (envoy 100m + orders 500m) -> vcpu 0.6)"), show.stdout)
        XCTAssertTrue(show.stdout.contains("  os: linux (default)"), show.stdout)
        let again = try BerthRunner.run(["batch", examples, "--db", db, "--format", "csv"])
        XCTAssertEqual(again.status, 0)
        XCTAssertFalse(try BerthRunner.run(["profile", "show", "orders", "--db", db]).stdout.contains("history:"), "an unchanged import adds no version")
        let run = try BerthRunner.run(["runs", "show", "1", "--db", db])
        XCTAssertTrue(run.stdout.contains("(import, sha256 "), run.stdout)
    }

    func testImportStoreCurrentEnvironmentAndReport() throws {
        let report = folder.appendingPathComponent("report.json").path
        let result = try BerthRunner.run(["import", examples, "--store", "--db", db, "--current", "eks", "--environment", "prod",
                                          "--format", "jsonl", "--report", report])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.contains(#""name":"orders""#) && $0.contains(#""current_platform":"eks""#) }, result.stdout)
        XCTAssertTrue(lines.contains { $0.contains(#""name":"api""#) && $0.contains(#""vcpu":1}"#) && $0.contains(#""max_tasks":10,"#) && $0.contains(#""current_platform":"fargate""#) },
                      "Copilot's prod override, and Copilot says where it runs: \(result.stdout)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        XCTAssertEqual((json?["workloads"] as? [Any])?.count, 9)
        XCTAssertEqual(json?["errors"] as? [String], [])
        let show = try BerthRunner.run(["profile", "show", "api", "--db", db])
        XCTAssertTrue(show.stdout.contains("  vcpu: 1 (imported from \(examples)/copilot/api/manifest.yml:25:5: cpu 1024 -> vcpu 1 (1024 units = 1 vCPU))"), show.stdout)
    }

    func testDuplicateNamesAcrossFilesAreAnError() throws {
        let a = try write("a/compose.yaml", "services: {web: {image: nginx}}\n")
        let b = try write("b/compose.yaml", "services: {web: {image: nginx}}\n")
        let result = try BerthRunner.run(["batch", a, b, "--no-store", "--format", "csv"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("\(b):1:12: duplicate-name: 'web' (\(b):1:12) and 'web' (\(a):1:12) both become 'web'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("1 decided, 0 rejected, 1 skipped by the import"), result.stderr)
    }
}
