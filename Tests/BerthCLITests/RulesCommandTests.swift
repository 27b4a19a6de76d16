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

    func testTestAndLintResultsComeAsJSONAndJUnit() throws {
        let wrong = bigTask.replacingOccurrences(of: "does_not_fire: [{vcpu: 2}]", with: "does_not_fire: [{vcpu: 12}]")
            .replacingOccurrences(of: "title: Big tasks go to EC2", with: "title: \"Big <tasks> & EC2\"")
        let dir = try folder(["team.yaml": wrong])
        let json = try BerthRunner.run(["rules", "test", dir, "--format", "json"])
        XCTAssertEqual(json.status, 1)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["schema_version"] as? Int, 1)
        XCTAssertEqual(doc["passed"] as? Int, 1)
        XCTAssertEqual(doc["failed"] as? Int, 1)
        let failed = try XCTUnwrap((doc["results"] as? [[String: Any]])?.first { $0["passed"] as? Bool == false })
        XCTAssertEqual(failed["name"] as? String, "big-task: does not fire #1")
        XCTAssertEqual(failed["file"] as? String, dir + "/team.yaml")
        XCTAssertEqual(failed["line"] as? Int, 9)

        let junit = try BerthRunner.run(["rules", "test", dir, "--format", "junit"])
        XCTAssertEqual(junit.status, 1)
        XCTAssertTrue(junit.stdout.contains(#"tests="2" failures="1""#), junit.stdout)
        XCTAssertTrue(junit.stdout.contains(#"<testcase name="big-task: does not fire #1" classname=""#), junit.stdout)
        XCTAssertTrue(junit.stdout.contains("<failure type=\"example\""), junit.stdout)

        // A rule without examples nor source: lint findings, in JSON and JUnit (the title escaped).
        let bare = try folder(["team.yaml": "id: bare\ntitle: t\nrationale: r\nsource: {facts: []}\nwhen: vcpu > 1\neffect: {exclude: [eks]}\n"])
        let lint = try BerthRunner.run(["rules", "lint", bare, "--format", "json"])
        XCTAssertEqual(lint.status, 1)
        let codes = (try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])["findings"] as? [[String: Any]])?
            .compactMap { $0["code"] as? String }
        XCTAssertEqual(Set(codes ?? []), ["no-source", "no-examples"])
        let lintJUnit = try BerthRunner.run(["rules", "lint", bare, "--format", "junit"])
        XCTAssertTrue(lintJUnit.stdout.contains(#"<testcase name="no-source" classname="berth.lint" time="0">"#), lintJUnit.stdout)
        let clean = try BerthRunner.run(["rules", "lint", "--format", "junit"])
        XCTAssertEqual(clean.status, 0, clean.stdout)
        XCTAssertTrue(clean.stdout.contains(#"tests="1" failures="0""#), clean.stdout)
    }

    func testListAndShowComeAsJSON() throws {
        let list = try BerthRunner.run(["rules", "list", "--format", "json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["schema_version"] as? Int, 1)
        let rules = try XCTUnwrap(doc["rules"] as? [[String: Any]])
        let event = try XCTUnwrap(rules.first { $0["id"] as? String == "lambda-event-driven" })
        XCTAssertEqual(event["step"] as? String, "lambda-suits")
        XCTAssertEqual(event["effect"] as? String, "prefer lambda at lambda-suits")
        XCTAssertEqual((doc["procedure"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.first, "onprem-interoperability")

        let show = try BerthRunner.run(["rules", "show", "lambda-timeout", "--format", "json", "--as-of", "2018-08-03"])
        let rule = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((rule["catalog"] as? [String: Any])?["lambda.max_duration_seconds"] as? Int, 300, "the value at the date asked")
        XCTAssertEqual(rule["effect"] as? String, "exclude lambda")
        XCTAssertTrue(rule["step"] is NSNull)
        XCTAssertEqual((rule["examples"] as? [[String: Any]])?.first?["fires"] as? Bool, true)
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
