import BerthBatch
import BerthCore
import BerthInventory
import BerthRules
import Foundation
import XCTest

/// data/examples/inventory.csv decides without rejections under both packs, and every service
/// gets the recommendation recorded beside it (`labels.expected`, `labels.expected_2018`).
final class ExampleInventoryTests: XCTestCase {
    private var inventoryPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/examples/inventory.csv").path
    }

    private func check(pack name: String, label: String) throws {
        let engine = Engine(pack: try PackLoader.builtin(name), today: "2026-11-26")
        let reader = try Inventory.open(path: inventoryPath)
        var checked = 0
        var fired = Set<String>()
        let summary = try Batch.run(reader: reader, store: nil, options: BatchOptions(pack: name, asOf: engine.asOf, inputPath: inventoryPath),
                                    onRejected: { XCTFail("rejected: \($0)") }) { profile in
            let evaluation = engine.evaluate(profile)
            let decision = engine.explain(evaluation, for: profile)
            let expected = profile.labels[label]
            XCTAssertNotNil(expected, "\(profile.name) has no \(label)")
            XCTAssertEqual(decision.recommendation?.id ?? "none", expected, "\(profile.name) under \(name)")
            checked += 1
            for index in evaluation.fired { fired.insert(engine.rules[index].id) }
            return decision
        }
        XCTAssertEqual(summary.rejected, 0)
        XCTAssertGreaterThanOrEqual(checked, 30)
        XCTAssertEqual(checked, summary.decided)
        firedByPack[name] = fired
    }

    private var firedByPack: [String: Set<String>] = [:]

    func testTheExampleInventoryDecidesAsRecordedAndExercisesEveryRule() throws {
        try check(pack: "current", label: "expected")
        try check(pack: "talk-2018", label: "expected_2018")
        let everyRule = Set(try PackLoader.builtin("current").rules.map(\.id))
        let fired = firedByPack.values.reduce(Set<String>()) { $0.union($1) }
        XCTAssertEqual(everyRule.subtracting(fired), [], "rules no example service fires under either pack")
    }
}
