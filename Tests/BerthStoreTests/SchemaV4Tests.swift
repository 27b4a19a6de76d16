import BerthCore
@testable import BerthStore
import Foundation
import GRDB
import XCTest

/// Migration v4: what the report needs is stored with the run (assumptions and undecided
/// rules, judgement calls, unverified checks, every feasible candidate's cost), and runs
/// stored before it read with those as "not recorded".
final class SchemaV4Tests: XCTestCase {
    private func cost(_ usd: Double) -> CostSummary {
        CostSummary(monthlyUSD: usd, monthlyText: nil, totalText: nil, region: "us-east-1", pricesAsOf: "2025-01-01",
                    missing: [], notPriced: [], gaps: [], json: [:])
    }

    func testAssumptionsCostsAndChecksReadBackAsRecorded() throws {
        let db = try AppDatabase()
        var assumed = makeDecision("a", excluded: [.eks: "eks-rule"], preferred: .fargate)
        assumed.assumptions = [Assumption(field: "os", value: .string("linux"), kind: "default"),
                               Assumption(field: "requests_per_month", value: .null, kind: "unknown")]
        assumed.undecided = [Undecided(rule: "lambda-duration", fields: ["max_duration_seconds", "avg_duration_ms"])]
        for (p, usd) in [(Platform.fargate, 36.04), (.lambda, 12.5)] {
            let i = try XCTUnwrap(assumed.candidates.firstIndex { $0.platform == p })
            assumed.candidates[i].cost = cost(usd)
        }
        let f = try XCTUnwrap(assumed.candidates.firstIndex { $0.platform == .fargate })
        assumed.candidates[f].variant = .fargateOnDemand
        assumed.candidates[f].variants = [VariantVerdict(variant: .fargateOnDemand, eligible: true, reasons: [], unverified: ["needs-x"])]
        var same = assumed
        same.profile = "b"
        let none = makeDecision("c")
        let id = try record(db, [(try makeProfile("a"), assumed), (try makeProfile("b"), same), (try makeProfile("c"), none)])

        let stored = try db.decisions(runID: id)
        XCTAssertEqual(stored[0].assumptions, [
            StoredAssumption(kind: .default, name: "os", value: "linux"),
            StoredAssumption(kind: .unknown, name: "requests_per_month", value: ""),
            StoredAssumption(kind: .undecided, name: "lambda-duration", value: "max_duration_seconds,avg_duration_ms"),
        ])
        XCTAssertEqual(stored[1].assumptions, stored[0].assumptions)
        XCTAssertEqual(stored[2].assumptions, [], "recorded, and empty: not the same as not recorded")
        XCTAssertEqual(try count(db, "assumption_sets"), 2, "each distinct set once")
        XCTAssertEqual(stored[0].costs, [.fargate: 36.04, .lambda: 12.5], "every feasible candidate's cost")
        XCTAssertEqual(stored[0].monthlyUSD, 36.04)
        XCTAssertEqual(stored[0].unverified, ["needs-x"])
        XCTAssertEqual(stored[2].unverified, [])
        XCTAssertEqual(stored[0].judgementCall, assumed.judgementCall)
        XCTAssertNotNil(stored[2].judgementCall)
    }

    /// A v3 database with a run in it: upgraded by a writing open, read by a read-only one;
    /// its decisions have no assumptions, checks or other candidates' costs, and say so (nil).
    func testARunStoredBeforeV4ReadsAsNotRecorded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-v4-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(queue, upTo: "v3: imported provenance")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (id, started_at, status, pack, as_of, input_path, input_format, host, pid)
                    VALUES (1, '2026-11-01T00:00:00.000Z', 'complete', 'current', '2026-11-01', 'inv.csv', 'csv', 'h', 1);
                INSERT INTO outcomes (id, key, recommendation) VALUES (1, 'fargate|fargate:1:+:$10|lambda:0:+:|ecs-ec2:0:+:|eks:0:+:', 'fargate');
                INSERT INTO outcome_platforms (outcome_id, platform, eligible, score, monthly_usd) VALUES
                    (1, 'fargate', 1, 1, 10), (1, 'lambda', 1, 0, NULL), (1, 'ecs-ec2', 1, 0, NULL), (1, 'eks', 1, 0, NULL);
                INSERT INTO run_decisions (run_id, seq, line, name, outcome_id, value_ids) VALUES (1, 0, 2, 'web', 1, '[]');
                """)
        }
        let readOnly = try AppDatabase(path: path, readOnly: true)
        let old = try XCTUnwrap(readOnly.decisions(runID: 1).first)
        XCTAssertNil(old.assumptions)
        XCTAssertNil(old.judgementCall)
        XCTAssertNil(old.unverified)
        XCTAssertEqual(old.costs, [.fargate: 10])
        XCTAssertEqual(old.recommendation, .fargate)

        let db = try AppDatabase(path: path)
        XCTAssertEqual(try db.appliedMigrations().last, "v4: stored assumptions")
        XCTAssertEqual(try db.decisions(runID: 1), [old])
        XCTAssertEqual(try db.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }, "ok")
        try record(db, [(try makeProfile("web"), makeDecision("web", preferred: .fargate))])
        XCTAssertNotNil(try db.decisions(runID: 2).first?.assumptions, "a new run records them")
    }
}
