import BerthCore
import BerthRules
import Foundation
import XCTest

/// Every documented limit a requirement checks, at both packs' dates: at the limit the variant
/// is eligible, one step over it is excluded by that requirement (aws-facts.md's figures).
final class LimitsTests: XCTestCase {
    private struct Limit {
        var pack: String
        var variant: Variant
        var requirement: String
        /// The profile (YAML) at the limit and one step over it.
        var at: String
        var over: String
    }

    private let limits: [Limit] = [
        // Lambda's timeout: 300 s at the talk, 900 s since 2018-10.
        Limit(pack: "talk-2018", variant: .lambdaOnDemand, requirement: "unit-of-work-duration",
              at: "trigger: event\nmax_duration_seconds: 300", over: "trigger: event\nmax_duration_seconds: 301"),
        Limit(pack: "current", variant: .lambdaOnDemand, requirement: "unit-of-work-duration",
              at: "trigger: event\nmax_duration_seconds: 900", over: "trigger: event\nmax_duration_seconds: 901"),
        // Lambda's memory: 3,008 MB at the talk, 10,240 MB since 2020-12.
        Limit(pack: "talk-2018", variant: .lambdaOnDemand, requirement: "task-size",
              at: "trigger: event\nmemory_mib: 3008", over: "trigger: event\nmemory_mib: 3009"),
        Limit(pack: "current", variant: .lambdaOnDemand, requirement: "task-size",
              at: "trigger: event\nmemory_mib: 10240", over: "trigger: event\nmemory_mib: 10241"),
        // Lambda's vCPU: 6 since 2020-12.
        Limit(pack: "current", variant: .lambdaOnDemand, requirement: "task-size",
              at: "trigger: event\nvcpu: 6\nmemory_mib: 10240", over: "trigger: event\nvcpu: 6.25\nmemory_mib: 10240"),
        // Lambda's /tmp: 10 GiB since 2022-03.
        Limit(pack: "current", variant: .lambdaOnDemand, requirement: "ephemeral-storage",
              at: "trigger: event\nephemeral_storage_gib: 10", over: "trigger: event\nephemeral_storage_gib: 11"),
        // Fargate's largest task: 4 vCPU / 30 GB at the talk; 32 vCPU / 244 GB since 2026-06.
        Limit(pack: "talk-2018", variant: .fargateOnDemand, requirement: "task-size",
              at: "vcpu: 4\nmemory_mib: 30720", over: "vcpu: 4.25\nmemory_mib: 30720"),
        Limit(pack: "talk-2018", variant: .fargateOnDemand, requirement: "task-size",
              at: "vcpu: 4\nmemory_mib: 30720", over: "vcpu: 4\nmemory_mib: 30721"),
        Limit(pack: "current", variant: .fargateOnDemand, requirement: "task-size",
              at: "vcpu: 32\nmemory_mib: 249856", over: "vcpu: 32.25\nmemory_mib: 249856"),
        Limit(pack: "current", variant: .fargateOnDemand, requirement: "task-size",
              at: "vcpu: 32\nmemory_mib: 249856", over: "vcpu: 32\nmemory_mib: 249857"),
        // Fargate's storage: 10 GB at the talk, 200 GiB since 2021-04.
        Limit(pack: "talk-2018", variant: .fargateOnDemand, requirement: "ephemeral-storage",
              at: "ephemeral_storage_gib: 10", over: "ephemeral_storage_gib: 11"),
        Limit(pack: "current", variant: .fargateOnDemand, requirement: "ephemeral-storage",
              at: "ephemeral_storage_gib: 200", over: "ephemeral_storage_gib: 201"),
        // Windows on Fargate: 4 vCPU at most (since 2021-10).
        Limit(pack: "current", variant: .fargateOnDemand, requirement: "windows-task-size",
              at: "os: windows\nvcpu: 4\nmemory_mib: 8192", over: "os: windows\nvcpu: 4.25\nmemory_mib: 8192"),
    ]

    func testEveryLimitHoldsAtItsValueAndRefusesOneStepOver() throws {
        for limit in limits {
            let engine = Engine(pack: try PackLoader.builtin(limit.pack), asOf: limit.pack == "current" ? "2026-11-26" : nil)
            func verdict(_ body: String) throws -> VariantVerdict {
                let profile = try ProfileFile.load(data: Data("name: limit\n\(body)\n".utf8), file: "p.yaml")
                let decision = engine.decide(profile)
                return try XCTUnwrap(decision.candidate(limit.variant.platform)?.variants.first { $0.variant == limit.variant })
            }
            let at = try verdict(limit.at), over = try verdict(limit.over)
            let label = "\(limit.pack) \(limit.variant.rawValue) \(limit.requirement)"
            XCTAssertFalse(at.reasons.contains { $0.rule == limit.requirement }, "\(label): at the limit (\(limit.at))")
            XCTAssertTrue(over.reasons.contains { $0.rule == limit.requirement }, "\(label): over the limit (\(limit.over))")
            XCTAssertFalse(over.eligible, label)
        }
    }
}
