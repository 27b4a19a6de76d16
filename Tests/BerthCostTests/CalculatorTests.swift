@testable import BerthCost
import BerthCore
import Foundation
import XCTest

private struct NotPriced: Error {}

final class CalculatorTests: XCTestCase {
    static let today = "2026-12-01"

    func estimate(_ input: CostInput, file: StaticString = #filePath, line: UInt = #line) throws -> CostEstimate {
        let result = try calculator.cost(input)
        guard let estimate = result.estimate else {
            XCTFail("not priced: \(result)", file: file, line: line)
            throw NotPriced()
        }
        return estimate
    }

    func reasons(_ input: CostInput, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        guard case .notPriced(let reasons) = try calculator.cost(input) else {
            XCTFail("expected no price for \(input.variant.rawValue)", file: file, line: line)
            return []
        }
        return reasons
    }

    func error(_ input: CostInput) -> CostError? {
        do {
            _ = try calculator.cost(input)
            return nil
        } catch {
            return error as? CostError
        }
    }

    // MARK: bad input

    func testNegativeOrNonFiniteUsageIsRefusedNamingTheField() {
        let base = CostInput(variant: .lambdaOnDemand, requestsPerMonth: 1000, avgDurationMs: 100, date: Self.today)
        var input = base
        input.requestsPerMonth = -1
        XCTAssertEqual(error(input), CostError(.outOfRange, at: nil, field: "requests_per_month", "requests_per_month cannot be negative, got -1"))
        input = base
        input.requestsPerMonth = .nan
        XCTAssertEqual(error(input)?.kind, .notANumber)
        input = base
        input.avgDurationMs = 0
        XCTAssertEqual(error(input), CostError(.outOfRange, at: nil, field: "avg_duration_ms", "avg_duration_ms must be above 0, got 0"))
        input = base
        input.avgTasks = -0.5
        XCTAssertEqual(error(input)?.field, "avg_tasks")
        input = base
        input.servicesPerCluster = 0
        XCTAssertEqual(error(input)?.field, "services_per_cluster")
        input = base
        input.memoryMiB = 0
        XCTAssertEqual(error(input)?.field, "memory_mib")
        input = base
        input.vcpu = -1
        XCTAssertEqual(error(input)?.field, "vcpu")
        input = base
        input.date = "2026-02-30"
        XCTAssertEqual(error(input)?.kind, .badDate)
    }

    func testUsageReadFromText() throws {
        let at = SourceLocation(file: "web.yaml", line: 7, column: 21)
        XCTAssertEqual(try CostInput.usage("1e6", field: .requestsPerMonth), 1_000_000)
        XCTAssertEqual(try CostInput.usage(" 250 ", field: .avgDurationMs), 250)
        XCTAssertEqual(try CostInput.usage("4", field: .servicesPerCluster), 4)
        for text in ["ten", "0x10", "nan", "inf", "", "1,000"] {
            XCTAssertThrowsError(try CostInput.usage(text, field: .requestsPerMonth, at: at), text) { error in
                XCTAssertEqual((error as? CostError)?.kind, .notANumber, text)
            }
        }
        XCTAssertThrowsError(try CostInput.usage("ten", field: .requestsPerMonth, at: at)) { error in
            XCTAssertEqual("\(error)", "web.yaml:7:21: not-a-number: requests_per_month must be a number, got 'ten'")
        }
        XCTAssertThrowsError(try CostInput.usage("-3", field: .avgTasks)) { error in
            XCTAssertEqual((error as? CostError)?.message, "avg_tasks cannot be negative, got -3")
        }
        XCTAssertThrowsError(try CostInput.usage("0", field: .avgDurationMs)) { error in
            XCTAssertEqual((error as? CostError)?.kind, .outOfRange)
        }
        XCTAssertThrowsError(try CostInput.usage("2.5", field: .servicesPerCluster)) { error in
            XCTAssertEqual((error as? CostError)?.message, "services_per_cluster is a whole number >= 1, got 2.5")
        }
    }

