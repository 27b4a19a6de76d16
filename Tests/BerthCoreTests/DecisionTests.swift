import BerthCore
import XCTest

final class DecisionTests: XCTestCase {
    private func summary(_ usd: Double) -> CostSummary {
        CostSummary(monthlyUSD: usd, monthlyText: "$\(usd)", totalText: "$\(usd)", region: "us-east-1", pricesAsOf: "2026-12-01",
                    missing: [], notPriced: [], gaps: [], json: [:])
    }

    private func candidate() -> Candidate {
        Candidate(platform: .fargate, eligible: true, score: 1, reasons: [], variant: .fargateOnDemand,
                  variants: [VariantVerdict(variant: .fargateOnDemand, eligible: true, reasons: [], unverified: [])])
    }

    /// A cost held by reference keeps value semantics: changing one candidate's leaves another
    /// that shares it as it was.
    func testACostSharedBetweenCandidatesChangesInOneOnly() {
        var a = candidate()
        a.cost = summary(9.5)
        var b = a
        XCTAssertTrue(a.sharedCost === b.sharedCost)
        b.cost?.breakEven = ["Lambda is cheaper below 1 M requests a month"]
        XCTAssertEqual(a.cost?.breakEven, [])
        XCTAssertEqual(b.cost?.breakEven, ["Lambda is cheaper below 1 M requests a month"])
        XCTAssertNotEqual(a, b)
        b.variants[0].cost = summary(1)
        XCTAssertNil(a.variants[0].cost)
    }

    /// Candidates are equal, and hash alike, when their costs are equal, shared or not.
    func testCandidatesWithEqualCostsInDifferentBoxesAreEqual() {
        var a = candidate(), b = candidate()
        a.sharedCost = Shared(summary(9.5))
        b.sharedCost = Shared(summary(9.5))
        XCTAssertFalse(a.sharedCost === b.sharedCost)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.hashValue, b.hashValue)
        b.sharedCost = Shared(summary(9.25))
        XCTAssertNotEqual(a, b)
        b.cost = nil
        XCTAssertNotEqual(a, b)
        XCTAssertNil(b.sharedCost)
    }
}
