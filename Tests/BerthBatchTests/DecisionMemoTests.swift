import BerthBatch
import BerthCompiled
import BerthCore
import BerthCost
import BerthInventory
import BerthRules
import BerthStore
import Foundation
import XCTest

final class DecisionMemoTests: XCTestCase {
    static let engine = Engine(pack: try! PackLoader.builtin("current", examples: false), asOf: "2026-11-26")
    static let pricer = Pricer(calculator: CostCalculator(catalog: CompiledBundle.prices()))

    static func lean(_ profile: Profile) -> Decision { engine.decide(profile, messages: false) }
    static func price(_ decision: Decision, _ profile: Profile) throws -> Decision {
        try pricer.price(decision, profile: profile, full: false, everyCandidate: true)
    }

    /// What the store and the writers read of a decision: all but the name and what a cost
    /// says besides its monthly amount.
    static func outcome(_ decision: Decision) -> Decision {
        var d = decision
        d.profile = ""
        for i in d.candidates.indices where d.candidates[i].cost != nil {
            let usd = d.candidates[i].cost?.monthlyUSD
            d.candidates[i].cost = CostSummary(monthlyUSD: usd, monthlyText: nil, totalText: nil, region: "", pricesAsOf: "", missing: [], notPriced: [], gaps: [], json: [:])
        }
        return d
    }

    func memo(limit: Int = 4_096) -> DecisionMemo {
        DecisionMemo(key: Self.engine.leanKey().write, limit: limit)
    }

    func profiles(_ csv: String) throws -> [Profile] {
        try Inventory.readAll(try Inventory.reader(text: csv, name: "inv.csv", format: .csv)).map { try XCTUnwrap($0.profile) }
    }

    /// Every decision through the memo equals deciding afresh, and the repeated shapes of a
    /// synthetic inventory are looked up.
    func testRememberedDecisionsEqualFreshOnes() throws {
        let all = try profiles(SyntheticInventory.csv(rows: 3_000, seed: 7))
        for limit in [4_096, 50] {
            let memo = memo(limit: limit)
            for profile in all {
                let fresh = Self.engine.decide(profile, messages: false)
                XCTAssertEqual(memo.lean(for: profile) { Self.engine.decide($0, messages: false) }.decision, fresh, profile.name)
            }
            XCTAssertGreaterThan(memo.hits, limit > all.count ? 100 : 0, "limit \(limit)")
            XCTAssertLessThan(memo.hits, all.count)
        }
    }

    func testTheKeyIsWhatDecides() throws {
        let p = try profiles("""
            name,description,os,port,labels.team,labels.kubernetes
            a,first,,8080,ads,
            b,second,,9090,ml,
            c,,linux,8080,ads,
            d,,,8080,ads,yes
            """)
        let memo = memo()
        var calls: [String] = []
        for profile in p {
            let decision = memo.lean(for: profile) { calls.append($0.name); return Self.engine.decide($0, messages: false) }.decision
            XCTAssertEqual(decision.profile, profile.name)
            XCTAssertEqual(decision, Self.engine.decide(profile, messages: false))
        }
        // b differs from a only in its description, port and an unread label; c states the
        // default os (an assumption less); d sets a label a rule reads.
        XCTAssertEqual(calls, ["a", "c", "d"])
        XCTAssertEqual(memo.hits, 1)
    }

    func testErrorsAreNotRemembered() throws {
        struct Refused: Error {}
        let profile = try profiles("name\na\n")[0]
        let memo = memo()
        XCTAssertThrowsError(try memo.lean(for: profile) { _ in throw Refused() })
        XCTAssertEqual(memo.lean(for: profile) { Self.engine.decide($0, messages: false) }.decision, Self.engine.decide(profile, messages: false))
        XCTAssertEqual(memo.hits, 0)
    }

