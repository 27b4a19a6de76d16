import BerthCore
@testable import BerthCost
import Foundation
import XCTest

/// A decision priced after the engine: costs per candidate and variant, cost breaking ties,
/// `--prefer cost`. Amounts are docs/cost.md's worked examples or hand computations beside them.
final class DecisionPricingTests: XCTestCase {
    /// docs/cost.md's Example lambda-x86: 10M requests of 87.3 ms, 512 MB, x86_64, http.
    private func lambdaX86() throws -> Profile {
        try ProfileFile.load(data: Data("""
        name: api
        memory_mib: 512
        requests_per_month: 10000000
        avg_duration_ms: 87.3
        """.utf8), file: "api.yaml")
    }

    private func decision(_ candidates: [Candidate]) -> Decision {
        Decision(profile: "api", pack: "current", asOf: "2026-12-01", recommendation: candidates.first?.platform,
                 candidates: candidates, assumptions: [], undecided: [], conflicts: [])
    }

    private func candidate(_ variant: Variant, score: Int) -> Candidate {
        Candidate(platform: variant.platform, eligible: true, score: score, reasons: [], variant: variant,
                  variants: [VariantVerdict(variant: variant, eligible: true, reasons: [], unverified: [])])
    }

    private let pricer = Pricer(calculator: calculator)

    /// The thumbnailer (512 MB, 800 ms, event-driven) against a Fargate worker of 0.5 vCPU / 1 GB
    /// ($18.02 a month): $0.00000686668 a request, 2,624,274 requests. Known without stating
    /// the requests, which are what it is compared with.
    func testTheLambdaCandidateCarriesItsBreakEvenAgainstEachContainer() throws {
        let profile = try ProfileFile.load(data: Data("name: thumbs\ntrigger: event\nmemory_mib: 512\navg_duration_ms: 800\n".utf8), file: "t.yaml")
        let priced = try pricer.price(decision([candidate(.lambdaOnDemand, score: 2), candidate(.fargateOnDemand, score: 1)]), profile: profile)
        let lambda = try XCTUnwrap(priced.candidate(.lambda))
        XCTAssertEqual(lambda.cost?.json["break_even"], .array([
            .object(["against": .string("fargate"), "variant": .string("on-demand"), "requests_per_month": .int(2_624_274)]),
        ]))
        XCTAssertEqual(lambda.cost?.breakEven, ["Lambda is cheaper below 2.6 M requests a month than fargate / on-demand ($18.02 a month)"])
        XCTAssertTrue(priced.text().contains("    Lambda is cheaper below 2.6 M requests a month than fargate / on-demand ($18.02 a month)\n"))
        XCTAssertNil(priced.candidate(.fargate)?.cost?.json["break_even"], "only on the Lambda candidate")
        // Without a duration there is nothing to compare.
        let unknown = try ProfileFile.load(data: Data("name: thumbs\ntrigger: event\nmemory_mib: 512\n".utf8), file: "t.yaml")
        let none = try pricer.price(decision([candidate(.lambdaOnDemand, score: 2), candidate(.fargateOnDemand, score: 1)]), profile: unknown)
        XCTAssertEqual(none.candidate(.lambda)?.cost?.json["break_even"], .array([]))
    }

    func testTheProfileMapsOntoTheCostInputAndAnUnstatedVCPUIsNil() throws {
        let input = CostInput(profile: try lambdaX86(), variant: .lambdaOnDemand, date: "2026-12-01")
        XCTAssertEqual(input, CostInput(variant: .lambdaOnDemand, vcpu: nil, memoryMiB: 512, requestsPerMonth: 10_000_000,
                                        avgDurationMs: 87.3, date: "2026-12-01"))
        var stated = try lambdaX86()
        stated.vcpu = 1
        stated.given.insert(.vcpu)
        XCTAssertEqual(CostInput(profile: stated, variant: .lambdaOnDemand, date: "2026-12-01").vcpu, 1)
    }

