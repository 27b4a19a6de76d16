import BerthCore
@testable import BerthRules
import XCTest

/// Every combination of the profile's enum fields, of the booleans that state a requirement or
/// choose a variant (the three that only add to Lambda's score vary together), and a GPU or
/// none, under both packs: a recommended variant is never one whose facts at the date say no to, or do not
/// state, a requirement the profile states; an unverified recommendation only when nothing
/// verified is eligible. The facts are read here straight from the catalog, not through the
/// engine's compiled requirements.
final class EnumerationTests: XCTestCase {
    private func profiles() -> [Profile] {
        var out: [Profile] = []
        let flags: [WritableKeyPath<Profile, Bool>] = [\.execAccess, \.privileged, \.onpremInterop, \.avoidInstanceManagement, \.msBilling]
        for os in OperatingSystem.allCases {
            for arch in Architecture.allCases {
                for trigger in Trigger.allCases {
                    for purchasing in Purchasing.allCases {
                        for lb in LoadBalancer.allCases {
                            for gpu in [0, 1] {
                                for bits in 0..<(1 << flags.count) {
                                    var p = Profile(name: "e")
                                    (p.os, p.arch, p.trigger, p.purchasing, p.loadBalancer, p.gpuCount) = (os, arch, trigger, purchasing, lb, gpu)
                                    for (i, flag) in flags.enumerated() { p[keyPath: flag] = bits & (1 << i) != 0 }
                                    (p.avoidRuntimeManagement, p.distributedBatch) = (p.msBilling, p.msBilling)
                                    out.append(p)
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The facts a profile's stated requirements need, as catalog capability names.
    private func needs(_ p: Profile) -> [String] {
        var out = ["available", "\(p.os.rawValue)_\(p.arch.rawValue)"]
        if p.gpuCount > 0 { out.append("gpu") }
        if p.gpuCount > 0, p.os == .windows { out.append("gpu_windows") }
        if p.privileged { out.append("privileged") }
        if p.execAccess { out.append("exec") }
        if p.trigger == .worker { out.append("long_running") }
        switch p.purchasing {
        case .spot: out.append("spot")
        case .reservedInstances: out.append("reserved_instances")
        case .savingsPlans: out.append("savings_plans")
        case .onDemand: break
        }
        if p.loadBalancer != .none { out.append(p.loadBalancer.rawValue) }
        return out
    }

    func testNoRecommendationLacksAPositiveFactForAStatedRequirement() throws {
        var judgementCalls = 0, onePoint = 0, decided = 0, total = 0
        for (name, date) in [("current", "2026-12-01"), ("talk-2018", "2018-08-03")] {
            let pack = try PackLoader.builtin(name)
            let engine = Engine(pack: pack, asOf: date)
            for profile in profiles() {
                total += 1
                let d = engine.decide(profile, messages: false)
                guard let platform = d.recommendation else { continue }
                decided += 1
                if d.judgementCall { judgementCalls += 1 }
                if d.candidates.count > 1, d.candidates[1].eligible, d.candidates[0].score - d.candidates[1].score == 1 { onePoint += 1 }
                let winner = try XCTUnwrap(d.candidate(platform))
                let variant = try XCTUnwrap(winner.variant, "\(name) \(profile)")
                XCTAssertEqual(variant.platform, platform)
                let missing = needs(profile).filter { capability in
                    pack.catalog.entries["\(variant.catalogPrefix).\(capability)"]?.value(asOf: date)?.value != .bool(true)
                }
                if winner.verified {
                    XCTAssertEqual(missing, [], "\(name): \(variant.rawValue) recommended for \(profile.os)/\(profile.arch) \(needs(profile))")
                } else {
                    XCTAssertFalse(d.candidates.contains { $0.eligible && $0.verified },
                                   "\(name): unverified \(variant.rawValue) recommended over a verified candidate")
                    XCTAssertFalse(d.unverified.isEmpty)
                }
                // Whatever its standing, no fact at the date says no to the recommendation.
                let refused = needs(profile).filter { capability in
                    pack.catalog.entries["\(variant.catalogPrefix).\(capability)"]?.value(asOf: date)?.value == .bool(false)
                }
                XCTAssertEqual(refused, [], "\(name): \(variant.rawValue) recommended though its facts refuse \(refused)")
            }
        }
        XCTAssertEqual(total, 2 * 2 * 2 * 4 * 4 * 4 * 2 * 32)
        print("enumeration: \(total) profiles, \(decided) with a recommendation, \(judgementCalls) judgement calls, \(onePoint) won by one point")
    }
}
