import BerthCore
import Foundation
@testable import BerthStore
import XCTest

final class ReportQueriesTests: XCTestCase {
    /// The references and shared parts say what the whole decisions say: the same outcome,
    /// assumptions and given values, row by row in input order.
    func testReferencesRebuildTheStoredDecisions() throws {
        let db = try AppDatabase()
        var rows: [(Profile, Decision)] = []
        for (i, team) in ["ads", "ml", "ads", "search"].enumerated() {
            var decision = makeDecision("svc-\(i)", excluded: i % 2 == 0 ? [.lambda: "no-lambda"] : [:], preferred: i == 3 ? .eks : nil)
            decision.assumptions = [Assumption(field: "os", value: .string("linux"), kind: i == 1 ? "unknown" : "default")]
            rows.append((try makeProfile("svc-\(i)", memory: 512 * (i + 1), labels: ["team": team]), decision))
        }
        let run = try record(db, rows)
        let decisions = try db.decisions(runID: run)
        var seen: [DecisionReference] = []
        try db.forEachDecisionReference(runID: run) { ref, parts in
            seen.append(ref)
            let d = decisions[seen.count - 1]
            XCTAssertEqual(ref.name, d.name)
            XCTAssertEqual(ref.seq, d.seq)
            XCTAssertEqual(ref.line, d.line)
            let outcome = try parts.outcome(ref.outcomeID)
            XCTAssertEqual(outcome.recommendation, d.recommendation, d.name)
            XCTAssertEqual(outcome.excludedBy, d.excludedBy, d.name)
            XCTAssertEqual(outcome.scores, d.scores, d.name)
            XCTAssertEqual(outcome.reasons, d.reasons, d.name)
            XCTAssertEqual(outcome.variants, d.variants, d.name)
            XCTAssertEqual(outcome.judgementCall, d.judgementCall, d.name)
            XCTAssertEqual(try ref.assumptionsID.map(parts.assumptions), d.assumptions, d.name)
            // The given values are the profile's fields but name and description.
            let given = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(d.profile.utf8)) as? [String: Any])
            var fields: [String: String] = [:]
            for id in ref.valueIDs {
                let value = try parts.value(id)
                fields[value.field] = value.text
            }
            XCTAssertEqual(fields["memory_mib"], (given["memory_mib"] as? NSNumber)?.stringValue, d.name)
            XCTAssertEqual(fields["labels.team"], (given["labels"] as? [String: String])?["team"], d.name)
            XCTAssertEqual(Set(fields.keys), Set(given.keys.filter { $0 != "name" && $0 != "labels" }).union(["labels.team"]), d.name)
        }
        XCTAssertEqual(seen.count, decisions.count)
        XCTAssertEqual(Set(seen.map(\.outcomeID)).count, 3, "rows 0 and 2 share their outcome")
    }

    func testTheFirstRejectedRowsAndTheirCount() throws {
        let db = try AppDatabase()
        let errors = (0..<5).map { ProfileError(.wrongType, at: SourceLocation(file: "inv.csv", line: $0 + 3), field: "vcpu", "bad \($0)") }
        let run = try record(db, [(try makeProfile("a"), makeDecision("a"))], rejected: errors)
        XCTAssertEqual(try db.rejectedRowCount(runID: run), 5)
        XCTAssertEqual(try db.rejectedRows(runID: run, limit: 2).map(\.message), ["bad 0", "bad 1"])
        XCTAssertEqual(try db.rejectedRows(runID: run, limit: 2), Array(try db.rejectedRows(runID: run).prefix(2)))
        XCTAssertEqual(try db.rejectedRowCount(runID: run + 1), 0)
    }
}
