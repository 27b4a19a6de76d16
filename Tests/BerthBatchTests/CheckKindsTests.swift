@testable import BerthBatch
import BerthCore
import XCTest

/// The kinds no example service has at today's catalog (`unverified`, `judgement-call`), from
/// decisions built by hand (`@testable` for `DecidedRow`'s memberwise initialiser).
final class CheckKindsTests: XCTestCase {
    func testAnUnverifiedTieIsBothKindsAndNotMisplacedWhereItRunsAlready() {
        let verdict = VariantVerdict(variant: .fargateOnDemand, eligible: true, reasons: [], unverified: ["needs-gpu"])
        let decision = Decision(
            profile: "api", pack: "current", asOf: "2026-11-26", recommendation: .fargate,
            candidates: [
                Candidate(platform: .fargate, eligible: true, score: 2, reasons: [], variant: .fargateOnDemand, verified: false, variants: [verdict]),
                Candidate(platform: .lambda, eligible: true, score: 2, reasons: [], variant: .lambdaOnDemand, verified: false),
            ],
            assumptions: [], undecided: [], conflicts: [])
        var profile = Profile(name: "api")
        profile.currentPlatform = .fargate
        let row = DecidedRow(index: 0, location: SourceLocation(file: "inv.csv", line: 7, column: 1), profile: profile, decision: decision)
        let findings = Check.findings(for: row, file: "inv.csv")
        XCTAssertEqual(findings.map(\.kind), [.unverified, .judgementCall])
        XCTAssertEqual(findings.map(\.rules), [["needs-gpu"], []])
        XCTAssertEqual(findings.map(\.message), [
            "fargate/on-demand is not verified: no fact at 2026-11-26 confirms needs-gpu",
            "fargate: tied with lambda, decided by the tie-break order",
        ])
        XCTAssertEqual(findings.map(\.line), [7, 7])
    }
}
