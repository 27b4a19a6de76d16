import BerthCore
@testable import BerthRules
import Foundation
import XCTest

/// Requirements (`effect: {require: ...}`) judge each variant by its own facts, closed-world:
/// a failed fact excludes the variant, a missing or null one leaves it unverified.
final class RequirementTests: XCTestCase {
    /// A pack with its own catalog: Windows is supported by Fargate on-demand from 2021-10,
    /// unknown (null) for ECS self-managed, and stated nowhere for the other variants.
    private func pack() throws -> RulePack {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-req-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        name: req
        title: requirements
        include: [.]
        catalog: facts.yaml
        """.write(toFile: dir + "/pack.yaml", atomically: true, encoding: .utf8)
        try """
        fargate_on_demand.windows:
          type: bool
          values:
            - {value: false, source: "test: no Windows at first"}
            - {since: 2021-10, value: true, source: "test: Windows from 2021-10"}
        ecs_ec2_self_managed.windows:
          type: bool
          values:
            - {value: null, source: "test: not known"}
        lambda_on_demand.windows:
          type: bool
          values:
            - {value: false, source: "test: never"}
        fargate_on_demand.max_vcpu:
          type: double
          values:
            - {value: 4, source: "test: 4 vCPU"}
        """.write(toFile: dir + "/facts.yaml", atomically: true, encoding: .utf8)
        try """
        id: windows
        title: Windows must run there
        rationale: test
        source: test
        when: os == "windows"
        effect: {require: catalog.self.windows}
        examples:
          fires: [{os: windows}]
        ---
        id: size
        title: The task must fit
        rationale: test
        source: test
        when: "true"
        effect: {require: vcpu <= catalog.self.max_vcpu}
        examples:
          fires: [{}]
        """.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        return try PackLoader.load(directory: dir)
    }

    private func profile(_ fields: [ProfileField: String]) throws -> Profile {
        var decoder = ProfileDecoder()
        decoder.profile = Profile(name: "w")
        for (field, text) in fields {
            try decoder.assign(field, .scalar(text, plain: true), at: SourceLocation(file: "t", line: 1))
        }
        return decoder.profile
    }

    func testAFactThatHoldsVerifiesTheVariantAndOneThatFailsExcludesIt() throws {
        let engine = Engine(pack: try pack(), asOf: "2022-01-01")
        let d = engine.decide(try profile([.os: "windows", .vcpu: "2"]))
        XCTAssertEqual(d.recommendation, .fargate)
        XCTAssertEqual(d.variant, .fargateOnDemand)
        XCTAssertEqual(d.unverified, [])
        let lambda = try XCTUnwrap(d.candidate(.lambda))
        XCTAssertFalse(lambda.verified, "only Lambda Managed Instances is left, and nothing states its facts")
        XCTAssertEqual(lambda.variant, .lambdaManagedInstances)
        let onDemand = try XCTUnwrap(lambda.variants.first { $0.variant == .lambdaOnDemand })
        XCTAssertEqual(onDemand.reasons.map(\.rule), ["windows"])
        XCTAssertEqual(onDemand.unverified, ["size"], "no max_vcpu fact for Lambda: unverified, not eligible")
        XCTAssertEqual(onDemand.reasons.first?.message, "Windows must run there (os = windows, catalog.lambda_on_demand.windows = false)")
    }

    func testTheLimitIsCheckedOnBothSides() throws {
        let engine = Engine(pack: try pack(), asOf: "2022-01-01")
        XCTAssertEqual(engine.decide(try profile([.vcpu: "4"])).candidate(.fargate)?.eligible, true)
        let over = engine.decide(try profile([.vcpu: "4.01"]))
        XCTAssertEqual(over.candidate(.fargate)?.variants.first?.reasons.map(\.rule), ["size"])
    }

    func testAMissingOrNullFactLeavesTheVariantUnverifiedAndNeverRecommendedOverAVerifiedOne() throws {
        let engine = Engine(pack: try pack(), asOf: "2020-01-01")
        let d = engine.decide(try profile([.os: "windows"]))
        let fargate = try XCTUnwrap(d.candidate(.fargate))
        XCTAssertEqual(fargate.variants.first { $0.variant == .fargateOnDemand }?.eligible, false, "Fargate had no Windows in 2020")
        XCTAssertFalse(fargate.verified, "Fargate Spot is left, with no facts")
        let ecs = try XCTUnwrap(d.candidate(.ecsEC2))
        XCTAssertTrue(ecs.eligible)
        XCTAssertFalse(ecs.verified)
        XCTAssertEqual(ecs.variants.first { $0.variant == .ecsSelfManaged }?.unverified, ["windows", "size"])
        // Nothing verified is left: the recommendation is unverified and says what is missing.
        XCTAssertNotNil(d.recommendation)
        XCTAssertEqual(Set(d.unverified), ["windows", "size"])
        XCTAssertTrue(d.text().contains("not verified: no fact at this date confirms"), d.text())

        let verifiedFirst = Engine(pack: try pack(), asOf: "2022-01-01").decide(try profile([.os: "windows"]))
        XCTAssertEqual(verifiedFirst.candidates.map(\.verified).prefix(1), [true])
        XCTAssertEqual(verifiedFirst.recommendation, .fargate, "verified Fargate beats unverified platforms")
    }

    func testTheJSONNamesTheVariantAndEachVariantsStanding() throws {
        let engine = Engine(pack: try pack(), asOf: "2022-01-01")
        let json = engine.decide(try profile([.os: "windows"])).json.rendered(pretty: false)
        XCTAssertTrue(json.contains(#""variant":"on-demand""#), json)
        XCTAssertTrue(json.contains(#""unverified":[]"#), json)
        XCTAssertTrue(json.contains(#"{"eligible":false,"id":"on-demand","reasons":[{"effect":"exclude""#), json)
    }

    func testCatalogSelfIsOnlyForRequirementsAndNamesAKnownCapability() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-req-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "id: bad\ntitle: t\nrationale: r\nsource: s\nwhen: catalog.self.gpu\neffect: {exclude: [lambda]}\n"
            .write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PackLoader.load(directory: dir)) { error in
            XCTAssertTrue("\(error)".contains("'catalog.self' is read only in a requirement"), "\(error)")
        }
        try "id: bad\ntitle: t\nrationale: r\nsource: s\nwhen: \"true\"\neffect: {require: catalog.self.no_such_capability}\n"
            .write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PackLoader.load(directory: dir)) { error in
            XCTAssertTrue("\(error)".contains("no variant states a capability 'no_such_capability'"), "\(error)")
        }
    }
}
