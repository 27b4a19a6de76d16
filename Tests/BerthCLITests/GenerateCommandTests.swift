import Foundation
import XCTest

final class GenerateCommandTests: XCTestCase {
    private func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("berth-gen-\(UUID().uuidString)").path
    }

    func testWritesTheRecommendedPlatformsFiles() throws {
        let out = temporaryFolder()
        let result = try BerthRunner.run(["generate", "data/examples/web-api.yaml", "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("web-api: fargate skeleton in \(out)/"), result.stdout)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(files, ["README.md", "service.json", "taskdef.json"])
        let taskdef = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/taskdef.json"))) as? [String: Any]
        XCTAssertEqual(taskdef?["requiresCompatibilities"] as? [String], ["FARGATE"])
        XCTAssertEqual(taskdef?["networkMode"] as? String, "awsvpc")
    }

    func testAnExcludedPlatformIsRefusedWithTheRulesReasonAndNothingIsWritten() throws {
        let out = temporaryFolder()
        let result = try BerthRunner.run(["generate", "data/examples/gpu-infer.yaml", "--platform", "fargate", "--out", out])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("gpu-not-on-fargate"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Fargate has no GPUs"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testForceWritesTheFilesAndPutsTheViolatedRulesFirst() throws {
        let out = temporaryFolder()
        let result = try BerthRunner.run(["generate", "data/examples/gpu-infer.yaml", "--platform", "fargate", "--force", "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        let readme = try String(contentsOfFile: out + "/README.md", encoding: .utf8)
        let firstLines = readme.split(separator: "\n").prefix(12).joined(separator: "\n")
        XCTAssertTrue(firstLines.contains("gpu-not-on-fargate"), firstLines)
    }

    func testTheSameProfileGivesTheSameBytes() throws {
        let a = temporaryFolder(), b = temporaryFolder()
        for out in [a, b] {
            XCTAssertEqual(try BerthRunner.run(["generate", "data/examples/onprem-orders.yaml", "--out", out]).status, 0)
        }
        for file in ["k8s.yaml", "README.md"] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a + "/" + file)), try Data(contentsOf: URL(fileURLWithPath: b + "/" + file)), file)
        }
    }

    func testAnUnknownPlatformIsAUsageError() throws {
        let result = try BerthRunner.run(["generate", "data/examples/web-api.yaml", "--platform", "k8s"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("'k8s' is invalid for '--platform <platform>'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("'fargate', 'lambda', 'ecs-ec2' or 'eks'"), result.stderr)
    }
}