    func testUnknownRegionListsThePricedRegions() {
        let input = CostInput(variant: .fargateOnDemand, region: "eu-west-1", date: Self.today)
        XCTAssertEqual(error(input), CostError(.unknownRegion, at: nil, field: "region",
                                               "region 'eu-west-1' is not priced; priced regions: ap-northeast-1, us-east-1 (a --prices file may add regions)"))
    }

    func testVariantIds() throws {
        XCTAssertEqual(try Variant.named(platform: "ecs-ec2", id: "managed-instances"), .ecsManagedInstances)
        XCTAssertEqual(Variant.allCases.map(\.platform.rawValue).filter { $0 == "eks" }.count, 4)
        XCTAssertEqual(Variant.eksHybridNodes.id, "hybrid-nodes")
        XCTAssertThrowsError(try Variant.named(platform: "fargate", id: "ec2")) { error in
            XCTAssertEqual((error as? CostError)?.message, "unknown variant 'ec2' of fargate; its variants: on-demand, spot")
        }
        XCTAssertThrowsError(try Variant.named(platform: "k8s", id: "x")) { error in
            XCTAssertEqual((error as? CostError)?.field, "platform")
        }
    }

    // MARK: unknown usage is never guessed

    func testMissingUsage() throws {
        XCTAssertEqual(try calculator.cost(CostInput(variant: .lambdaOnDemand, date: Self.today)),
                       .missing(["requests_per_month", "avg_duration_ms"]))
        XCTAssertEqual(try calculator.cost(CostInput(variant: .fargateOnDemand, trigger: .event, requestsPerMonth: 10, date: Self.today)),
                       .missing(["avg_duration_ms"]))
        XCTAssertEqual(try calculator.cost(CostInput(variant: .ecsSelfManaged, trigger: .schedule, avgDurationMs: 10, date: Self.today)),
                       .missing(["requests_per_month"]))
        XCTAssertEqual(try calculator.cost(CostInput(variant: .lambdaManagedInstances, trigger: .worker, date: Self.today)),
                       .missing(["requests_per_month", "avg_duration_ms"]))
        // A long-running container needs no usage: min_tasks (default 1) runs all month.
        let service = try estimate(CostInput(variant: .fargateOnDemand, date: Self.today))
        XCTAssertEqual(service.monthlyUSD, 18.02)   // 365 x 0.04048 = 14.78 + 730 x 0.004445 = 3.24
        let json = CostResult.missing(["avg_duration_ms"]).jsonFields
        XCTAssertEqual(JSONValue.object(json).rendered(pretty: false), #"{"cost":null,"cost_missing":["avg_duration_ms"]}"#)
    }

    // MARK: what has no price

    func testConfigurationsWithNoPrice() throws {
        XCTAssertEqual(try reasons(CostInput(variant: .fargateOnDemand, os: .windows, arch: .arm64, date: Self.today)),
                       ["Windows containers run on x86_64 only (aws-facts.md), so nothing is priced for Windows on arm64"])
        XCTAssertEqual(try reasons(CostInput(variant: .lambdaOnDemand, loadBalancer: .nlb, requestsPerMonth: 1, avgDurationMs: 1, date: Self.today)),
                       ["Lambda can never sit behind an NLB (aws-facts.md)"])
        XCTAssertEqual(try reasons(CostInput(variant: .fargateOnDemand, gpuCount: 1, date: Self.today)), ["Fargate has no GPU"])
        XCTAssertEqual(try reasons(CostInput(variant: .fargateSpot, os: .windows, date: Self.today)), ["Fargate Spot runs no Windows tasks"])
        XCTAssertEqual(try reasons(CostInput(variant: .fargateOnDemand, os: .windows, ephemeralStorageGiB: 30, date: Self.today)),
                       ["Windows on Fargate has a fixed 20 GiB of ephemeral storage"])
        XCTAssertEqual(try reasons(CostInput(variant: .ecsManagedInstances, os: .windows, date: Self.today)),
                       ["ECS Managed Instances run Bottlerocket: no Windows"])
        XCTAssertEqual(try reasons(CostInput(variant: .eksFargate, arch: .arm64, date: Self.today)),
                       ["EKS on Fargate runs Linux x86_64 pods only"])
        XCTAssertEqual(try reasons(CostInput(variant: .eksHybridNodes, region: "ap-northeast-1", date: Self.today)),
                       ["no price for EKS Hybrid Nodes ('eks.hybrid_nodes.vcpu') in force in ap-northeast-1 on 2026-12-01; prices.md has no figure for it in ap-northeast-1"])
    }

    func testDatesBeforeAPriceIsKnown() throws {
        XCTAssertEqual(try reasons(CostInput(variant: .fargateOnDemand, arch: .arm64, date: "2022-01-01")),
                       ["no price for Fargate vCPU (Linux arm64) ('fargate.linux.arm64.vcpu') in force in us-east-1 on 2022-01-01; the catalog has it from 2026-06-01",
                        "no price for Fargate memory (Linux arm64) ('fargate.linux.arm64.memory') in force in us-east-1 on 2022-01-01; the catalog has it from 2026-06-01"])
        XCTAssertEqual(try reasons(CostInput(variant: .fargateSpot, date: "2018-08-03")),
                       ["no Fargate Spot discount in force on 2018-08-03 (Fargate Spot dates from 2019-12)"])
        XCTAssertEqual(try reasons(CostInput(variant: .ecsSelfManaged, date: "2018-08-03")),
                       ["no instance type in the catalog for us-east-1 on 2018-08-03 holds a task of 0.5 vCPU, 1024 MiB on x86_64 (prices.md gives m5.large, m5.xlarge without vCPU or memory, so berth cannot pack onto them)"])
        XCTAssertEqual(try reasons(CostInput(variant: .lambdaOnDemand, memoryMiB: 4000, requestsPerMonth: 1, avgDurationMs: 1, date: "2018-08-03")),
                       ["the function needs 4032 MB and Lambda's memory tops out at 3008 MB on 2018-08-03"])
        // 8 vCPU tasks came in Sep 2022.
        XCTAssertEqual(try reasons(CostInput(variant: .fargateOnDemand, vcpu: 8, memoryMiB: 16384, date: "2018-08-03")),
                       ["no Fargate size on 2018-08-03 holds 8 vCPU and 16384 MiB (largest: 4 vCPU)"])
        let big = try estimate(CostInput(variant: .fargateOnDemand, vcpu: 8, memoryMiB: 16384, date: Self.today))
        XCTAssertEqual(big.breakdown.map(\.quantity), [730 * 8, 730 * 16])
    }

    func testEKSInTheTalksYearPaysTheOldClusterRate() throws {
        let pods = try estimate(CostInput(variant: .eksFargate, vcpu: 1, memoryMiB: 2048, trigger: .worker, date: "2018-08-03"))
        XCTAssertEqual(pods.breakdown.map(\.amount), [36.94, 18.54, 146.00])   // 730 x 0.0506; 1,460 x 0.0127; 730 x 0.20
        XCTAssertEqual(pods.breakdown.map(\.adjacent), [false, false, true])
        XCTAssertEqual(pods.monthlyUSD, 55.48)
        XCTAssertEqual(pods.monthlyUSDTotal, 201.48)
    }

    // MARK: Lambda

    func testLambdaDurationBands() throws {
        // 10,240 MB for 900 s: 9,000 GB-s a request; 1,000,000 requests = 9 billion GB-s.
        let input = CostInput(variant: .lambdaOnDemand, memoryMiB: 10240, trigger: .event, requestsPerMonth: 1_000_000,
                              avgDurationMs: 900_000, date: Self.today)
        let e = try estimate(input)
        XCTAssertEqual(e.breakdown.map(\.quantity), [1_000_000, 6_000_000_000, 3_000_000_000])
        XCTAssertEqual(e.breakdown.map(\.unitPrice), [0.0000002, 0.0000166667, 0.000015])
        XCTAssertEqual(e.breakdown.map(\.amount), [0.20, 100_000.20, 45_000.00])
        XCTAssertTrue(e.assumptions.contains { $0.id == "tiers" })
    }

    func testLambdaMemoryFollowsAStatedVCPU() throws {
        // 2 vCPU at 1,769 MB each: 3,538 MB, though memory_mib says 1,024.
        let stated = try estimate(CostInput(variant: .lambdaOnDemand, vcpu: 2, requestsPerMonth: 1000, avgDurationMs: 1000, date: Self.today))
        XCTAssertEqual(stated.breakdown[1].quantity, 1000 * 3538 / 1024.0, accuracy: 1e-9)
        let unstated = try estimate(CostInput(variant: .lambdaOnDemand, requestsPerMonth: 1000, avgDurationMs: 1000, date: Self.today))
        XCTAssertEqual(unstated.breakdown[1].quantity, 1000)
    }

    func testLambdaPurchasing() throws {
        var input = CostInput(variant: .lambdaOnDemand, purchasing: .savingsPlans, requestsPerMonth: 10_000_000, avgDurationMs: 100, date: Self.today)
        let sp = try estimate(input)
        // duration 1,000,000 GB-s x 0.0000166667 = 16.67; 11% of it off.
        XCTAssertEqual(sp.breakdown.map(\.amount), [2.00, 16.67, -1.83])
        XCTAssertEqual(sp.breakdown.last?.price, "lambda.savings_plans_discount.x86_64")
        XCTAssertEqual(sp.breakdown.last?.confidence, "L")
        input.region = "ap-northeast-1"
        let tokyo = try estimate(input)
        XCTAssertEqual(tokyo.breakdown.count, 2, "no Tokyo figure: no discount line")
        XCTAssertTrue(tokyo.assumptions.contains { $0.text.contains("priced on demand (an upper bound)") })
        input.region = "us-east-1"
        input.purchasing = .spot
        let spot = try estimate(input)
        XCTAssertEqual(spot.monthlyUSD, 18.67)
        XCTAssertTrue(spot.assumptions.contains { $0.text == "Lambda has no Spot: priced on demand" })
    }

    func testLambdaFrontDoorBeforeFunctionURLs() throws {
        let e = try estimate(CostInput(variant: .lambdaOnDemand, trigger: .http, requestsPerMonth: 1_000_000, avgDurationMs: 50, date: "2021-06-01"))
        XCTAssertEqual(e.monthlyUSD, e.monthlyUSDTotal)
        XCTAssertEqual(e.gaps, ["API Gateway REST requests (HTTP reached Lambda only through API Gateway on 2021-06-01): no price in force in us-east-1 on 2021-06-01; the catalog has it from 2026-09-20"])
        let alb = try estimate(CostInput(variant: .lambdaOnDemand, trigger: .http, loadBalancer: .alb, requestsPerMonth: 9_000_000,
                                         avgDurationMs: 50, date: Self.today))
        XCTAssertEqual(alb.breakdown.filter(\.adjacent).map(\.amount), [16.43, 0.80, 7.30])   // 100 LCU-h x 0.008
    }

    func testLambdaManagedInstances() throws {
        // 10M x 0.1 s = 1M s of work: 0.38 busy on average, so the 3-environment minimum.
        // 3 x (1 vCPU, 2 GB) on arm64: c7g.xlarge holds 4 at $0.145 = c7g.large x 2; fewer instances wins.
        let input = CostInput(variant: .lambdaManagedInstances, arch: .arm64, vcpu: 1, memoryMiB: 2048, requestsPerMonth: 10_000_000,
                              avgDurationMs: 100, date: Self.today)
        let e = try estimate(input)
        XCTAssertEqual(e.breakdown.map(\.price), ["lambda.requests", "instance c7g.xlarge", "lambda.managed_instances.fee_share"])
        XCTAssertEqual(e.breakdown.map(\.amount), [2.00, 105.85, 15.88])   // 730 x 0.145; 730 x 0.02175
        XCTAssertEqual(e.monthlyUSD, 123.73)
        var ri = input
        ri.purchasing = .reservedInstances
        let reserved = try estimate(ri)
        XCTAssertEqual(reserved.breakdown.last?.amount, -35.78)   // 33.8% of 105.85; the fee stays
        XCTAssertEqual(reserved.breakdown.last?.price, "ec2.reserved_instances_discount")
        var spot = input
        spot.purchasing = .spot
        XCTAssertEqual(try estimate(spot).monthlyUSD, 123.73)
    }

    // MARK: Fargate purchasing

    func testFargatePurchasing() throws {
        var input = CostInput(variant: .fargateOnDemand, vcpu: 1, memoryMiB: 2048, trigger: .worker, purchasing: .reservedInstances, date: Self.today)
        let ri = try estimate(input)
        XCTAssertEqual(ri.breakdown.count, 2)
        XCTAssertTrue(ri.assumptions.contains { $0.text == "Reserved Instances never apply to Fargate: priced on demand" })
        input.purchasing = .savingsPlans
        let sp = try estimate(input)
        // 730 x 0.04048 = 29.55; 1,460 x 0.004445 = 6.49; 19% of 36.04 = 6.8476.
        XCTAssertEqual(sp.breakdown.map(\.amount), [29.55, 6.49, -6.85])
        input.purchasing = .spot
        let spot = try estimate(input)
        XCTAssertTrue(spot.assumptions.contains { $0.text.contains("fargate/spot variant") })
    }

    // MARK: EC2-based variants

    func testEventWorkOnInstancesKeepsOneInstance() throws {
        let e = try estimate(CostInput(variant: .ecsSelfManaged, trigger: .event, requestsPerMonth: 1000, avgDurationMs: 1000, date: Self.today))
        // 0.5 vCPU / 1 GiB: c7i.large holds 4 and is the cheapest x86_64 type: one, all month.
        XCTAssertEqual(e.breakdown.map(\.price), ["instance c7i.large"])
        XCTAssertEqual(e.breakdown.map(\.quantity), [730])
        XCTAssertEqual(e.monthlyUSD, 65.15)
    }

    /// The fuzz test's 1690th input of seed 1796241198: a task of the smallest double's
    /// vCPU fits an instance infinitely often, which trapped converting to a count.
    func testATinyTaskIsPackedWithoutATrap() throws {
        for vcpu in [4e-324, 1e-300] {
            let e = try estimate(CostInput(variant: .ecsSelfManaged, vcpu: vcpu, memoryMiB: 1, minTasks: 3, date: Self.today))
            XCTAssertEqual(e.breakdown.map(\.quantity), [730], "one instance holds them all")
        }
    }

    func testGPUTasksUseAGPUTypeAndItsFee() throws {
        let e = try estimate(CostInput(variant: .ecsManagedInstances, vcpu: 4, memoryMiB: 16384, gpuCount: 1, avgTasks: 2, date: Self.today))
        XCTAssertEqual(e.breakdown.map(\.price), ["instance g6.xlarge", "ecs.managed_instances.fee_share_gpu"])
        XCTAssertEqual(e.breakdown.map(\.quantity), [1460, 1460])
        XCTAssertEqual(e.breakdown.map(\.amount), [1175.01, 91.65])   // 1,460 x 0.8048; 1,460 x 0.0627744
        var ri = CostInput(variant: .ecsSelfManaged, vcpu: 4, memoryMiB: 16384, gpuCount: 1, purchasing: .reservedInstances, avgTasks: 2, date: Self.today)
        XCTAssertEqual(try estimate(ri).breakdown.last?.unitPrice, -0.349, "g6's own RI discount")
        ri.region = "ap-northeast-1"
        XCTAssertEqual(try estimate(ri).breakdown.first?.unitPrice, 1.1672)
        // The GPU fee share is known from 2026-12-01 only; the general one from 2026-05-26.
        let october = CostInput(variant: .ecsManagedInstances, vcpu: 4, memoryMiB: 16384, gpuCount: 1, date: "2026-10-01")
        XCTAssertEqual(try reasons(october), ["no 'ecs.managed_instances.fee_share_gpu' in force on 2026-10-01"])
        var cpu = october
        cpu.gpuCount = 0
        XCTAssertEqual(try estimate(cpu).breakdown.map(\.price), ["instance m7i.xlarge", "ecs.managed_instances.fee_share"])
    }

    func testWindowsInstances() throws {
        var input = CostInput(variant: .ecsSelfManaged, os: .windows, vcpu: 1, memoryMiB: 3072, purchasing: .reservedInstances, avgTasks: 2, date: Self.today)
        let ri = try estimate(input)
        // m7i.large + 2 x 0.046 = 0.1928 an hour; 33.8% off the Linux part only.
        XCTAssertEqual(ri.breakdown.map(\.price), ["instance m7i.large", "ec2.windows.licence", "ec2.reserved_instances_discount"])
        XCTAssertEqual(ri.breakdown.map(\.amount), [73.58, 67.16, -24.87])
        XCTAssertTrue(ri.assumptions.contains { $0.id == "licence" })
        input.purchasing = .spot
        let spot = try estimate(input)
        XCTAssertEqual(spot.breakdown.last?.price, "ec2.spot_discount.windows")
        XCTAssertEqual(spot.breakdown.last?.amount, -56.30)   // 40% of 73.58 + 67.16
    }

    func testSavingsPlansOnInstancesInTokyo() throws {
        let e = try estimate(CostInput(variant: .eksEC2Nodes, vcpu: 2, memoryMiB: 8192, purchasing: .savingsPlans,
                                       region: "ap-northeast-1", avgTasks: 1, date: Self.today))
        XCTAssertEqual(e.breakdown.map(\.price), ["instance m7i.large", "ec2.savings_plans_discount", "eks.cluster"])
        XCTAssertEqual(e.breakdown.map(\.amount), [95.05, -23.10, 73.00])   // 730 x 0.1302; 24.3% off; 730 x 0.10
        XCTAssertEqual(e.monthlyUSD, 71.95)
    }

    func testYourOwnServers() throws {
        let tasks = CostInput(variant: .ecsAnywhere, vcpu: 1, memoryMiB: 3072, avgTasks: 5, date: Self.today)
        let anywhere = try estimate(tasks)
        XCTAssertEqual(anywhere.breakdown.map(\.quantity), [2190])   // the self-managed choice: 3 x m7i.large
        XCTAssertEqual(anywhere.monthlyUSD, 22.45)
        XCTAssertTrue(anywhere.assumptions.contains { $0.id == "servers" })
        var hybrid = tasks
        hybrid.variant = .eksHybridNodes
        let nodes = try estimate(hybrid)
        XCTAssertEqual(nodes.breakdown.map(\.amount), [87.60, 73.00])   // 3 x 2 vCPU x 730 x 0.020; the cluster
        hybrid.os = .windows
        XCTAssertEqual(try reasons(hybrid), ["EKS Hybrid Nodes are Linux only"])
    }

    // MARK: adjacent lines

    func testLoadBalancerGaps() throws {
        let clb = try estimate(CostInput(variant: .ecsSelfManaged, loadBalancer: .clb, date: Self.today))
        XCTAssertEqual(clb.gaps, ["Classic Load Balancer: prices.md has no CLB price"])
        XCTAssertEqual(clb.monthlyUSD, clb.monthlyUSDTotal)
        let alb = try estimate(CostInput(variant: .fargateOnDemand, loadBalancer: .alb, date: Self.today))
        XCTAssertEqual(alb.gaps, ["Application Load Balancer capacity units: requests_per_month is unknown"])
        XCTAssertEqual(alb.breakdown.filter(\.adjacent).map(\.price), ["elb.alb.hour", "vpc.public_ipv4"])
        let nlb = try estimate(CostInput(variant: .fargateOnDemand, loadBalancer: .nlb, requestsPerMonth: 28_800_000, date: Self.today))
        XCTAssertEqual(nlb.breakdown.filter(\.adjacent).map(\.quantity), [730, 10, 1460])   // 28.8M / 2,880,000 NLCU-h
        XCTAssertEqual(nlb.breakdown.filter(\.adjacent).map(\.amount), [16.43, 0.06, 7.30])
    }

    func testEstimateJSON() throws {
        let e = try estimate(CostInput(variant: .fargateOnDemand, date: Self.today))
        let json = CostResult.priced(e).jsonFields["cost"]?.rendered(pretty: false) ?? ""
        XCTAssertTrue(json.hasPrefix(#"{"assumptions":[{"id":"tasks","text":"1 task running all month (min_tasks, as avg_tasks is not given)"},{"id":"size","text":"0.5 vCPU / 1024 MiB runs as the Fargate size 512 cpu / 1024 MiB (0.5 vCPU, 1 GB)"}],"breakdown":[{"adjacent":false,"amount":14.78,"confidence":"H","item":"Fargate vCPU, Linux x86_64: 1 task x 730 h x 0.5 vCPU","price":"fargate.linux.x86_64.vcpu","quantity":365,"#), json)
        XCTAssertTrue(json.hasSuffix(#""gaps":[],"monthly_usd":18.02,"monthly_usd_total":18.02,"prices_as_of":"2026-12-01","region":"us-east-1"}"#), json)
        let none = CostResult.notPriced(["x"]).jsonFields
        XCTAssertEqual(JSONValue.object(none).rendered(pretty: false), #"{"cost":null,"cost_missing":[],"cost_not_priced":["x"]}"#)
    }

    // MARK: sizing and money

    func testMoneyRounding() {
        XCTAssertEqual(Money.cents(730 * 0.0225), 16.43)   // 16.424999... in binary
        XCTAssertEqual(Money.cents(0.005), 0.01)
        XCTAssertEqual(Money.cents(-57.603), -57.60)
        XCTAssertEqual(Money.cents(-0.005), -0.01)
        XCTAssertEqual(Money.text(0.0000166667), "0.0000166667")
        XCTAssertEqual(Money.text(100_000.0 * 60 / 3600), "1666.66666667")
        XCTAssertEqual(Money.text(730), "730")
        XCTAssertEqual(Money.usd(1234.5), "$1,234.50")
        XCTAssertEqual(Money.usd(-57.6), "-$57.60")
        XCTAssertEqual(Money.usd(0.05), "$0.05")
        XCTAssertEqual(Money.usd(0.1), "$0.10")
        XCTAssertEqual(Money.usd(7), "$7.00")
        XCTAssertEqual(Money.text(-0.25), "-0.25")
        XCTAssertEqual(Money.text(0.000000000001234567), "0.000000000001234567")
        XCTAssertEqual(Money.text(1e15 + 0.5), "1000000000000000")   // no decimals above 1e11
        // No exponent however large: every digit of the largest double.
        XCTAssertEqual(Money.text(.greatestFiniteMagnitude).count, 309)
        XCTAssertTrue(Money.text(-.greatestFiniteMagnitude).hasPrefix("-17976931348623157"))
    }

    func testFixedDecimalsRoundLikeCsPrintf() {
        // Ties and near-ties of the binary value: 0.125 is exact (a tie, to even), 2.675 is
        // 2.67499999... in binary.
        XCTAssertEqual(Money.fixed(0.125, decimals: 2), "0.12")
        XCTAssertEqual(Money.fixed(0.375, decimals: 2), "0.38")
        XCTAssertEqual(Money.fixed(2.675, decimals: 2), "2.67")
        XCTAssertEqual(Money.fixed(-0.001, decimals: 2), "-0.00")
        XCTAssertEqual(Money.fixed(0, decimals: 3), "0.000")
        XCTAssertEqual(Money.fixed(.leastNonzeroMagnitude, decimals: 20), "0.00000000000000000000")
        XCTAssertEqual(Money.fixed(0.5, decimals: 0), "0")
        XCTAssertEqual(Money.fixed(1.5, decimals: 0), "2")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let x = Double(sign: Bool.random(using: &random) ? .minus : .plus,
                           exponent: Int.random(in: -80...60, using: &random),
                           significand: Double.random(in: 1..<2, using: &random))
            let decimals = Int.random(in: 0...20, using: &random)
            XCTAssertEqual(Money.fixed(x, decimals: decimals), String(format: "%.\(decimals)f", x), "\(x) to \(decimals)")
        }
    }

    // MARK: break-even

    func testBreakEvenWithTheFreeTierSolvesOnTheRightSegment() throws {
        var lambda = CostInput(variant: .lambdaOnDemand, memoryMiB: 512, trigger: .worker, avgDurationMs: 250, date: Self.today)
        lambda.freeTier = true
        let worker = CostInput(variant: .fargateOnDemand, vcpu: 0.25, memoryMiB: 512, trigger: .worker, date: Self.today)
        guard case .found(let found) = try calculator.breakEven(lambda: lambda, container: worker) else { return XCTFail() }
        // Fargate 0.25 vCPU / 0.5 GB: 182.5 x 0.04048 + 365 x 0.004445 = 9.010025.
        // Lambda, per request beyond 1M requests and 400,000 GB-s (3.2M requests at 0.125 GB-s):
        // 0.0000002 + 0.125 x 0.0000166667; from 3.2M: 2.2M x 0.0000002 = 0.44 already.
        let perRequest = 0.0000002 + 0.125 * 0.0000166667
        XCTAssertEqual(found.requestsPerMonth, 3_200_000 + (9.010025 - 0.44) / perRequest, accuracy: 1e-3)
        lambda.requestsPerMonth = found.requestsPerMonth
        XCTAssertEqual(try XCTUnwrap(try calculator.cost(lambda).estimate).monthlyUSD, 9.01)
    }

    func testBreakEvenInALaterDurationBand() throws {
        // 9,000 GB-s a request: the first band ends at 666,667 requests ($100,000 a month), the
        // second at 1,666,667 ($235,000); 250 tasks of 16 vCPU / 120 GB cost $215,548.55.
        let lambda = CostInput(variant: .lambdaOnDemand, memoryMiB: 10240, trigger: .worker, avgDurationMs: 900_000, date: Self.today)
        let fleet = CostInput(variant: .fargateOnDemand, vcpu: 16, memoryMiB: 122880, trigger: .worker, avgTasks: 250, date: Self.today)
        guard case .found(let found) = try calculator.breakEven(lambda: lambda, container: fleet) else { return XCTFail() }
        let container = try XCTUnwrap(try calculator.cost(fleet).estimate)
        var at = lambda
        at.requestsPerMonth = found.requestsPerMonth
        let lambdaThere = try XCTUnwrap(try calculator.cost(at).estimate)
        XCTAssertEqual(lambdaThere.breakdown.count, 3, "the crossing is in the second band")
        XCTAssertEqual(lambdaThere.exactMonthly, container.exactMonthly, accuracy: 1e-6)
    }

    func testNoBreakEven() throws {
        let lambda = CostInput(variant: .lambdaOnDemand, avgDurationMs: 100, date: Self.today)
        let event = CostInput(variant: .fargateOnDemand, trigger: .event, date: Self.today)
        XCTAssertEqual(try calculator.breakEven(lambda: lambda, container: event),
                       .none("the container is priced per unit of work (event), so its cost grows with requests too; give it as a worker or http service"))
        var unknown = lambda
        unknown.avgDurationMs = nil
        XCTAssertEqual(try calculator.breakEven(lambda: unknown, container: CostInput(variant: .fargateOnDemand, date: Self.today)),
                       .none("Lambda's cost needs avg_duration_ms"))
        let idle = CostInput(variant: .fargateOnDemand, minTasks: 0, date: Self.today)
        XCTAssertEqual(try calculator.breakEven(lambda: lambda, container: idle), .none("fargate/on-demand costs nothing (no running tasks)"))
        XCTAssertEqual(try calculator.breakEven(lambda: CostInput(variant: .lambdaManagedInstances, date: Self.today), container: idle),
                       .none("break-even is computed for lambda/on-demand"))
    }
}
