import Foundation
import XCTest

/// `berth decide`'s `what_if` and `--timeline`, through the binary.
final class DecideWhatIfCommandTests: XCTestCase {
    private func json(_ arguments: [String], stdin: String) throws -> [String: Any] {
        let result = try BerthRunner.run(["decide", "-", "--format", "json"] + arguments, stdin: Data(stdin.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    private let site = "name: site\nos: windows\nvcpu: 2\nmemory_mib: 4096\nload_balancer: alb\n"

    /// Each `change` is written into the profile as JSON (a profile file may be JSON), decided
    /// again by the binary, and must give the suggested platform and variant.
    func testEachSuggestionIsTheRecommendationWhenTheChangedProfileIsDecided() throws {
        for (profile, asOf) in [(site, "2026-11-26"), (site, "2019-06-01"), ("name: job\ntrigger: event\nmax_duration_seconds: 600\n", "2026-11-26")] {
            let decision = try json(["--as-of", asOf], stdin: profile)
            let suggestions = try XCTUnwrap(decision["what_if"] as? [[String: Any]])
            XCTAssertFalse(suggestions.isEmpty, profile)
            for suggestion in suggestions {
                var fields: [String: Any] = [:]
                for line in profile.split(separator: "\n") {
                    let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    fields[parts[0]] = Int(parts[1]) ?? Double(parts[1]) ?? parts[1] as Any
                }
                let change = try XCTUnwrap(suggestion["change"] as? [String: Any])
                XCTAssertTrue((1...2).contains(change.count))
                fields.merge(change) { $1 }
                let edited = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
                let again = try json(["--as-of", asOf], stdin: edited)
                XCTAssertEqual(again["recommendation"] as? String, suggestion["platform"] as? String, "\(asOf) \(change)")
                XCTAssertEqual(again["variant"] as? String, suggestion["variant"] as? String, "\(asOf) \(change)")
                XCTAssertNotEqual(again["recommendation"] as? String, decision["recommendation"] as? String)
            }
        }
    }

    func testTextShowsAtMostThreeSuggestions() throws {
        let result = try BerthRunner.run(["decide", "-", "--as-of", "2026-11-26"], stdin: Data(site.utf8), environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let section = try XCTUnwrap(result.stdout.components(separatedBy: "What would change the recommendation:\n").last)
        let lines = section.split(separator: "\n").prefix { $0.hasPrefix("  ") }
        XCTAssertTrue((1...3).contains(lines.count), result.stdout)
    }

    func testTimelineOfAWindowsSiteBehindAnALB() throws {
        let decision = try json(["--as-of", "2026-11-26", "--timeline"], stdin: site)
        let timeline = try XCTUnwrap(decision["timeline"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(timeline.count, 2)
        XCTAssertEqual(timeline[0]["since"] as? String, "2018-08-03")
        XCTAssertEqual(timeline[0]["recommendation"] as? String, "ecs-ec2")
        XCTAssertEqual(timeline[0]["variant"] as? String, "self-managed")
        XCTAssertEqual((timeline[0]["because"] as? [Any])?.count, 0)
        XCTAssertEqual(timeline[1]["since"] as? String, "2021-10-01")
        XCTAssertEqual(timeline[1]["recommendation"] as? String, "fargate")
        XCTAssertEqual(timeline[1]["variant"] as? String, "on-demand")
        let because = try XCTUnwrap(timeline[1]["because"] as? [[String: Any]])
        XCTAssertTrue(because.contains { ($0["key"] as? String)?.hasPrefix("fargate_on_demand.") == true }, "\(because)")
        XCTAssertNil(try json(["--as-of", "2026-11-26"], stdin: site)["timeline"], "only with --timeline")

        let text = try BerthRunner.run(["decide", "-", "--as-of", "2026-11-26", "--timeline"], stdin: Data(site.utf8), environment: ["NO_COLOR": "1"])
        XCTAssertTrue(text.stdout.contains("  2018-08-03  ecs-ec2 / self-managed\n"), text.stdout)
        XCTAssertTrue(text.stdout.contains("  2021-10-01  fargate / on-demand  ("), text.stdout)
    }

    /// With rules where only a GPU makes EKS win, `all` suggests it and `user` (the default) does not.
    func testWhatIfTakesUserOrAll() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-whatif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id: eks-for-gpus\ntitle: EKS for GPU workloads\nrationale: A test.\nsource: {facts: [a test]}\nwhen: gpu_count > 0\neffect: {prefer: eks, step: gpus}\n"
            .write(to: folder.appendingPathComponent("gpu.yaml"), atomically: true, encoding: .utf8)
        try "- {id: gpus, title: GPUs, talk: a test, quote: a test}\n"
            .write(to: folder.appendingPathComponent("procedure.yaml"), atomically: true, encoding: .utf8)
        let changes = { (scope: [String]) throws -> [[String: Any]] in
            let decision = try self.json(["--rules", folder.path, "--as-of", "2026-11-26"] + scope, stdin: "name: web-api\n")
            return try XCTUnwrap(decision["what_if"] as? [[String: Any]]).compactMap { $0["change"] as? [String: Any] }
        }
        XCTAssertEqual(try changes([]).count, 0)
        XCTAssertEqual(try changes(["--what-if", "user"]).count, 0)
        XCTAssertEqual(try changes(["--what-if", "all"]).map { $0["gpu_count"] as? Int }, [1])
        let bad = try BerthRunner.run(["decide", "-", "--what-if", "some"], stdin: Data("name: a\n".utf8))
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("user") && bad.stderr.contains("all"), bad.stderr)
    }
}
