import BerthBatch
import BerthCore
import BerthInventory
import BerthRules
import Foundation
import XCTest

final class DecisionMemoTests: XCTestCase {
    static let engine = Engine(pack: try! PackLoader.builtin("current", examples: false), asOf: "2026-11-26")

    func memo(limit: Int = 4_096) -> DecisionMemo {
        DecisionMemo(key: Self.engine.leanKey.write, limit: limit)
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
                XCTAssertEqual(memo.decision(for: profile) { Self.engine.decide($0, messages: false) }, fresh, profile.name)
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
            let decision = memo.decision(for: profile) { calls.append($0.name); return Self.engine.decide($0, messages: false) }
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
        XCTAssertThrowsError(try memo.decision(for: profile) { _ in throw Refused() })
        XCTAssertEqual(try memo.decision(for: profile) { Self.engine.decide($0, messages: false) }, Self.engine.decide(profile, messages: false))
        XCTAssertEqual(memo.hits, 0)
    }
}
