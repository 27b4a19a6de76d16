import BerthCore
@testable import BerthStore
import Foundation
import GRDB
import XCTest

func count(_ db: AppDatabase, _ table: String) throws -> Int {
    try db.dbQueue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") } ?? -1
}

/// JSON text as a comparable value (escapes may differ; the values may not).
func jsonObject(_ text: String) throws -> NSDictionary {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
}

final class OutcomeStoreTests: XCTestCase {
    func testEachOutcomeAndProfileValueIsStoredOnceAcrossRuns() throws {
        let db = try AppDatabase()
        let rows = try (0..<30).map { i in
            (try makeProfile("s\(i)", memory: [512, 1024][i % 2], labels: ["team": "t\(i % 3)"]),
             makeDecision("s\(i)", excluded: i % 2 == 0 ? [.lambda: "lambda-memory"] : [:], preferred: [.fargate, .eks, nil][i % 3]))
        }
        let first = try record(db, rows)
        // A recorder that remembers one id at a time must find the others in the database.
        let second = try db.recordRun(RunInfo(pack: "current", asOf: "2025-01-01", inputPath: "x", inputFormat: "csv"),
                                      chunkSize: 7, cacheLimit: 1) { recorder in
            for (i, (profile, decision)) in rows.enumerated() { try recorder.record(seq: i, line: i + 2, profile: profile, decision: decision) }
            return RunTotals()
        }.runID
        XCTAssertEqual(try count(db, "outcomes"), 6, "2 exclusion patterns x 3 preferences")
        XCTAssertEqual(try count(db, "outcome_platforms"), 6 * Platform.allCases.count)
        XCTAssertEqual(try count(db, "profile_values"), 5, "two memory sizes, three teams")
        XCTAssertEqual(try count(db, "run_decisions"), 60)
        XCTAssertEqual(try db.decisions(runID: first).map { $0.with(runID: 0) }, try db.decisions(runID: second).map { $0.with(runID: 0) })
    }

    /// Values are remembered typed, a double by its bits, and stored by their JSON text: -0 and
    /// 0, apart as bits, are the one stored value "0", and 0.5 is another.
    func testAValueIsStoredOncePerTextHoweverItIsTyped() throws {
        let db = try AppDatabase()
        let rows = try [-0.0, 0, 0.5, 0].enumerated().map { i, ms in
            var profile = try makeProfile("s\(i)")
            profile.avgDurationMs = ms
            profile.given.insert(.avgDurationMs)
            return (profile, makeDecision("s\(i)"))
        }
        let id = try record(db, rows)
        let values = try db.dbQueue.read { try String.fetchAll($0, sql: "SELECT value FROM profile_values WHERE field = 'avg_duration_ms' ORDER BY id") }
        XCTAssertEqual(values, ["0", "0.5"])
        let ids = try db.dbQueue.read { try String.fetchAll($0, sql: "SELECT value_ids FROM run_decisions WHERE run_id = ? ORDER BY seq", arguments: [id]) }
        XCTAssertEqual(ids.count, 4)
        XCTAssertEqual(Set([ids[0], ids[1], ids[3]]).count, 1)
        XCTAssertNotEqual(ids[0], ids[2])
    }

