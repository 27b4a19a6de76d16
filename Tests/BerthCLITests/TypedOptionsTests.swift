import Foundation
import XCTest

/// Options with a fixed set of values: listed in --help, anything else a usage error; and
/// `--lang`, else the locale, for every command that prints prose.
final class TypedOptionsTests: XCTestCase {
    /// Each command with its required arguments, so that the option's value is what fails.
    private let options: [(command: [String], option: String, values: String)] = [
        (["decide", "data/examples/web-api.yaml"], "--format", "text, json"),
        (["decide", "data/examples/web-api.yaml"], "--lang", "en, ja"),
        (["ask"], "--format", "text, json"),
        (["ask"], "--lang", "en, ja"),
        (["batch", "data/examples/inventory.csv"], "--format", "table, csv, json, jsonl"),
        (["batch", "data/examples/inventory.csv"], "--input-format", "csv, yaml, json, jsonl"),
        (["check", "data/examples/inventory-current.csv"], "--format", "text, json, sarif, junit, github"),
        (["check", "data/examples/inventory-current.csv"], "--fail-on", "misplaced, infeasible, unverified, no-platform, judgement-call"),
        (["report"], "--format", "html, markdown, csv"),
        (["report"], "--lang", "en, ja"),
        (["generate", "data/examples/web-api.yaml"], "--platform", "fargate, lambda, ecs-ec2, eks"),
    ]

    func testHelpListsEachOptionsValues() throws {
        for (command, option, values) in options {
            // Wide enough that no option's help wraps (a long option name puts it on the next line).
            let help = try BerthRunner.run(command + ["--help"], environment: ["COLUMNS": "400"]).stdout
            let lines = help.split(separator: "\n").map(String.init)
            let start = lines.drop { !$0.hasPrefix("  \(option) ") }
            let entry = (start.prefix(1) + start.dropFirst().prefix { $0.hasPrefix("   ") }).joined(separator: "\n")
            XCTAssertTrue(entry.contains("(values: \(values))") || entry.contains("(values: \(values);"), "\(command) \(option): \(entry)")
        }
    }

    func testAValueOutsideTheSetIsAUsageErrorNamingTheOption() throws {
        for (command, option, _) in options {
            let result = try BerthRunner.run(command + [option, "nonsense"])
            XCTAssertEqual(result.status, 2, "\(command) \(option): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("'nonsense' is invalid for '\(option) "), result.stderr)
        }
    }

    func testTheReportFollowsLangElseTheLocale() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("berth-lang-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) } }
        XCTAssertEqual(try BerthRunner.run(["batch", "data/examples/inventory.csv", "--format", "csv", "--db", db]).status, 0)

        let japanese = "# 各サービスの配置先\n", english = "# Where each service should run\n"
        let cases: [([String], [String: String], String)] = [
            ([], [:], english),
            ([], ["LANG": "ja_JP.UTF-8"], japanese),
            ([], ["LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"], japanese),
            (["--lang", "ja"], [:], japanese),
            (["--lang", "en"], ["LANG": "ja_JP.UTF-8"], english),
        ]
        for (arguments, environment, heading) in cases {
            let result = try BerthRunner.run(["report", "--db", db] + arguments, environment: environment)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.hasPrefix(heading), "\(arguments) \(environment): \(result.stdout.prefix(80))")
        }
    }
}
