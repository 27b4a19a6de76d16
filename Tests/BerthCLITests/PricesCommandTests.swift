import Foundation
import XCTest

/// `decide`'s pricing options and `berth prices list`.
final class PricesCommandTests: XCTestCase {
    /// docs/cost.md's Example lambda-x86 through `decide`: $9.33, and $2.47 with `--free-tier`.
    func testDecidePricesTheRecommendationAndTheFreeTierComesOff() throws {
        let yaml = "name: api\ntrigger: event\nmemory_mib: 512\nms_billing: true\nrequests_per_month: 10000000\navg_duration_ms: 87.3\n"
        let plain = try BerthRunner.run(["decide", "-", "--as-of", "2026-12-01"], stdin: Data(yaml.utf8))
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stdout.contains("  lambda / on-demand: $9.33, $9.33 in all (us-east-1, prices as of 2026-12-01)\n"), plain.stdout)
        let free = try BerthRunner.run(["decide", "-", "--as-of", "2026-12-01", "--free-tier"], stdin: Data(yaml.utf8))
        XCTAssertTrue(free.stdout.contains("  lambda / on-demand: $2.47, $2.47 in all"), free.stdout)
    }

    func testBadPricingInputIsBadInputWithItsPlace() throws {
        let region = try BerthRunner.run(["decide", "-"], stdin: Data("name: api\nregion: eu-west-1\n".utf8))
        XCTAssertEqual(region.status, 3)
        XCTAssertTrue(region.stderr.contains("<stdin>:2:9: unknown-region: region 'eu-west-1' is not priced; priced regions: ap-northeast-1, us-east-1"), region.stderr)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-prices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("prices.yaml")
        try Data("regions: [us-east-1]\nprices:\n  fargate.linux.x86_64.vcpu:\n    unit: vCPU-hour\n    values:\n      - {region: us-east-1, usd: 0.04, source: x, confidence: H}\n".utf8).write(to: file)
        let bad = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--prices", file.path])
        XCTAssertEqual(bad.status, 3)
        XCTAssertTrue(bad.stderr.contains("\(file.path):6:9: no-date:"), bad.stderr)

        let clusters = try BerthRunner.run(["decide", "data/examples/web-api.yaml", "--services-per-cluster", "0"])
        XCTAssertEqual(clusters.status, 2, clusters.stderr)
    }

    func testABatchRowInAnUnpricedRegionIsRejected() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-prices-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("inv.csv")
        try Data("name,region\napi,us-east-1\nfar,eu-west-1\n".utf8).write(to: csv)
        let result = try BerthRunner.run(["batch", csv.path, "--no-store", "--format", "csv"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 2, result.stdout)
        XCTAssertTrue(result.stderr.contains("\(csv.path):3:1: unknown-value: region 'eu-west-1' is not priced"), result.stderr)
    }

    func testPricesListShowsWhatIsInForceAtADateAndRegion() throws {
        let tokyo = try BerthRunner.run(["prices", "list", "--region", "ap-northeast-1", "--as-of", "2026-12-01"])
        XCTAssertEqual(tokyo.status, 0, tokyo.stderr)
        XCTAssertTrue(tokyo.stdout.hasPrefix("prices in force in ap-northeast-1 on 2026-12-01\n"), tokyo.stdout)
        // docs/cost.md's Example tokyo reads these two.
        XCTAssertTrue(tokyo.stdout.contains("fargate.linux.x86_64.vcpu "), tokyo.stdout)
        XCTAssertTrue(tokyo.stdout.contains(" 0.05056 "), tokyo.stdout)
        XCTAssertTrue(tokyo.stdout.contains(" 0.00553 "), tokyo.stdout)
        let unknown = try BerthRunner.run(["prices", "list", "--region", "mars-1"])
        XCTAssertEqual(unknown.status, 3)
        XCTAssertTrue(unknown.stderr.contains("unknown-region: region 'mars-1' is not priced"), unknown.stderr)
    }
}
