import BerthCore
@testable import BerthCost
import Foundation
import XCTest

/// The worked examples of docs/cost.md: every line against the hand computation written
/// there (quantities and unit prices from prices.md), and the page's Result line against
/// what the calculator returns.
final class WorkedExampleTests: XCTestCase {
    static let doc: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/cost.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The text of `### Example NAME:` up to the next heading.
    func section(_ name: String) -> String {
        guard let start = Self.doc.range(of: "### Example \(name):") else {
            XCTFail("docs/cost.md has no example \(name)")
            return ""
        }
        let rest = Self.doc[start.upperBound...]
        let end = rest.range(of: "\n#")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// (monthly_usd, monthly_usd_total) as the example's Result line states them.
    func documented(_ name: String) -> (Double, Double)? {
        let text = section(name)
        guard let match = text.range(of: #"Result: `monthly_usd` \*\*([0-9.]+)\*\*, `monthly_usd_total` \*\*([0-9.]+)\*\*"#, options: .regularExpression) else {
            XCTFail("example \(name) has no Result line")
            return nil
        }
        let numbers = text[match].split(separator: "*").compactMap { Double($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    struct Line {
        var price: String
        var quantity: Double
        var unitPrice: Double
        var amount: Double
        var adjacent = false
    }

    @discardableResult
    func check(_ name: String, _ input: CostInput, _ expected: [Line], monthly: Double, total: Double,
               file: StaticString = #filePath, line: UInt = #line) throws -> CostEstimate? {
        guard let estimate = try calculator.cost(input).estimate else {
            XCTFail("\(name): not priced: \(try calculator.cost(input))", file: file, line: line)
            return nil
        }
        XCTAssertEqual(estimate.breakdown.count, expected.count, "\(name): \(estimate.breakdown.map(\.item))", file: file, line: line)
        for (got, want) in zip(estimate.breakdown, expected) {
            XCTAssertEqual(got.price, want.price, name, file: file, line: line)
            XCTAssertEqual(got.quantity, want.quantity, accuracy: 1e-6 * max(1, abs(want.quantity)), "\(name) \(got.item)", file: file, line: line)
            XCTAssertEqual(got.unitPrice, want.unitPrice, accuracy: 1e-12, "\(name) \(got.item)", file: file, line: line)
            XCTAssertEqual(got.amount, want.amount, "\(name) \(got.item)", file: file, line: line)
            XCTAssertEqual(got.adjacent, want.adjacent, "\(name) \(got.item)", file: file, line: line)
        }
        XCTAssertEqual(estimate.monthlyUSD, monthly, name, file: file, line: line)
        XCTAssertEqual(estimate.monthlyUSDTotal, total, name, file: file, line: line)
        if let (docMonthly, docTotal) = documented(name) {
            XCTAssertEqual(docMonthly, monthly, "docs/cost.md \(name)", file: file, line: line)
            XCTAssertEqual(docTotal, total, "docs/cost.md \(name)", file: file, line: line)
        }
        XCTAssertEqual(estimate.region, input.region, file: file, line: line)
        XCTAssertEqual(estimate.pricesAsOf, input.date, file: file, line: line)
        return estimate
    }

    static let today = "2026-12-01"

    func testLambdaX86() throws {
        let input = CostInput(variant: .lambdaOnDemand, memoryMiB: 512, trigger: .http, requestsPerMonth: 10_000_000,
                              avgDurationMs: 87.3, date: Self.today)
        let estimate = try check("lambda-x86", input, [
            Line(price: "lambda.requests", quantity: 10_000_000, unitPrice: 0.0000002, amount: 2.00),
            Line(price: "lambda.duration.x86_64", quantity: 440_000, unitPrice: 0.0000166667, amount: 7.33),
        ], monthly: 9.33, total: 9.33)
        XCTAssertTrue(estimate?.assumptions.contains { $0.id == "front-door" && $0.text.contains("function URL") } ?? false)
        XCTAssertTrue(estimate?.assumptions.contains { $0.id == "billed-duration" && $0.text.contains("88 ms") } ?? false)

        var free = input
        free.freeTier = true
        let withFreeTier = try XCTUnwrap(try calculator.cost(free).estimate)
        XCTAssertEqual(withFreeTier.breakdown.map(\.quantity), [9_000_000, 40_000])
        XCTAssertEqual(withFreeTier.breakdown.map(\.amount), [1.80, 0.67])
        XCTAssertEqual(withFreeTier.monthlyUSD, 2.47)
        XCTAssertTrue(section("lambda-x86").contains("$2.47 in all"))
    }

    func testLambdaArm64() throws {
        let input = CostInput(variant: .lambdaOnDemand, arch: .arm64, memoryMiB: 512, trigger: .http, requestsPerMonth: 10_000_000,
                              avgDurationMs: 87.3, date: Self.today)
        try check("lambda-arm64", input, [
            Line(price: "lambda.requests", quantity: 10_000_000, unitPrice: 0.0000002, amount: 2.00),
            Line(price: "lambda.duration.arm64", quantity: 440_000, unitPrice: 0.0000133334, amount: 5.87),
        ], monthly: 7.87, total: 7.87)
    }

    func testFargateLinuxWithSizeRoundingBehindAnALB() throws {
        let input = CostInput(variant: .fargateOnDemand, vcpu: 0.3, memoryMiB: 1500, trigger: .http, loadBalancer: .alb,
                              requestsPerMonth: 5_000_000, avgTasks: 2, date: Self.today)
        let estimate = try check("fargate-linux", input, [
            Line(price: "fargate.linux.x86_64.vcpu", quantity: 730, unitPrice: 0.04048, amount: 29.55),
            Line(price: "fargate.linux.x86_64.memory", quantity: 2920, unitPrice: 0.004445, amount: 12.98),
            Line(price: "elb.alb.hour", quantity: 730, unitPrice: 0.0225, amount: 16.43, adjacent: true),
            Line(price: "elb.alb.lcu", quantity: 5_000_000.0 / 90_000, unitPrice: 0.008, amount: 0.44, adjacent: true),
            Line(price: "vpc.public_ipv4", quantity: 1460, unitPrice: 0.005, amount: 7.30, adjacent: true),
        ], monthly: 42.53, total: 66.70)
        XCTAssertTrue(estimate?.assumptions.contains { $0.id == "size" && $0.text.contains("512 cpu / 2048 MiB") } ?? false)
    }

    func testFargateWindows() throws {
        let input = CostInput(variant: .fargateOnDemand, os: .windows, vcpu: 1, memoryMiB: 3000, trigger: .worker, date: Self.today)
        try check("fargate-windows", input, [
            Line(price: "fargate.windows.vcpu", quantity: 730, unitPrice: 0.046552, amount: 33.98),
            Line(price: "fargate.windows.memory", quantity: 2190, unitPrice: 0.0051117, amount: 11.19),
            Line(price: "fargate.windows.licence", quantity: 730, unitPrice: 0.046, amount: 33.58),
        ], monthly: 78.75, total: 78.75)
    }

    func testFargateArm64WithStorage() throws {
        let input = CostInput(variant: .fargateOnDemand, arch: .arm64, vcpu: 1, memoryMiB: 2048, ephemeralStorageGiB: 50,
                              trigger: .worker, avgTasks: 3, date: Self.today)
        try check("fargate-arm64", input, [
            Line(price: "fargate.linux.arm64.vcpu", quantity: 2190, unitPrice: 0.03238, amount: 70.91),
            Line(price: "fargate.linux.arm64.memory", quantity: 4380, unitPrice: 0.00356, amount: 15.59),
            Line(price: "fargate.ephemeral_storage", quantity: 65_700, unitPrice: 0.000111, amount: 7.29),
        ], monthly: 93.79, total: 93.79)
    }

    func testFargateSpotPerEvent() throws {
        let input = CostInput(variant: .fargateSpot, vcpu: 1, memoryMiB: 2048, trigger: .event, requestsPerMonth: 100_000,
                              avgDurationMs: 45_000, date: Self.today)
        let hours = 100_000.0 * 60 / 3600
        let estimate = try check("fargate-spot", input, [
            Line(price: "fargate.linux.x86_64.vcpu", quantity: hours, unitPrice: 0.04048, amount: 67.47),
            Line(price: "fargate.linux.x86_64.memory", quantity: hours * 2, unitPrice: 0.004445, amount: 14.82),
            Line(price: "fargate.spot_discount", quantity: 82.29, unitPrice: -0.70, amount: -57.60),
        ], monthly: 24.69, total: 24.69)
        XCTAssertTrue(estimate?.assumptions.contains { $0.id == "fargate.spot_discount" && $0.confidence == "M" } ?? false)
    }

    func testECSManagedInstances() throws {
        let input = CostInput(variant: .ecsManagedInstances, vcpu: 1, memoryMiB: 3072, trigger: .http, avgTasks: 5, date: Self.today)
        let estimate = try check("ecs-managed-instances", input, [
            Line(price: "instance m7i.large", quantity: 2190, unitPrice: 0.1008, amount: 220.75),
            Line(price: "ecs.managed_instances.fee_share", quantity: 2190, unitPrice: 0.012096, amount: 26.49),
        ], monthly: 247.24, total: 247.24)
        XCTAssertTrue(estimate?.breakdown.first?.item.hasPrefix("m7i.large, 3 instances") ?? false)
    }

    func testEKSAutoModeOnSpotWithASharedCluster() throws {
        let input = CostInput(variant: .eksAutoMode, vcpu: 1, memoryMiB: 3072, trigger: .http, purchasing: .spot, avgTasks: 5,
                              date: Self.today, servicesPerCluster: 4)
        try check("eks-auto-mode-spot", input, [
            Line(price: "instance m7i.large", quantity: 2190, unitPrice: 0.1008, amount: 220.75),
            Line(price: "eks.auto_mode.fee_share", quantity: 2190, unitPrice: 0.012096, amount: 26.49),
            Line(price: "ec2.spot_discount", quantity: 220.75, unitPrice: -0.60, amount: -132.45),
            Line(price: "eks.cluster", quantity: 182.5, unitPrice: 0.10, amount: 18.25, adjacent: true),
        ], monthly: 114.79, total: 133.04)
    }

    func testTalk2018LambdaWith100msRounding() throws {
        let input = CostInput(variant: .lambdaOnDemand, memoryMiB: 1000, trigger: .event, requestsPerMonth: 3_000_000,
                              avgDurationMs: 230, date: "2018-08-03")
        try check("talk-2018", input, [
            Line(price: "lambda.requests", quantity: 3_000_000, unitPrice: 0.0000002, amount: 0.60),
            Line(price: "lambda.duration.x86_64", quantity: 900_000, unitPrice: 0.00001667, amount: 15.00),
        ], monthly: 15.60, total: 15.60)

        var today = input
        today.date = Self.today
        let now = try XCTUnwrap(try calculator.cost(today).estimate)
        XCTAssertEqual(now.breakdown.map(\.quantity), [3_000_000, 673_828.125])
        XCTAssertEqual(now.monthlyUSD, 11.83)
        XCTAssertTrue(section("talk-2018").contains("$11.83"))
    }

    func testTokyoFargate() throws {
        let input = CostInput(variant: .fargateOnDemand, vcpu: 1, memoryMiB: 4096, trigger: .worker, region: "ap-northeast-1", date: Self.today)
        try check("tokyo", input, [
            Line(price: "fargate.linux.x86_64.vcpu", quantity: 730, unitPrice: 0.05056, amount: 36.91),
            Line(price: "fargate.linux.x86_64.memory", quantity: 2920, unitPrice: 0.00553, amount: 16.15),
        ], monthly: 53.06, total: 53.06)
    }

    func testBreakEvenAgainstTwoFargateTasks() throws {
        let lambda = CostInput(variant: .lambdaOnDemand, memoryMiB: 1024, trigger: .http, avgDurationMs: 100, date: Self.today)
        let fargate = CostInput(variant: .fargateOnDemand, vcpu: 0.5, memoryMiB: 1024, trigger: .http, avgTasks: 2, date: Self.today)
        guard case .found(let result) = try calculator.breakEven(lambda: lambda, container: fargate) else {
            return XCTFail("no break-even")
        }
        // 36.0401 / (0.0000002 + 0.1 x 0.0000166667), worked out by hand in docs/cost.md.
        XCTAssertEqual(result.requestsPerMonth, 36.0401 / 0.00000186667, accuracy: 1e-3)
        XCTAssertEqual(Int(result.requestsPerMonth.rounded()), 19_307_162)
        XCTAssertEqual(result.containerMonthlyUSD, 36.04)
        XCTAssertEqual(result.against, .fargateOnDemand)
        XCTAssertEqual(result.sentence, "Lambda is cheaper below 19.3 M requests a month")
        XCTAssertTrue(section("break-even").contains("Result: \"\(result.sentence)\""))
        XCTAssertEqual(result.json.rendered(pretty: false), #"{"against":"fargate","requests_per_month":19307162,"variant":"on-demand"}"#)
    }

    /// The snippet at the top of docs/cost.md states its two totals.
    func testLibraryAPISnippet() throws {
        let input = CostInput(variant: try Variant.named(platform: "fargate", id: "on-demand"), vcpu: 0.5, memoryMiB: 1024,
                              trigger: .http, loadBalancer: .alb, requestsPerMonth: 5_000_000, avgTasks: 2, date: Self.today)
        let estimate = try XCTUnwrap(try calculator.cost(input).estimate)
        XCTAssertEqual(estimate.monthlyUSD, 36.04)
        XCTAssertEqual(estimate.monthlyUSDTotal, 60.21)
        XCTAssertTrue(Self.doc.contains("// 36.04, 60.21"))
    }
}
