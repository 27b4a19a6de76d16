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
        XCTAssertEqual(files, [".berth-manifest.json", "README.md", "express.yaml", "service.json", "taskdef.json", "template.yaml"])
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

    func testOutDashPrintsAOneFileSkeletonAndRefusesSeveral() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let examples = BerthRunner.packageRoot.appendingPathComponent("data/examples").path
        let here = URL(fileURLWithPath: folder)
        let single = try BerthRunner.run(["generate", examples + "/thumbnailer.yaml", "--platform", "lambda", "--out", "-"], in: here)
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertTrue(single.stdout.contains("\nTransform: AWS::Serverless-2016-10-31\n"), single.stdout)
        XCTAssertFalse(single.stdout.contains("# thumbnailer on AWS Lambda"), "the README is not printed")
        let several = try BerthRunner.run(["generate", examples + "/web-api.yaml", "--out", "-"], in: here)
        XCTAssertEqual(several.status, 2, several.stderr)
        XCTAssertTrue(several.stderr.contains("--out - prints a one-file skeleton, and the fargate skeleton is"), several.stderr)
        XCTAssertEqual(several.stdout, "")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [], "no folder named - is made")
    }

    /// Switching platform in one folder removes the previous skeleton's files berth wrote,
    /// keeps the ones edited since, and never touches files berth did not write.
    func testAnotherPlatformReplacesOnlyWhatBerthWrote() throws {
        let out = temporaryFolder()
        XCTAssertEqual(try BerthRunner.run(["generate", "data/examples/web-api.yaml", "--platform", "eks", "--out", out]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/k8s.yaml"))
        try "mine\n".write(toFile: out + "/notes.txt", atomically: false, encoding: .utf8)
        let switched = try BerthRunner.run(["generate", "data/examples/web-api.yaml", "--out", out])
        XCTAssertEqual(switched.status, 0, switched.stderr)
        XCTAssertTrue(switched.stdout.contains("removed the previous skeleton's k8s.yaml\n"), switched.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/k8s.yaml"))
        XCTAssertEqual(try String(contentsOfFile: out + "/notes.txt", encoding: .utf8), "mine\n")

        try "edited\n".write(toFile: out + "/taskdef.json", atomically: false, encoding: .utf8)
        let refused = try BerthRunner.run(["generate", "data/examples/web-api.yaml", "--out", out])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("taskdef.json (changed since berth wrote it)"), refused.stderr)
        XCTAssertEqual(try String(contentsOfFile: out + "/taskdef.json", encoding: .utf8), "edited\n")
        let back = try BerthRunner.run(["generate", "data/examples/web-api.yaml", "--platform", "eks", "--out", out])
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertTrue(back.stdout.contains("kept, edited since berth wrote them: taskdef.json\n"), back.stdout)
        XCTAssertEqual(try String(contentsOfFile: out + "/taskdef.json", encoding: .utf8), "edited\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/service.json"))
    }

    func testAnUnknownPlatformIsAUsageError() throws {
        let result = try BerthRunner.run(["generate", "data/examples/web-api.yaml", "--platform", "k8s"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("'k8s' is invalid for '--platform <platform>'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("'fargate', 'lambda', 'ecs-ec2' or 'eks'"), result.stderr)
    }
}