    /// Priced through the memo, each decision equals pricing a fresh one, and rows of one
    /// shape have one outcome: rows that cost differently (512 and 2,048 MiB decide alike)
    /// never share a shape.
    func testShapedDecisionsEqualFreshOnesAndShareOutcomesByShape() throws {
        let all = try profiles(SyntheticInventory.csv(rows: 3_000, seed: 11))
        for limit in [40_960, 50] {
            let memo = memo(limit: limit)
            var outcomes: [Int: Decision] = [:]
            for profile in all {
                let shaped = try memo.priced(memo.lean(for: profile, Self.lean), profile: profile, Self.price)
                XCTAssertEqual(shaped.decision, try Self.price(Self.lean(profile), profile), profile.name)
                let shape = try XCTUnwrap(shaped.shape)
                if let first = outcomes[shape] {
                    XCTAssertEqual(Self.outcome(shaped.decision), first, "\(profile.name), shape \(shape)")
                } else {
                    outcomes[shape] = Self.outcome(shaped.decision)
                }
            }
            if limit > all.count { XCTAssertLessThan(outcomes.count, all.count * 4 / 5, "shapes repeat") }
            XCTAssertGreaterThan(Set(outcomes.values.map { $0.candidates.compactMap { $0.cost?.monthlyUSD } }).count, 10)
        }
    }

    /// When full, the oldest decision makes room: the others stay remembered.
    func testAFullMemoForgetsItsOldestDecision() throws {
        let p = try profiles("""
            name,trigger
            a,http
            b,worker
            c,event
            """)
        let memo = memo(limit: 2)
        var calls: [String] = []
        for i in [0, 1, 0, 2, 1, 0] {
            _ = memo.lean(for: p[i]) { calls.append($0.name); return Self.lean($0) }
        }
        // a and b kept; a remembered; c replaces a; b remembered; a replaces b.
        XCTAssertEqual(calls, ["a", "b", "c", "a"])
        XCTAssertEqual(memo.hits, 2)
    }

    /// A batch stored and written through the memo's shapes is the batch decided row by row,
    /// priced beside reading or beside storing.
    func testAShapedBatchStoresAndWritesWhatAnUnshapedOneDoes() throws {
        let csv = SyntheticInventory.csv(rows: 2_000, seed: 5, badEvery: 97)
        func run(shaped: Bool, priceWhileReading: Bool = true, format: BatchOutputFormat) throws -> (output: String, stored: [StoredDecision]) {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("shaped-\(UUID().uuidString).\(format.rawValue)").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let db = try AppDatabase()
            let memo = memo()
            let header = BatchJSONHeader(pack: "current", asOf: "2026-11-26", procedure: [], rules: [])
            var options = BatchOptions(pack: "current", asOf: "2026-11-26", inputPath: "s.csv")
            options.priceWhileReading = priceWhileReading
            let summary = try Batch.run(
                reader: Inventory.reader(text: csv, name: "s.csv", format: .csv), store: db, options: options,
                sink: BatchWriters.sink(format, to: try OutputFile.atomic(path: path), header: header),
                decide: { profile in shaped ? memo.lean(for: profile, Self.lean) : LeanDecision(Self.lean(profile)) },
                price: { lean, profile in
                    shaped ? try memo.priced(lean, profile: profile, Self.price) : ShapedDecision(try Self.price(lean.decision, profile))
                })
            XCTAssertGreaterThan(summary.rejected, 0)
            var stored = try db.decisions(runID: try XCTUnwrap(summary.runID))
            for i in stored.indices { stored[i].runID = 0 }
            return (try String(contentsOfFile: path, encoding: .utf8), stored)
        }
        for format in [BatchOutputFormat.csv, .json, .jsonl] {
            let plain = try run(shaped: false, format: format)
            for priceWhileReading in [true, false] {
                let shaped = try run(shaped: true, priceWhileReading: priceWhileReading, format: format)
                XCTAssertEqual(shaped.output, plain.output, "\(format), priced while reading: \(priceWhileReading)")
                XCTAssertEqual(shaped.stored.count, 2_000 - 2_000 / 97)
                XCTAssertEqual(shaped.stored, plain.stored, "\(format)")
            }
        }
    }
}
