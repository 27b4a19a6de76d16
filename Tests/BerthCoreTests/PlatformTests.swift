import BerthCore
import XCTest

final class PlatformTests: XCTestCase {
    func testOrderIsThePositionInAllCases() {
        for (i, platform) in Platform.allCases.enumerated() { XCTAssertEqual(platform.order, i, platform.id) }
    }

    func testAMapHoldsOneValuePerPlatform() {
        var scores = PlatformMap(repeating: 0)
        scores[.eks] += 3
        scores[.lambda] -= 1
        XCTAssertEqual(scores.entries.map { "\($0.0.id)=\($0.1)" }, ["fargate=0", "lambda=-1", "ecs-ec2=0", "eks=3"])
        XCTAssertEqual(scores.map { $0 * 2 }[.eks], 6)
        XCTAssertEqual(PlatformMap { $0.id }[.ecsEC2], "ecs-ec2")
        XCTAssertNotEqual(scores, PlatformMap(repeating: 0))
    }
}

final class VariantTests: XCTestCase {
    func testAMapHoldsOneValuePerVariant() {
        var checks = VariantMap<String?>(repeating: nil)
        checks[.eksFargate] = "a"
        checks[.lambdaOnDemand] = "b"
        XCTAssertEqual(checks[.eksFargate], "a")
        XCTAssertNil(checks[.eksAutoMode])
        XCTAssertEqual(checks.entries.compactMap { variant, check in check.map { "\(variant.rawValue)=\($0)" } }, ["lambda/on-demand=b", "eks/fargate=a"])
        XCTAssertEqual(checks.entries.map(\.0), Variant.allCases)
    }

    func testIndexIsThePositionInAllCasesAndIdsAreUniqueWithinAPlatform() {
        for (i, variant) in Variant.allCases.enumerated() { XCTAssertEqual(variant.index, i, variant.rawValue) }
        for platform in Platform.allCases {
            let ids = Variant.of(platform).map(\.id)
            XCTAssertFalse(ids.isEmpty, platform.id)
            XCTAssertEqual(Set(ids).count, ids.count, platform.id)
            for variant in Variant.of(platform) { XCTAssertEqual(Variant(platform: platform, id: variant.id), variant) }
        }
        XCTAssertEqual(Variant.ecsManagedInstances.catalogPrefix, "ecs_ec2_managed_instances")
        XCTAssertEqual(Variant.eksFargate.id, "fargate")
        XCTAssertEqual(Variant.eksFargate.platform, .eks)
    }
}