    /// Fargate first on the tie-break order, Lambda tied with it: the cheaper Lambda wins.
    /// Fargate by hand: 0.5 vCPU / 1 GB (512 MiB rounds up to 0.5 vCPU's smallest memory),
    /// one task (min_tasks), 730 h: 365 vCPU-h x $0.04048 = $14.78, 730 GB-h x $0.004445 = $3.24: $18.02.
    func testCostBreaksATieBetweenPricedCandidates() throws {
        let priced = try pricer.price(decision([candidate(.fargateOnDemand, score: 1), candidate(.lambdaOnDemand, score: 1)]),
                                      profile: try lambdaX86())
        XCTAssertEqual(priced.recommendation, .lambda)
        XCTAssertEqual(priced.rankedBy, .costBreaksTie)
        XCTAssertEqual(priced.candidates.map(\.cost?.monthlyUSD), [9.33, 18.02])
        XCTAssertEqual(priced.separation.kind, .cost, "the talk's rules still tie; cost decides")
        XCTAssertFalse(priced.judgementCall, "cost is stated usage, not the tie-break order")
        let text = priced.text()
        XCTAssertTrue(text.contains("cost breaks the tie with fargate: $9.33 a month against $18.02"), text)
        XCTAssertTrue(text.contains("  lambda / on-demand: $9.33, $9.33 in all (us-east-1, prices as of 2026-12-01)"), text)
        XCTAssertFalse(text.contains("decided by the tie-break order"), text)
        guard case .object(let json) = priced.json, case .array(let candidates)? = json["candidates"],
              case .object(let lambda) = candidates[0], case .object(let cost)? = lambda["cost"],
              case .array(let variants)? = lambda["variants"], case .object(let variant) = variants[0] else { return XCTFail("shape") }
        XCTAssertEqual(json["ranked_by"], .string("cost_breaks_tie"))
        XCTAssertEqual(cost["monthly_usd"], .double(9.33))
        XCTAssertEqual(cost["monthly_usd_total"], .double(9.33))
        XCTAssertEqual(cost["region"], .string("us-east-1"))
        XCTAssertEqual(cost["prices_as_of"], .string("2026-12-01"))
        XCTAssertEqual(variant["cost"], lambda["cost"])
        XCTAssertEqual(lambda["cost_missing"], .array([]))
    }

    func testATieStandsWhenACandidateIsNotPriced() throws {
        var profile = try lambdaX86()
        profile.requestsPerMonth = nil
        let priced = try pricer.price(decision([candidate(.fargateOnDemand, score: 1), candidate(.lambdaOnDemand, score: 1)]),
                                      profile: profile)
        XCTAssertEqual(priced.recommendation, .fargate)
        XCTAssertEqual(priced.rankedBy, .rules)
        guard case .object(let json) = priced.json, case .array(let candidates)? = json["candidates"],
              case .object(let lambda) = candidates[1] else { return XCTFail("shape") }
        XCTAssertEqual(lambda["cost"], .null)
        XCTAssertEqual(lambda["cost_missing"], .array([.string("requests_per_month")]))
        XCTAssertTrue(priced.text().contains("  lambda / on-demand: not compared: requests_per_month unknown"), priced.text())
    }

    func testPreferCostRanksByCostInsteadOfScore() throws {
        let priced = try Pricer(calculator: calculator, preferCost: true)
            .price(decision([candidate(.fargateOnDemand, score: 3), candidate(.lambdaOnDemand, score: 1)]), profile: try lambdaX86())
        XCTAssertEqual(priced.recommendation, .lambda)
        XCTAssertEqual(priced.rankedBy, .cost)
        XCTAssertFalse(priced.judgementCall)
        XCTAssertTrue(priced.text().contains("--prefer cost: the feasible candidates are ranked by monthly cost"), priced.text())
    }

    /// A batch's CSV prices only the candidates that can still be recommended, and no variants.
    func testAPartialPricingPricesOnlyTheContenders() throws {
        let candidates = [candidate(.lambdaOnDemand, score: 2), candidate(.fargateOnDemand, score: 1)]
        let priced = try pricer.price(decision(candidates), profile: try lambdaX86(), full: false)
        XCTAssertEqual(priced.candidates.map(\.cost?.monthlyUSD), [9.33, nil])
        XCTAssertNil(priced.candidates[0].variants[0].cost)
    }

    func testAnUnpricedRegionPointsAtTheProfile() throws {
        let profile = try ProfileFile.load(data: Data("name: api\nregion: eu-west-1\n".utf8), file: "api.yaml")
        XCTAssertThrowsError(try pricer.price(decision([candidate(.lambdaOnDemand, score: 1)]), profile: profile)) { error in
            XCTAssertEqual((error as? CostError)?.description,
                           "api.yaml:2:9: unknown-region: region 'eu-west-1' is not priced; priced regions: ap-northeast-1, us-east-1 (a --prices file may add regions)")
        }
    }

