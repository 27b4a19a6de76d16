import Foundation
import XCTest

/// `berth ask` without a terminal: answers from a file or standard input, nothing prompted.
/// The interactive side is tested in a pseudo-terminal by scripts/test-ask-pty.
final class AskCommandTests: XCTestCase {
    private var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("berth-ask-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: tmp)
    }

    func testJSONIsExactlyWhatDecidePrintsForEveryExampleProfile() throws {
        let examples = BerthRunner.packageRoot.appendingPathComponent("data/examples")
        let profiles = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThan(profiles.count, 5)
        for name in profiles {
            let path = "data/examples/\(name)"
            for pack in ["current", "talk-2018"] {
                let decided = try BerthRunner.run(["decide", path, "--format", "json", "--rules", pack])
                let asked = try BerthRunner.run(["ask", "--answers", path, "--format", "json", "--rules", pack])
                XCTAssertEqual(asked.status, 0, "\(name): \(asked.stderr)")
                XCTAssertEqual(asked.stdout, decided.stdout, "\(name) under \(pack)")
                XCTAssertTrue(asked.stdout.contains("\"recommendation\""))
            }
        }
    }

    func testStandardInputAnswersAndTheTextReport() throws {
        let result = try BerthRunner.run(["ask"], stdin: Data("name: thumb\ntrigger: event\nmax_duration_seconds: 20\nms_billing: yes\n".utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = result.stdout
        XCTAssertTrue(out.contains("Your answers:"), out)
        XCTAssertTrue(out.contains("ms_billing                 yes  (answers file <stdin>:4)"), out)
        XCTAssertTrue(out.contains("os                         linux  (default)"), out)
        XCTAssertTrue(out.contains("\nthumb: lambda / on-demand (AWS Lambda)\n"), out)
        XCTAssertTrue(out.contains("What would have to change for another platform to win"), out)
        XCTAssertTrue(out.contains("  eks: onprem_interop = yes (now no)"), out)
        XCTAssertFalse(out.contains("Question 1"), "nothing is prompted without a terminal")
    }

    func testJapaneseFromTheLocaleOrTheFlag() throws {
        let input = Data("name: web\n".utf8)
        let byLocale = try BerthRunner.run(["ask"], stdin: input, environment: ["LANG": "ja_JP.UTF-8", "LC_ALL": ""])
        XCTAssertTrue(byLocale.stdout.contains("回答のまとめ:"), byLocale.stdout)
        XCTAssertTrue(byLocale.stdout.contains("（既定値）"))
        let byFlag = try BerthRunner.run(["ask", "--lang", "ja"], stdin: input, environment: ["LANG": "C"])
        XCTAssertTrue(byFlag.stdout.contains("ほかのプラットフォームが選ばれるには"), byFlag.stdout)
        let english = try BerthRunner.run(["ask", "--lang", "en"], stdin: input, environment: ["LANG": "ja_JP.UTF-8"])
        XCTAssertTrue(english.stdout.contains("Your answers:"))
        let bad = try BerthRunner.run(["ask", "--lang", "fr"], stdin: input)
        XCTAssertNotEqual(bad.status, 0)
    }

    func testAnInvalidAnswerIsAnErrorNamingTheQuestion() throws {
        let file = tmp.appendingPathComponent("answers.yaml")
        try "name: web\nvcpu: lots\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try BerthRunner.run(["ask", "--answers", file.path, "--generate", tmp.appendingPathComponent("out").path])
        XCTAssertEqual(result.status, 3)
        XCTAssertEqual(result.stderr, "\(file.path):2:7: wrong-type: question 'vcpu' (How many vCPUs does one task need?): 'vcpu' must be a number, got \"lots\"\n")
        XCTAssertEqual(result.stdout, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("out").path))

        let missing = try BerthRunner.run(["ask", "--answers", tmp.appendingPathComponent("nope.yaml").path])
        XCTAssertEqual(missing.status, 3)
        XCTAssertEqual(missing.stderr, tmp.appendingPathComponent("nope.yaml").path + ": unreadable: no such file\n")
        let folder = try BerthRunner.run(["ask", "--answers", tmp.path])
        XCTAssertEqual(folder.status, 3)
        XCTAssertTrue(folder.stderr.hasSuffix(": unreadable: is a folder, not an answers file\n"), folder.stderr)

        let noName = try BerthRunner.run(["ask"], stdin: Data())
        XCTAssertEqual(noName.status, 3)
        XCTAssertTrue(noName.stderr.contains("question 'name'"), noName.stderr)
    }

    func testSavedAnswersReplayToTheSameDecision() throws {
        let saved = tmp.appendingPathComponent("saved.yaml")
        let input = Data("name: dotnet\nos: windows\nvcpu: 2\nmemory_mib: 4096\nexec_access: y\nlabels.kubernetes: yes\n".utf8)
        let first = try BerthRunner.run(["ask", "--format", "json", "--save-answers", saved.path, "--rules", "talk-2018"], stdin: input)
        XCTAssertEqual(first.status, 0, first.stderr)
        let text = try String(contentsOf: saved, encoding: .utf8)
        XCTAssertTrue(text.contains("\nos: windows\n"), text)
        XCTAssertTrue(text.contains("\n# arch: x86_64\n"), text)
        XCTAssertTrue(text.contains("\nexec_access: true\n"), text)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tmp.path).filter { $0.contains("berth-tmp") }
        XCTAssertEqual(leftovers, [], "the answers file is written atomically")
        let replay = try BerthRunner.run(["ask", "--answers", saved.path, "--format", "json", "--rules", "talk-2018"])
        XCTAssertEqual(replay.status, 0, replay.stderr)
        XCTAssertEqual(replay.stdout, first.stdout)
        XCTAssertTrue(first.stdout.contains("\"recommendation\": \"ecs-ec2\""), first.stdout)
    }

    func testGenerateWritesTheSkeletonOfTheRecommendation() throws {
        let out = tmp.appendingPathComponent("deploy/web")
        let result = try BerthRunner.run(["ask", "--generate", out.path], stdin: Data("name: web\nload_balancer: alb\n".utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("fargate skeleton written to \(out.path)/"), result.stdout)
        for file in ["taskdef.json", "service.json", "README.md"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), file)
        }
    }

    /// --save stores the profile with where each answer came from.
    func testSaveStoresTheProfileAndItsProvenance() throws {
        let db = tmp.appendingPathComponent("b.sqlite")
        let answers = tmp.appendingPathComponent("answers.yaml")
        try "name: web\nvcpu: 2\nmemory_mib: 4096\n".write(to: answers, atomically: true, encoding: .utf8)
        let result = try BerthRunner.run(["ask", "--answers", answers.path, "--save", "--db", db.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let shown = try BerthRunner.run(["profile", "show", "web", "--db", db.path])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("vcpu: 2"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("answers file \(answers.path):2"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("os: linux (default)"), shown.stdout)
    }
}