    func testDecisionsReadBackAsTheyWereRecorded() throws {
        let db = try AppDatabase()
        // Long values and characters JSON escapes read back byte for byte.
        var odd = try makeProfile("odd", memory: 2048, labels: ["team": "a&b <c>", "tier": "1", "b.c": "quote \" é",
                                                              "long": String(repeating: "x", count: 300)])
        odd.description = "line\nbreak \u{2028} \\ end"
        odd.given.insert(.description)
        odd.vcpu = 0.25
        odd.given.insert(.vcpu)
        odd.maxDurationSeconds = nil
        odd.given.insert(.maxDurationSeconds)
        let plain = try makeProfile("plain", labels: ["only": String(repeating: "y", count: 127)])
        let excluded = makeDecision("odd", excluded: [.fargate: "windows-not-on-fargate", .lambda: "lambda-memory"], preferred: .eks)
        var partial = makeDecision("plain")
        partial.candidates.removeAll { $0.platform == .eks }
        let id = try record(db, [(odd, excluded), (plain, partial)])
        let stored = try db.decisions(runID: id)
        XCTAssertEqual(stored.map(\.profile), [odd, plain].map { $0.givenJSON.rendered(pretty: false) }, "byte for byte")
        XCTAssertEqual(stored[0].recommendation, .eks)
        XCTAssertEqual(stored[0].excludedBy, [.fargate: ["windows-not-on-fargate"], .lambda: ["lambda-memory"]])
        XCTAssertEqual(stored[0].scores, [.fargate: 0, .lambda: 0, .ecsEC2: 0, .eks: 2])
        XCTAssertEqual(stored[0].reasons, #"{"eks":{"prefer-rule":2}}"#)
        XCTAssertEqual(stored[1].excludedBy, [.eks: []], "a platform the engine did not consider is excluded by nothing known")
        XCTAssertEqual(stored[1].reasons, "{}")
        XCTAssertEqual(try db.decision(runID: id, name: "odd"), stored[0])
        XCTAssertNil(try db.decision(runID: id, name: "nope"))
    }

    func testNoTableHasAColumnPerPlatform() throws {
        let db = try AppDatabase()
        let columns = try db.dbQueue.read { d in
            try String.fetchAll(d, sql: "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'")
        }
        XCTAssertGreaterThan(columns.count, 20)
        for platform in Platform.allCases {
            let id = platform.rawValue.replacingOccurrences(of: "-", with: "_")
            XCTAssertEqual(columns.filter { $0.contains(id) }, [], "a column named after \(platform.rawValue)")
        }
    }

    func testAPlatformUnknownToThisBuildIsLeftOut() throws {
        let db = try AppDatabase()
        let id = try record(db, [(try makeProfile("a"), makeDecision("a"))])
        // As a newer berth with a fifth platform would write it, without a migration.
        try db.dbQueue.write { d in
            try d.execute(sql: "INSERT INTO outcome_platforms (outcome_id, platform, eligible, score) VALUES (1, 'app-runner', 1, 9)")
            try d.execute(sql: "INSERT INTO outcome_rules (outcome_id, platform, position, rule, weight) VALUES (1, 'app-runner', 0, 'x', 9)")
            try d.execute(sql: "INSERT INTO run_counts (run_id, platform, count) VALUES (?, 'app-runner', 5)", arguments: [id])
        }
        let stored = try XCTUnwrap(db.decisions(runID: id).first)
        XCTAssertEqual(Set(stored.scores.keys), Set(Platform.allCases))
        XCTAssertEqual(stored.reasons, "{}")
        XCTAssertEqual(try db.run(id: id)?.counts, [.fargate: 1])
    }

    func testDiffOfTwentyThousandServicesPerRun() throws {
        let db = try AppDatabase()
        let n = 20_000
        func run(_ rows: [(String, Int, Platform?)]) throws -> Int64 {
            try record(db, rows.map { name, memory, preferred in
                (try makeProfile(name, memory: memory), makeDecision(name, excluded: memory > 4096 ? [.fargate: "fargate-max-memory"] : [:], preferred: preferred))
            })
        }
        // Run b drops every 10th service, adds 500, and grows every 7th past Fargate's limit.
        let a = try run((0..<n).map { ("svc-\($0)", 512, nil) })
        let b = try run((0..<n).filter { $0 % 10 != 0 }.map { ("svc-\($0)", $0 % 7 == 0 ? 8192 : 512, nil) }
                        + (n..<(n + 500)).map { ("svc-\($0)", 512, .lambda) })
        let diff = try db.diff(from: a, to: b)
        XCTAssertEqual(diff.removedServices.count, n / 10)
        XCTAssertEqual(diff.addedServices.count, 500)
        XCTAssertEqual(Set(diff.addedServices.map(\.recommendation)), [.lambda])
        let grown = (0..<n).filter { $0 % 10 != 0 && $0 % 7 == 0 }.map { "svc-\($0)" }
        XCTAssertEqual(diff.changed.map(\.name), grown.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        XCTAssertEqual(diff.changed.first?.reasons, [
            .field("memory_mib", before: "512", after: "8192"),
            .ruleNowFires(rule: "fargate-max-memory", platform: .fargate, effect: "exclude"),
        ])
        XCTAssertEqual(diff.changed.first.map { [$0.before, $0.after] }, [.fargate, .lambda])
        XCTAssertEqual(diff.removedServices.first, .init(name: "svc-0", recommendation: .fargate))
        XCTAssertEqual(diff.addedServices.map(\.name), diff.addedServices.map(\.name).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        XCTAssertTrue(try db.diff(from: b, to: b).isEmpty)
    }
}

extension StoredDecision {
    func with(runID: Int64) -> StoredDecision {
        var copy = self
        copy.runID = runID
        return copy
    }
}

/// A v1 database, as berth wrote it before v2, is converted and reads back the same.
final class MigrationFromV1Tests: XCTestCase {
    /// Runs 1 and 2 with the v1 schema: rows as the v1 recorder stored them.
    func makeV1Database() throws -> String {
        let path = temporaryDatabasePath()
        let queue = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(queue, upTo: "v1: profiles and runs")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (id, started_at, finished_at, status, pack, as_of, input_path, input_format, input_sha256,
                    rows_total, rows_decided, rows_rejected, count_fargate, count_lambda, count_ecs_ec2, count_eks, count_none, host, pid)
                VALUES (1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:01.000Z', 'complete', 'current', '2025-01-01', 'inv.csv', 'csv', 'abc',
                    4, 3, 1, 2, 0, 0, 0, 1, 'h', 1),
                    (2, '2025-01-02T00:00:00.000Z', NULL, 'incomplete', 'talk-2018', '2018-08-03', 'inv.csv', 'csv', NULL,
                    0, 0, 0, 0, 0, 0, 0, 0, 'h', 2);
                INSERT INTO run_decisions VALUES
                    (1, 0, 2, 'web', 'fargate', '{"labels":{"team":"a\\u0026b"},"memory_mib":512,"name":"web","vcpu":0.25}',
                        2, NULL, 0, 'lambda-max-duration', 0, NULL, 0, NULL, '{"fargate":{"prefer-rule":2}}'),
                    (1, 1, 3, 'api', 'fargate', '{"memory_mib":512,"name":"api"}',
                        2, NULL, 0, 'lambda-max-duration', 0, NULL, 0, NULL, '{"fargate":{"prefer-rule":2}}'),
                    (1, 3, 5, 'odd', NULL, '{"description":"two\\nlines","max_duration_seconds":null,"name":"odd","privileged":true}',
                        0, 'no-fargate,windows-not-on-fargate', -1, 'no-lambda', 0, 'no-ecs-ec2', 0, '', '{"lambda":{"ms-billing":2,"exec-access":-3}}'),
                    (2, 0, 2, 'web', 'lambda', '{"labels":{"team":"a\\u0026b"},"memory_mib":4096,"name":"web","vcpu":0.25}',
                        0, 'fargate-max-memory', 1, NULL, 0, NULL, 0, NULL, '{"lambda":{"prefer-rule":1}}');
                INSERT INTO rejected_rows VALUES (1, 2, 4, 9, 'memory_mib', 'wrong-type', 'bad', NULL);
                INSERT INTO profiles (name, version, created_at, profile) VALUES ('web', 1, '2025-01-01T00:00:00.000Z', '{"name":"web"}');
                """)
        }
        return path
    }

    func checkConverted(_ db: AppDatabase) throws {
        let runs = try db.runs()
        XCTAssertEqual(runs.map(\.id), [2, 1])
        XCTAssertEqual(runs[1].counts, [.fargate: 2])
        XCTAssertEqual(runs[1].countNone, 1)
        XCTAssertEqual(runs[0].counts, [:])
        XCTAssertEqual(runs[0].status, "incomplete")

        let decisions = try db.decisions(runID: 1)
        XCTAssertEqual(decisions.map(\.name), ["web", "api", "odd"])
        XCTAssertEqual(decisions.map(\.seq), [0, 1, 3])
        XCTAssertEqual(decisions.map(\.line), [2, 3, 5])
        XCTAssertEqual(decisions.map(\.recommendation), [.fargate, .fargate, nil])
        XCTAssertEqual(try jsonObject(decisions[0].profile), try jsonObject(#"{"labels":{"team":"a&b"},"memory_mib":512,"name":"web","vcpu":0.25}"#))
        XCTAssertEqual(decisions[1].profile, #"{"memory_mib":512,"name":"api"}"#, "byte for byte where nothing is escaped")
        XCTAssertEqual(decisions[2].profile, #"{"description":"two\nlines","max_duration_seconds":null,"name":"odd","privileged":true}"#)
        XCTAssertEqual(decisions[0].scores, [.fargate: 2, .lambda: 0, .ecsEC2: 0, .eks: 0])
        XCTAssertEqual(decisions[0].excludedBy, [.lambda: ["lambda-max-duration"]])
        XCTAssertEqual(decisions[0].reasons, #"{"fargate":{"prefer-rule":2}}"#)
        XCTAssertEqual(decisions[2].excludedBy, [.fargate: ["no-fargate", "windows-not-on-fargate"], .lambda: ["no-lambda"], .ecsEC2: ["no-ecs-ec2"], .eks: []])
        XCTAssertEqual(decisions[2].scores[.lambda], -1)
        XCTAssertEqual(decisions[2].reasons, #"{"lambda":{"ms-billing":2,"exec-access":-3}}"#, "rules in the order they fired")
        XCTAssertEqual(try db.rejectedRows(runID: 1).map(\.line), [4])
        XCTAssertEqual(try db.profile(named: "web")?.profile, #"{"name":"web"}"#)

        let diff = try db.diff(from: 1, to: 2)
        XCTAssertEqual(diff.removedServices.map(\.name), ["api", "odd"])
        XCTAssertEqual(diff.changed.map(\.name), ["web"])
        XCTAssertEqual(diff.changed[0].reasons, [
            .field("memory_mib", before: "512", after: "4096"),
            .ruleNowFires(rule: "fargate-max-memory", platform: .fargate, effect: "exclude"),
            .ruleNowFires(rule: "prefer-rule", platform: .lambda, effect: "prefer at step 1"),
            .ruleNoLongerFires(rule: "prefer-rule", platform: .fargate, effect: "prefer at step 2"),
            .ruleNoLongerFires(rule: "lambda-max-duration", platform: .lambda, effect: "exclude"),
        ])
    }

    func testWritingOpenConvertsTheRowsAndDropsTheOldColumns() throws {
        let path = try makeV1Database()
        let db = try AppDatabase(path: path)
        XCTAssertEqual(try db.appliedMigrations(), allMigrations)
        try checkConverted(db)
        XCTAssertEqual(try count(db, "outcomes"), 3)
        XCTAssertEqual(try count(db, "profile_values"), 6, "labels.team, memory_mib 512 and 4096, vcpu, max_duration_seconds, privileged")
        let columns = try db.dbQueue.read { try String.fetchAll($0, sql: "SELECT name FROM pragma_table_info('run_decisions')") }
        XCTAssertEqual(columns, ["run_id", "seq", "line", "name", "description", "outcome_id", "value_ids", "assumptions_id"])
        XCTAssertEqual(try db.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }, "ok")
        XCTAssertEqual(try db.dbQueue.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }, [])

        // A new run deciding the same as a v1 row gets an outcome of its own: since v4 an outcome
        // records the judgement call and the unverified checks, which a v1 outcome does not know.
        try record(db, [(try makeProfile("web", memory: 512), makeDecision("web", excluded: [.lambda: "lambda-max-duration"], preferred: .fargate))])
        XCTAssertEqual(try count(db, "outcomes"), 4)
        XCTAssertEqual(try count(db, "profile_values"), 6, "memory_mib 512 is the migrated value")
    }

    func testReadOnlyOpenReadsAnOldDatabaseWithoutChangingIt() throws {
        let path = try makeV1Database()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let db = try AppDatabase(path: path, readOnly: true)
        try checkConverted(db)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        let applied = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        XCTAssertEqual(applied, ["v1: profiles and runs"], "the file keeps its schema until a writing open")
    }

    func testReadOnlyOpenRefusesAnOldDatabaseTooLargeToUpgradeInMemory() throws {
        let path = try makeV1Database()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try AppDatabase(path: path, readOnly: true, upgradeInMemoryLimit: before.count - 1)) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .cannotOpen)
            XCTAssertTrue((error as? StoreError)?.message.contains("upgrades it in place") == true, "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(try AppDatabase(path: path, readOnly: true, upgradeInMemoryLimit: before.count).runs().count, 2)
    }
}
