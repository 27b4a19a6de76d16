import Foundation
import XCTest

/// `berth rules test|lint|show|list` on a user's own rules folder.
final class RulesCommandTests: XCTestCase {
    private func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-rules-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    private let bigTask = """
    id: big-task
    title: Big tasks go to EC2
    rationale: A team rule.
    source: {facts: ["team handbook"]}
    when: vcpu >= 8
    effect: {exclude: [fargate, lambda]}
    examples:
      fires: [{vcpu: 8}]
      does_not_fire: [{vcpu: 2}]
    """

    func testAUsersRulesAreTestedAndUsedForDecisions() throws {
        let dir = try folder(["team.yaml": bigTask, "tests.yaml": "- name: big\n  profile: {vcpu: 16}\n  expect: ecs-ec2\n"])
        let test = try BerthRunner.run(["rules", "test", dir])
        XCTAssertEqual(test.status, 0, test.stdout + test.stderr)
        XCTAssertEqual(test.stdout, "3 passed, 0 failed\n")
        let decided = try BerthRunner.run(["decide", "-", "--rules", dir, "--format", "json"], stdin: Data("name: big\nvcpu: 16\n".utf8))
        XCTAssertTrue(decided.stdout.contains(#""recommendation": "ecs-ec2""#), decided.stdout)
        XCTAssertTrue(decided.stdout.contains(#""rule": "big-task""#), decided.stdout)
    }

    func testAFailingExampleIsReportedWithItsPlaceAndExitsOne() throws {
        let wrong = bigTask.replacingOccurrences(of: "does_not_fire: [{vcpu: 2}]", with: "does_not_fire: [{vcpu: 12}]")
        let dir = try folder(["team.yaml": wrong])
        let test = try BerthRunner.run(["rules", "test", dir])
        XCTAssertEqual(test.status, 1)
        XCTAssertTrue(test.stdout.contains("\(dir)/team.yaml:9:"), test.stdout)
        XCTAssertTrue(test.stdout.contains("FAIL"), test.stdout)
        XCTAssertTrue(test.stdout.hasSuffix("1 passed, 1 failed\n"), test.stdout)
        XCTAssertTrue(test.stdout.contains("but its condition was true"), test.stdout)
    }

    func testABadRuleStopsLoadingAtItsPlace() throws {
        let dir = try folder(["team.yaml": bigTask.replacingOccurrences(of: "when: vcpu >= 8", with: "when: vcpus >= 8")])
        let test = try BerthRunner.run(["rules", "test", dir])
        XCTAssertEqual(test.status, 3)
        XCTAssertEqual(test.stderr, "\(dir)/team.yaml:5:7: unknown-name: unknown name 'vcpus'; did you mean 'vcpu'?\n")
    }

    func testAHugeConditionIsAnErrorInEveryRulesCommand() throws {
        let deep = String(repeating: "(", count: 10_000) + "vcpu >= 8" + String(repeating: ")", count: 10_000)
        let dir = try folder(["team.yaml": bigTask.replacingOccurrences(of: "vcpu >= 8", with: deep)])
        for arguments in [["rules", "test", dir], ["rules", "lint", dir], ["rules", "list", "--rules", dir]] {
            let result = try BerthRunner.run(arguments)
            XCTAssertFalse(result.crashed, arguments.joined(separator: " "))
            XCTAssertEqual(result.status, 3, arguments.joined(separator: " "))
            XCTAssertEqual(result.stderr, "\(dir)/team.yaml:5:7: syntax: the condition is 20009 bytes long; conditions are at most 4096\n")
        }
    }

    func testLintFindingsExitOne() throws {
        let noExamples = bigTask.components(separatedBy: "examples:").first ?? bigTask
        let dir = try folder(["team.yaml": noExamples])
        let lint = try BerthRunner.run(["rules", "lint", dir])
        XCTAssertEqual(lint.status, 1)
        XCTAssertTrue(lint.stdout.contains("no-examples: rule 'big-task' has no example it fires on"), lint.stdout)
        XCTAssertTrue(lint.stdout.hasSuffix("1 finding\n"), lint.stdout)
    }

    func testRulesTakesAPackNameOrAFolderNotAFile() throws {
        let result = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--rules", "rules/common/ecs-or-eks.yaml"])
        XCTAssertEqual(result.status, 3)
        XCTAssertEqual(result.stderr, "rules/common/ecs-or-eks.yaml: not-found: is a file; --rules takes a built-in pack (current, talk-2018) or a folder of rules\n")
        let folder = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--rules", "rules/talk-2018", "--format", "json"])
        XCTAssertEqual(folder.status, 0, folder.stderr)
        XCTAssertTrue(folder.stdout.contains(#""as_of": "2018-08-03""#), "the folder's pack.yaml sets the date")
    }
}
