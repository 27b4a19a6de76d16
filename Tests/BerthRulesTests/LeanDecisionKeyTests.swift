import BerthBatch
import BerthCore
import BerthInventory
@testable import BerthRules
import Foundation
import XCTest

/// `Engine.leanKey()`: profiles with one key get one lean decision, and numbers that the
/// conditions only compare with constants are keyed by interval, not value.
final class LeanDecisionKeyTests: XCTestCase {
    private func key(_ engine: Engine, _ profile: Profile) -> [UInt8] {
        key(engine.leanKey(), profile)
    }

    private func key(_ leanKey: LeanDecisionKey, _ profile: Profile) -> [UInt8] {
        var out = JSONWriter()
        leanKey.write(profile, into: &out)
        return out.bytes
    }

    private func profile(_ fields: [ProfileField: String], name: String = "w") throws -> Profile {
        var decoder = ProfileDecoder()
        decoder.profile = Profile(name: name)
        for (field, text) in fields {
            try decoder.assign(field, .scalar(text, plain: true), at: SourceLocation(file: "t", line: 1))
        }
        return decoder.profile
    }

    /// A pack whose conditions compare memory with a constant, compute with vcpu, and
    /// require a duration against each variant's own limit.
    private func pack() throws -> RulePack {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-key-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "name: key\ntitle: key\ninclude: [.]\ncatalog: facts.yaml\n".write(toFile: dir + "/pack.yaml", atomically: true, encoding: .utf8)
        try """
        lambda_on_demand.max_duration_seconds:
          type: double
          values:
            - {value: 900, source: "test"}
        fargate_on_demand.max_duration_seconds:
          type: double
          values:
            - {value: 3600, source: "test"}
        """.write(toFile: dir + "/facts.yaml", atomically: true, encoding: .utf8)
        try """
        id: big
        title: Too much memory for Lambda
        rationale: test
        source: test
        when: memory_mib > 10240
        effect: {exclude: lambda}
        examples:
          fires: [{memory_mib: 20000}]
        ---
        id: wide
        title: Too wide for Fargate
        rationale: test
        source: test
        when: vcpu * 2 > 8
        effect: {exclude: fargate}
        examples:
          fires: [{vcpu: 8}]
        ---
        id: duration
        title: The work must finish in time
        rationale: test
        source: test
        when: has(max_duration_seconds)
        effect: {require: max_duration_seconds <= catalog.self.max_duration_seconds}
        examples:
          fires: [{max_duration_seconds: 60}]
        """.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        return try PackLoader.load(directory: dir)
    }

    func testAnIntervalKeepsEveryComparisonWithEveryThreshold() {
        let thresholds: [Double] = [900, 3600]
        XCTAssertEqual([899, 900, 901, 3599, 3600, 3601, 0, -5].map { LeanDecisionKey.interval(of: $0, among: thresholds) },
                       [0, 1, 2, 2, 3, 4, 0, 0])
        XCTAssertEqual(LeanDecisionKey.interval(of: .nan, among: thresholds), 0xFFFF)
        XCTAssertEqual(LeanDecisionKey.interval(of: 7, among: []), 0)
        let values: [Double] = [-1, 0, 1, 899, 899.5, 900, 900.5, 901, 2000, 3600, 3601, 1e9]
        let tests: [(Double, Double) -> Bool] = [(<), (<=), (==), (!=), (>=), (>)]
        for a in values {
            for b in values where LeanDecisionKey.interval(of: a, among: thresholds) == LeanDecisionKey.interval(of: b, among: thresholds) {
                for t in thresholds {
                    for test in tests { XCTAssertEqual(test(a, t), test(b, t), "\(a) and \(b) against \(t)") }
                }
            }
        }
    }

    func testComparedNumbersAreKeyedByIntervalAndComputedOnesByValue() throws {
        let engine = Engine(pack: try pack(), asOf: "2026-11-26")
        func k(_ fields: [ProfileField: String]) throws -> [UInt8] { key(engine, try profile(fields)) }
        // memory_mib is only compared with 10,240: 512 and 2,048 decide alike, 10,240 and 10,241 not.
        XCTAssertEqual(try k([.memoryMiB: "512"]), try k([.memoryMiB: "2048"]))
        XCTAssertEqual(try k([.memoryMiB: "10240"]), try k([.memoryMiB: "10240"]))
        XCTAssertNotEqual(try k([.memoryMiB: "10240"]), try k([.memoryMiB: "10241"]))
        XCTAssertNotEqual(try k([.memoryMiB: "10239"]), try k([.memoryMiB: "10240"]))
        // Given or not is part of the key (a default is an assumption of the decision).
        XCTAssertNotEqual(try k([.memoryMiB: "512"]), try k([:]))
        // vcpu is computed with (`vcpu * 2`): its value is the key.
        XCTAssertNotEqual(try k([.vcpu: "1"]), try k([.vcpu: "2"]))
        // A requirement's constants are each variant's facts: 900 and 3,600.
        XCTAssertEqual(try k([.maxDurationSeconds: "60"]), try k([.maxDurationSeconds: "600"]))
        XCTAssertNotEqual(try k([.maxDurationSeconds: "900"]), try k([.maxDurationSeconds: "901"]))
        XCTAssertEqual(try k([.maxDurationSeconds: "901"]), try k([.maxDurationSeconds: "3599"]))
        XCTAssertNotEqual(try k([.maxDurationSeconds: "3600"]), try k([.maxDurationSeconds: "3601"]))
        // The name and fields no rule reads are not.
        XCTAssertEqual(key(engine, try profile([.port: "80"], name: "a")), key(engine, try profile([.port: "9090"], name: "b")))
    }

    /// Over seeded synthetic inventories, under both built-in packs: every profile's lean
    /// decision equals that of the first profile with its key (but for the name), and the
    /// key groups profiles their exact values keep apart.
    func testProfilesWithOneKeyGetOneLeanDecision() throws {
        let profiles = try Inventory.readAll(try Inventory.reader(text: SyntheticInventory.csv(rows: 4_000, seed: 11), name: "inv.csv", format: .csv))
            .map { try XCTUnwrap($0.profile) }
        for (pack, asOf) in [("current", "2026-11-26"), ("talk-2018", "2018-08-03")] {
            let engine = Engine(pack: try PackLoader.builtin(pack, examples: false), asOf: asOf)
            let leanKey = engine.leanKey()
            var first: [[UInt8]: Decision] = [:]
            var shapes = Set<String>()
            for profile in profiles {
                var decision = engine.decide(profile, messages: false)
                var exact = JSONWriter()
                exact.givenProfile({ var p = profile; p.name = ""; return p }())
                shapes.insert(exact.text)
                let k = key(leanKey, profile)
                guard let earlier = first[k] else { first[k] = decision; continue }
                decision.profile = earlier.profile
                XCTAssertEqual(decision, earlier, "\(pack): \(profile.name)")
            }
            XCTAssertLessThan(first.count * 5, shapes.count * 4, "\(pack): \(first.count) keys, \(shapes.count) shapes")
            // The sizes and the timeout are only compared with the catalog's limits.
            XCTAssertEqual(Set(leanKey.intervals.keys), [.vcpu, .memoryMiB, .maxDurationSeconds, .gpuCount], pack)
        }
    }
}
