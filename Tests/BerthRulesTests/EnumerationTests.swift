import BerthCore
@testable import BerthRules
import XCTest

/// Every combination of the profile's enum fields, of the booleans that state a requirement or
/// choose a variant (the three that only prefer Lambda at one step vary together), and a GPU or
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
                                    // Every value here is stated, as a profile file would state it.
                                    for field in [ProfileField.os, .arch, .trigger, .purchasing, .loadBalancer, .gpuCount, .execAccess, .privileged,
                                                  .onpremInterop, .avoidInstanceManagement, .msBilling, .avoidRuntimeManagement, .distributedBatch] {
                                        p.given.insert(field)
                                    }
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
        var judgementCalls = 0, decided = 0, total = 0
        var decidedBy: [String: Int] = [:], calls: [String: Int] = [:]
        for (name, date) in [("current", "2026-12-01"), ("talk-2018", "2018-08-03")] {
            let pack = try PackLoader.builtin(name)
            let engine = Engine(pack: pack, asOf: date)
            for profile in profiles() {
                total += 1
                let d = engine.decide(profile, messages: false)
                guard let platform = d.recommendation else { continue }
                decided += 1
                let separation = d.separation
                let by = separation.step.map { "step \(separation.position + 1) \($0.id)" } ?? separation.kind.rawValue
                decidedBy[by, default: 0] += 1
                if d.judgementCall {
                    judgementCalls += 1
                    calls[by, default: 0] += 1
                }
                // Every value is stated: no separation rests on a default, and a judgement call
                // is the tie-break order or the procedure's last step, nothing else.
                XCTAssertEqual(separation.defaults, [])
                XCTAssertEqual(d.judgementCall, separation.kind == .tieOrder || (separation.kind == .step && separation.position == pack.procedure.count - 1))
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
        let histogram = { (counts: [String: Int]) in counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") }
        print("enumeration: \(total) profiles, \(decided) with a recommendation, \(judgementCalls) judgement calls (\(histogram(calls))); decided by \(histogram(decidedBy))")
    }
}
