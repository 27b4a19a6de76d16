import Foundation
import XCTest

final class DecideCommandTests: XCTestCase {
    private func recommendation(_ yaml: String, pack: String) throws -> String? {
        let result = try BerthRunner.run(["decide", "-", "--format", "json", "--rules", pack], stdin: Data(yaml.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let rules = object?["rules"] as? [String: Any]
        XCTAssertEqual(rules?["pack"] as? String, pack)
        XCTAssertNotNil(object?["candidates"] as? [[String: Any]])
        return object?["recommendation"] as? String
    }

    /// Done-when of issue 2: every row of talk-criteria.md's table, through `berth decide --format json`.
    func testTheTalkCriteriaTableThroughTheCommandLine() throws {
        let table: [(String, String, String)] = [
            ("name: web-api\nvcpu: 0.5\nmemory_mib: 1024\ntrigger: http", "fargate", "fargate"),
            ("name: thumb\ntrigger: event\nmax_duration_seconds: 20\nmemory_mib: 512\nms_billing: true", "lambda", "lambda"),
            ("name: dotnet\nos: windows\nvcpu: 2\nmemory_mib: 4096", "ecs-ec2", "fargate"),
            ("name: ml\ngpu_count: 1", "ecs-ec2", "ecs-ec2"),
            ("name: ops\nexec_access: true", "ecs-ec2", "fargate"),
            ("name: spot\ntrigger: worker\npurchasing: spot", "ecs-ec2", "fargate"),
            ("name: dc\nonprem_interop: true", "eks", "eks"),
            ("name: job\ntrigger: event\nmax_duration_seconds: 600", "fargate", "lambda"),
        ]
        for (yaml, then, now) in table {
            XCTAssertEqual(try recommendation(yaml, pack: "talk-2018"), then, yaml)
            XCTAssertEqual(try recommendation(yaml, pack: "current"), now, yaml)
        }
    }

    func testMalformedProfilesGiveOneLineErrorsAndNonZeroExits() throws {
        let cases: [(String, Data, String)] = [
            ("typo", Data("name: a\ngpus: 1\n".utf8), "<stdin>:2:1: unknown-field: unknown field 'gpus'; did you mean 'gpu_count'?"),
            ("string for number", Data("name: a\nmemory_mib: lots\n".utf8), "<stdin>:2:13: wrong-type:"),
            ("macos", Data("name: a\nos: macos\n".utf8), "<stdin>:2:5: unknown-value:"),
            ("negative memory", Data("name: a\nmemory_mib: -5\n".utf8), "<stdin>:2:13: out-of-range:"),
            ("broken yaml", Data("name: a\nvcpu: [1\n".utf8), "<stdin>:"),
            ("empty", Data(), "<stdin>:1:1: empty:"),
            ("binary", Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0xFF, 0xFE]), "<stdin>:1:7: not-text:"),
        ]
        for (label, input, prefix) in cases {
            let result = try BerthRunner.run(["decide", "-"], stdin: input)
            XCTAssertFalse(result.crashed, label)
            XCTAssertEqual(result.status, 3, label)
            XCTAssertTrue(result.stderr.hasPrefix(prefix), "\(label): \(result.stderr)")
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "\(label): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", label)
        }
    }

    func testAMissingFileAndABadDateAreReported() throws {
        let missing = try BerthRunner.run(["decide", "no-such-file.yaml"])
        XCTAssertEqual(missing.status, 3)
        XCTAssertTrue(missing.stderr.contains("no-such-file.yaml"))
        let badDate = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--as-of", "last year"])
        XCTAssertEqual(badDate.status, 2)
        XCTAssertTrue(badDate.stderr.contains("--as-of"))
        let early = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--as-of", "2010-01-01"])
        XCTAssertEqual(early.status, 2)
        XCTAssertTrue(early.stderr.contains("before the talk of 2018-08-03"), early.stderr)
        let badPack = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--rules", "talk-2019"])
        XCTAssertEqual(badPack.status, 3)
        XCTAssertTrue(badPack.stderr.contains("talk-2018"))
    }

    func testANearFileNameIsSuggestedAndAJSONFileIsReadAsJSON() throws {
        let near = try BerthRunner.run(["decide", "data/examples/web-apy.yaml"])
        XCTAssertEqual(near.status, 3)
        XCTAssertEqual(near.stderr, "data/examples/web-apy.yaml: unreadable: no such file; did you mean 'data/examples/web-api.yaml'?\n")
        XCTAssertEqual(try BerthRunner.run(["decide", "data/examples/nothing-like-it.yaml"]).stderr,
                       "data/examples/nothing-like-it.yaml: unreadable: no such file\n")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let trailing = folder.appendingPathComponent("p.json")
        try Data("{\"name\": \"a\",\n \"vcpu\": 1,}\n".utf8).write(to: trailing)
        let refused = try BerthRunner.run(["decide", trailing.path])
        XCTAssertEqual(refused.status, 3)
        XCTAssertEqual(refused.stderr, "\(trailing.path):2:12: syntax: invalid JSON: expected a quoted key, found '}'\n")
        // The same text as YAML is fine (YAML flow mappings allow it), and so is valid JSON.
        let yaml = folder.appendingPathComponent("p.yaml")
        try Data("{\"name\": \"a\",\n \"vcpu\": 1,}\n".utf8).write(to: yaml)
        XCTAssertEqual(try BerthRunner.run(["decide", yaml.path]).status, 0)
        try Data("{\"name\": \"a\", \"vcpu\": 1, \"labels\": {\"team\": \"x\"}}\n".utf8).write(to: trailing)
        XCTAssertEqual(try BerthRunner.run(["decide", trailing.path]).status, 0)
    }

    /// A profile file is read and composed once, for both "is it a file to import?" and the
    /// profile: a file from disk and the same text on standard input (never an import) give
    /// the same errors, whether it has no document, two, or broken YAML.
    func testAProfileFileAndTheSameTextOnStandardInputGiveTheSameErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (text, expected) in [("", "the profile is empty"), ("name: a\n---\nname: b\n", "syntax"), ("name: [a\n", "syntax"),
                                 ("- name: a\n", "must be a mapping"), ("name: a\nvcpu: 1\n", nil)] {
            let file = folder.appendingPathComponent("p.yaml")
            try Data(text.utf8).write(to: file)
            let fromFile = try BerthRunner.run(["decide", file.path, "--format", "json"])
            let fromStdin = try BerthRunner.run(["decide", "-", "--format", "json"], stdin: Data(text.utf8))
            XCTAssertEqual(fromFile.status, fromStdin.status, text)
            XCTAssertEqual(fromFile.stdout, fromStdin.stdout, text)
            XCTAssertEqual(fromFile.stderr, fromStdin.stderr.replacingOccurrences(of: "<stdin>", with: file.path), text)
            if let expected {
                XCTAssertEqual(fromFile.status, 3, text)
                XCTAssertTrue(fromFile.stderr.contains(expected), fromFile.stderr)
            } else {
                XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
            }
        }
    }

    func testEveryProblemOfAProfileIsOneLineOfItsOwn() throws {
        let result = try BerthRunner.run(["decide", "-"], stdin: Data("name: a\nvcpu: lots\nos: macos\n".utf8))
        XCTAssertEqual(result.status, 3)
        XCTAssertEqual(result.stderr.split(separator: "\n").map { $0.split(separator: " ")[0] }, ["<stdin>:2:7:", "<stdin>:3:5:"])
    }

    func testAsOfIsADayOfTheCalendar() throws {
        for day in ["2020-02-29", "2021-04-30"] {
            let result = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--format", "json", "--as-of", day])
            XCTAssertEqual(result.status, 0, "\(day): \(result.stderr)")
            XCTAssertTrue(result.stdout.contains(#""as_of": "\#(day)""#), result.stdout)
        }
        for day in ["2021-02-29", "2021-02-31", "2021-04-31"] {
            let result = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--as-of", day])
            XCTAssertEqual(result.status, 2, day)
            XCTAssertTrue(result.stderr.contains("--as-of must be a calendar date as YYYY-MM-DD, got '\(day)'"), result.stderr)
            XCTAssertEqual(result.stdout, "", day)
        }
    }

    func testTextOutputExplainsTheWinnerAndEveryLoser() throws {
        let result = try BerthRunner.run(["decide", "-", "--rules", "talk-2018"], stdin: Data("name: win\nos: windows\nvcpu: 2\nmemory_mib: 4096\n".utf8))
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.hasPrefix("win: ecs-ec2"), result.stdout)
        XCTAssertTrue(result.stdout.contains("fargate: excluded"))
        XCTAssertTrue(result.stdout.contains("Fargate runs no Windows containers"))
        XCTAssertTrue(result.stdout.contains("lambda: excluded"))
        XCTAssertTrue(result.stdout.contains("eks: excluded"))
        XCTAssertTrue(result.stdout.contains("rules: talk-2018 as of 2018-08-03"))
    }

    func testAsOfMovesTheCatalogDate() throws {
        let yaml = "name: job\ntrigger: event\nmax_duration_seconds: 600\n"
        let before = try BerthRunner.run(["decide", "-", "--format", "json", "--as-of", "2018-09-30"], stdin: Data(yaml.utf8))
        let after = try BerthRunner.run(["decide", "-", "--format", "json", "--as-of", "2018-10-01"], stdin: Data(yaml.utf8))
        XCTAssertTrue(before.stdout.contains(#""recommendation": "fargate""#), before.stdout)
        XCTAssertTrue(after.stdout.contains(#""recommendation": "lambda""#), after.stdout)
        XCTAssertTrue(after.stdout.contains(#""as_of": "2018-10-01""#))
    }

    func testRulesTestAndLintPass() throws {
        let test = try BerthRunner.run(["rules", "test"])
        XCTAssertEqual(test.status, 0, test.stdout)
        XCTAssertTrue(test.stdout.hasSuffix(" passed, 0 failed\n"), test.stdout)
        let lint = try BerthRunner.run(["rules", "lint"])
        XCTAssertEqual(lint.status, 0, lint.stdout)
        let show = try BerthRunner.run(["rules", "show", "lambda-timeout", "--rules", "talk-2018"])
        XCTAssertTrue(show.stdout.contains("lambda.max_duration_seconds = 300"), show.stdout)
    }

    func testTheBinaryWorksFromAnyDirectory() throws {
        let tmp = FileManager.default.temporaryDirectory
        let result = try BerthRunner.run(["rules", "list", "--rules", "talk-2018"], in: tmp)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("windows-not-on-fargate"))
    }

    func testTheExplanationSpeaksJapaneseWhenAsked() throws {
        let flag = try BerthRunner.run(["decide", "data/examples/dotnet-site.yaml", "--rules", "talk-2018", "--lang", "ja"])
        XCTAssertEqual(flag.status, 0, flag.stderr)
        XCTAssertTrue(flag.stdout.contains("ecs-ec2 を推奨する理由"), flag.stdout)
        XCTAssertTrue(flag.stdout.contains("x Fargate では Windows コンテナを実行できない (os = windows"), flag.stdout)
        let locale = try BerthRunner.run(["decide", "data/examples/dotnet-site.yaml", "--rules", "talk-2018"], environment: ["LANG": "ja_JP.UTF-8"])
        XCTAssertEqual(locale.stdout, flag.stdout, "LANG=ja_JP.UTF-8 chooses Japanese")
        let english = try BerthRunner.run(["decide", "data/examples/dotnet-site.yaml", "--rules", "talk-2018"])
        XCTAssertTrue(english.stdout.contains("Why ecs-ec2"), english.stdout)
        let json = try BerthRunner.run(["decide", "data/examples/dotnet-site.yaml", "--rules", "talk-2018", "--lang", "ja", "--format", "json"])
        XCTAssertTrue(json.stdout.contains(#""rule": "windows-not-on-fargate""#), "rule ids stay the stable key")
    }
}
