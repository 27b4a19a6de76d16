import Foundation
import XCTest

/// What `berth decide` prints, byte for byte, for the example profiles (fixed date, so that
/// `current` does not move with the calendar). `BERTH_UPDATE_GOLDEN=1` rewrites the files.
final class DecideGoldenTests: XCTestCase {
    private let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    private func check(_ arguments: [String], _ name: String) throws {
        let result = try BerthRunner.run(arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        let file = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["BERTH_UPDATE_GOLDEN"] == "1" {
            try result.stdout.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(result.stdout, expected, "\(name) differs; rerun with BERTH_UPDATE_GOLDEN=1 if the change is intended")
    }

    func testDecisionsMatchTheirGoldenFiles() throws {
        for profile in ["web-api", "dotnet-site", "gpu-infer", "thumbnailer"] {
            let path = "data/examples/\(profile).yaml"
            try check(["decide", path, "--format", "json", "--as-of", "2026-11-26"], "decide-\(profile).json")
            try check(["decide", path, "--rules", "talk-2018"], "decide-\(profile)-2018.txt")
        }
    }

    func testOutputIsTheSameEveryTime() throws {
        let first = try BerthRunner.run(["decide", "data/examples/onprem-orders.yaml", "--format", "json", "--as-of", "2026-11-26"])
        let second = try BerthRunner.run(["decide", "data/examples/onprem-orders.yaml", "--format", "json", "--as-of", "2026-11-26"])
        XCTAssertEqual(first.stdout, second.stdout)
    }
}