    /// Pricing the same configuration again is a lookup that gives the same costs, full or
    /// lean; a lean decision (a batch's CSV) carries no cost JSON.
    func testRepeatedPricingGivesTheSameCostsAndLeanOnesHaveNoJSON() throws {
        let profile = try lambdaX86()
        let plain = decision([candidate(.lambdaOnDemand, score: 1), candidate(.fargateOnDemand, score: 0)])
        let full = try pricer.price(plain, profile: profile)
        XCTAssertEqual(try pricer.price(plain, profile: profile), full)
        XCTAssertEqual(try Pricer(calculator: calculator).price(plain, profile: profile), full)
        let lean = try pricer.price(plain, profile: profile, full: false)
        XCTAssertEqual(try pricer.price(plain, profile: profile, full: false), lean)
        let leanCost = try XCTUnwrap(lean.candidates[0].cost)
        let fullCost = try XCTUnwrap(full.candidates[0].cost)
        XCTAssertEqual(leanCost.monthlyUSD, fullCost.monthlyUSD)
        XCTAssertNotNil(leanCost.monthlyUSD)
        XCTAssertTrue(leanCost.json.isEmpty)
        XCTAssertFalse(fullCost.json.isEmpty)
    }

    /// The memo keys a cost by the whole workload and its variant: a pricer that has priced
    /// other sizes, usages and variants gives, variant by variant, what a fresh one gives,
    /// and two workloads that differ in one field are priced apart.
    func testAWarmPricerGivesWhatAFreshOneGives() throws {
        let warm = Pricer(calculator: calculator)
        var costs: [String: Double] = [:]
        for memory in [512, 1024, 2048] {
            for requests in ["1000000", "10000000"] {
                for vcpu in ["", "vcpu: 1\n"] {
                    let text = "name: api\nmemory_mib: \(memory)\nrequests_per_month: \(requests)\navg_duration_ms: 100\n\(vcpu)"
                    let profile = try ProfileFile.load(data: Data(text.utf8), file: "api.yaml")
                    for variant in Variant.allCases {
                        let plain = decision([candidate(variant, score: 1)])
                        let priced = try warm.price(plain, profile: profile, full: false)
                        XCTAssertEqual(priced, try Pricer(calculator: calculator).price(plain, profile: profile, full: false), "\(text) \(variant)")
                        if let usd = priced.candidates[0].cost?.monthlyUSD { costs["\(memory) \(requests) \(vcpu)\(variant.rawValue)"] = usd }
                    }
                }
            }
        }
        let lambda = { (memory: Int, requests: String) in try XCTUnwrap(costs["\(memory) \(requests) lambda/on-demand"]) }
        XCTAssertGreaterThan(try lambda(1024, "1000000"), try lambda(512, "1000000"), "more memory, priced apart")
        XCTAssertGreaterThan(try lambda(512, "10000000"), try lambda(512, "1000000"), "more requests, priced apart")
    }

    /// A lean pricing prices only the candidates cost can still make the recommendation; for a
    /// stored run (`everyCandidate`) every feasible candidate's best variant, as lean.
    func testEveryCandidateIsPricedForAStoredRun() throws {
        let profile = try lambdaX86()
        let plain = decision([candidate(.lambdaOnDemand, score: 2), candidate(.fargateOnDemand, score: 1)])
        let lean = try pricer.price(plain, profile: profile, full: false)
        XCTAssertNotNil(lean.candidate(.lambda)?.cost)
        XCTAssertNil(lean.candidate(.fargate)?.cost, "ranked lower by the rules: cost cannot change the recommendation")
        let every = try pricer.price(plain, profile: profile, full: false, everyCandidate: true)
        XCTAssertEqual(every.candidate(.lambda)?.cost, lean.candidate(.lambda)?.cost)
        let fargate = try XCTUnwrap(every.candidate(.fargate)?.cost?.monthlyUSD)
        XCTAssertEqual(fargate, try pricer.price(plain, profile: profile).candidate(.fargate)?.cost?.monthlyUSD)
        XCTAssertTrue(every.candidate(.fargate)?.cost?.json.isEmpty ?? false, "still lean")
        XCTAssertEqual(every.recommendation, .lambda)
    }
}
