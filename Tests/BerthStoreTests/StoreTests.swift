import BerthCore
import Foundation
@testable import BerthStore
import GRDB
import XCTest

func makeProfile(_ name: String, memory: Int? = nil, labels: [String: String] = [:]) throws -> Profile {
    var entries = [RawEntry(key: "name", keyLocation: .init(file: "t", line: 1), value: .scalar(name, plain: true), valueLocation: .init(file: "t", line: 1))]
    if let memory {
        entries.append(RawEntry(key: "memory_mib", keyLocation: .init(file: "t", line: 2), value: .scalar(String(memory), plain: true), valueLocation: .init(file: "t", line: 2, column: 13)))
    }
    for (k, v) in labels {
        entries.append(RawEntry(key: "labels.\(k)", keyLocation: .init(file: "t", line: 3), value: .scalar(v, plain: true), valueLocation: .init(file: "t", line: 3)))
    }
    return try ProfileDecoder.decode(entries, origin: .init(file: "t", line: 1))
}

/// A decision where `excluded` platforms are excluded by `rule` and "prefer-rule" prefers
/// `preferred` at the procedure's second step.
func makeDecision(_ name: String, pack: String = "current", asOf: String = "2025-01-01", excluded: [Platform: String] = [:], preferred: Platform? = nil) -> Decision {
    var candidates = Platform.allCases.map { p -> Candidate in
        var reasons: [Reason] = []
        if let rule = excluded[p] { reasons.append(Reason(rule: rule, effect: .exclude, message: rule, source: "test")) }
        if p == preferred { reasons.append(Reason(rule: "prefer-rule", effect: .prefer(step: "second"), message: "prefer", source: "test")) }
        return Candidate(platform: p, eligible: excluded[p] == nil, score: p == preferred ? 2 : 0, reasons: reasons)
    }
    candidates.sort { ($0.eligible ? 0 : 1, -$0.score, $0.platform.order) < ($1.eligible ? 0 : 1, -$1.score, $1.platform.order) }
    let recommendation = candidates.first?.eligible == true ? candidates.first?.platform : nil
    var decision = Decision(profile: name, pack: pack, asOf: asOf, recommendation: recommendation, candidates: candidates, assumptions: [], undecided: [], conflicts: [])
    decision.procedure = ["first", "second"].map { ProcedureStep(id: $0, title: $0, talk: "test", quote: "test") }
    return decision
}

let allMigrations = ["v1: profiles and runs", "v2: outcomes and profile values", "v3: imported provenance", "v4: stored assumptions"]

func temporaryDatabasePath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-store-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("berth.sqlite").path
}

/// Records `rows` (and `rejected`) as one run, two rows per transaction.
@discardableResult
func record(_ db: AppDatabase, pack: String = "current", asOf: String = "2025-01-01",
            _ rows: [(Profile, Decision)], rejected: [ProfileError] = [], rejectedNames: [String?] = []) throws -> Int64 {
    try db.recordRun(RunInfo(pack: pack, asOf: asOf, inputPath: "inv.csv", inputFormat: "csv"), chunkSize: 2) { recorder in
        var totals = RunTotals()
        for (i, (profile, decision)) in rows.enumerated() {
            try recorder.record(seq: i, line: i + 2, profile: profile, decision: decision)
            totals.decided += 1
            if let r = decision.recommendation { totals.recommended[r, default: 0] += 1 } else { totals.none += 1 }
        }
        for (i, error) in rejected.enumerated() {
            try recorder.reject(seq: rows.count + i, line: error.location?.line, error: error,
                                name: i < rejectedNames.count ? rejectedNames[i] : nil)
            totals.rejected += 1
        }
        totals.rowsTotal = totals.decided + totals.rejected
        totals.inputSHA256 = "abc"
        return totals
    }.runID
}

final class MigrationTests: XCTestCase {
    func testMigrationsApplyOnceAndReopen() throws {
        let path = temporaryDatabasePath()
        do {
            let db = try AppDatabase(path: path)
            XCTAssertEqual(try db.appliedMigrations(), allMigrations)
            try db.addProfile(makeProfile("keep-me"))
        }
        let again = try AppDatabase(path: path)
        XCTAssertEqual(try again.appliedMigrations(), allMigrations)
        XCTAssertEqual(try again.latestProfiles().map(\.name), ["keep-me"])
        let mode = try again.dbQueue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        XCTAssertEqual(mode, "wal")
    }

    func testDatabaseFromANewerBerthIsRefused() throws {
        let path = temporaryDatabasePath()
        _ = try AppDatabase(path: path)
        let raw = try DatabaseQueue(path: path)
        try raw.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: future')") }
        XCTAssertThrowsError(try AppDatabase(path: path)) { XCTAssertEqual(($0 as? StoreError)?.kind, .tooNew) }
    }

    func testNotADatabaseIsAnError() throws {
        let path = temporaryDatabasePath()
        try Data("this is not sqlite, just text that is long enough to fill a header page............".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try AppDatabase(path: path)) { XCTAssertNotNil($0 as? StoreError) }
    }
}

final class ProfileStoreTests: XCTestCase {
    func testAddingAgainKeepsHistory() throws {
        let db = try AppDatabase()
        let v1 = try db.addProfile(makeProfile("web", memory: 512))
        let v2 = try db.addProfile(makeProfile("web", memory: 2048))
        try db.addProfile(makeProfile("api"))
        XCTAssertEqual([v1.version, v2.version], [1, 2])
        XCTAssertEqual(try db.latestProfiles().map { "\($0.name)@\($0.version)" }, ["api@1", "web@2"])
        XCTAssertEqual(try db.profile(named: "web")?.decoded().memoryMiB, 2048)
        XCTAssertEqual(try db.profileHistory(named: "web").map { try $0.decoded().memoryMiB }, [512, 2048])
        XCTAssertEqual(try db.removeProfile(named: "web", allVersions: false), 1)
        XCTAssertEqual(try db.profile(named: "web")?.version, 1, "removing the latest makes the previous one current")
        XCTAssertEqual(try db.removeProfile(named: "web"), 1)
        XCTAssertNil(try db.profile(named: "web"))
        XCTAssertEqual(try db.removeProfile(named: "nope"), 0)
    }

    /// A run keeps the skeleton settings, so `generate --run` writes them.
    func testARunKeepsEnvironmentSecretsAndSchedule() throws {
        let db = try AppDatabase()
        let profile = try ProfileFile.load(data: Data("name: nightly\ntrigger: schedule\nschedule: cron(0 2 * * ? *)\nenvironment: {A: \"1\", B: x}\nsecrets: {S: prod/s}\nlabels: {team: t}\n".utf8), file: "p.yaml")
        let run = try record(db, [(profile, makeDecision("nightly"))])
        let stored = try XCTUnwrap(try db.decision(runID: run, name: "nightly"))
        XCTAssertEqual(stored.profile, profile.givenJSON.rendered(pretty: false))
        let back = try ProfileFile.load(data: Data(stored.profile.utf8), file: "run")
        XCTAssertEqual(back.environment, ["A": "1", "B": "x"])
        XCTAssertEqual(back.secrets, ["S": "prod/s"])
        XCTAssertEqual(back.schedule, "cron(0 2 * * ? *)")
        XCTAssertEqual(back.labels, ["team": "t"])
        XCTAssertEqual(back.given, profile.given)
    }

    func testProvenanceAndRoundTrip() throws {
        let db = try AppDatabase()
        let profile = try makeProfile("web", memory: 4096, labels: ["team": "a&b <c>", "tier": "1"])
        let stored = try db.addProfile(profile)
        XCTAssertEqual(stored.profile, profile.givenJSON.rendered(pretty: false), "the compact writer matches JSONValue byte for byte")
        let back = try stored.decoded()
        XCTAssertEqual(back.memoryMiB, 4096)
        XCTAssertEqual(back.labels, profile.labels)
        XCTAssertEqual(back.given, profile.given)
        let provenance = try db.provenance(of: try XCTUnwrap(stored.id))
        let memory = try XCTUnwrap(provenance.first { $0.field == "memory_mib" })
        XCTAssertEqual(memory.source, "given")
        XCTAssertEqual(memory.line, 2)
        XCTAssertEqual(memory.column, 13)
        XCTAssertEqual(provenance.first { $0.field == "os" }?.source, "default")
        XCTAssertEqual(provenance.first { $0.field == "max_duration_seconds" }?.source, "unknown")
        XCTAssertEqual(provenance.first?.field, "name", "schema order")
    }

    func testImportedProvenanceKeepsItsRuleAndARepeatAddsNoVersion() throws {
        let db = try AppDatabase()
        var profile = try makeProfile("orders", memory: 1152)
        let at = SourceLocation(file: "k8s/orders.yaml", line: 29, column: 33)
        profile.sources[.memoryMiB] = .imported(at, rule: "limits.memory 1Gi -> memory_mib 1152")
        let first = try db.addProfileIfChanged(profile)
        XCTAssertTrue(first.added)
        let row = try XCTUnwrap(try db.provenance(of: try XCTUnwrap(first.record.id)).first { $0.field == "memory_mib" })
        XCTAssertEqual(row.source, "imported")
        XCTAssertEqual(row.rule, "limits.memory 1Gi -> memory_mib 1152")
        XCTAssertEqual(row.fieldSource, .imported(at, rule: "limits.memory 1Gi -> memory_mib 1152"))
        let again = try db.addProfileIfChanged(profile)
        XCTAssertFalse(again.added, "the same values from the same places add no version")
        XCTAssertEqual(again.record.version, 1)
        profile.sources[.memoryMiB] = .imported(SourceLocation(file: "k8s/orders.yaml", line: 30, column: 33), rule: "limits.memory 1Gi -> memory_mib 1152")
        XCTAssertEqual(try db.addProfileIfChanged(profile).record.version, 2, "a value from another place is a new version")
    }
}

final class RunStoreTests: XCTestCase {
    func testVariantsAreStoredWithTheOutcomeAndAVariantOnlyExclusionKeepsItsRequirement() throws {
        let db = try AppDatabase()
        var decision = makeDecision("spot", preferred: .fargate)
        for i in decision.candidates.indices { decision.candidates[i].variant = Variant.of(decision.candidates[i].platform).first }
        let fargate = try XCTUnwrap(decision.candidates.firstIndex { $0.platform == .fargate })
        decision.candidates[fargate].variant = .fargateSpot
        // Lambda lost only on its variants' requirements: no rule excluded the platform.
        let lambda = try XCTUnwrap(decision.candidates.firstIndex { $0.platform == .lambda })
        decision.candidates[lambda].eligible = false
        decision.candidates[lambda].variant = nil
        decision.candidates[lambda].variants = Variant.of(.lambda).map {
            VariantVerdict(variant: $0, eligible: false, reasons: [Reason(rule: "runs-without-a-trigger", effect: .exclude, message: "", source: "")], unverified: [])
        }
        let run = try record(db, [(try makeProfile("spot"), decision)])
        let stored = try XCTUnwrap(try db.decision(runID: run, name: "spot"))
        XCTAssertEqual(stored.variant, .fargateSpot)
        XCTAssertEqual(stored.variants[.ecsEC2], .ecsSelfManaged)
        XCTAssertNil(stored.variants[.lambda])
        XCTAssertEqual(stored.excludedBy[.lambda], ["runs-without-a-trigger"])

        // The same outcome with another variant is another outcome.
        var onDemand = decision
        onDemand.candidates[fargate].variant = .fargateOnDemand
        let second = try record(db, [(try makeProfile("spot"), onDemand)])
        XCTAssertEqual(try db.decision(runID: second, name: "spot")?.variant, .fargateOnDemand)
    }

    func testRunIsStoredWithDecisionsAndRejectedRows() throws {
        let db = try AppDatabase()
        let bad = ProfileError(.wrongType, at: SourceLocation(file: "inv.csv", line: 9, column: 5), field: "memory_mib", "'memory_mib' must be a whole number")
        let id = try record(db, [(try makeProfile("a"), makeDecision("a", excluded: [.lambda: "lambda-max-duration"])),
                                 (try makeProfile("b"), makeDecision("b", excluded: Dictionary(uniqueKeysWithValues: Platform.allCases.map { ($0, "no-\($0.rawValue)") })))],
                            rejected: [bad])
        let run = try XCTUnwrap(db.run(id: id))
        XCTAssertEqual(run.status, "complete")
        XCTAssertEqual([run.rowsTotal, run.rowsDecided, run.rowsRejected, run.count(for: .fargate), run.countNone], [3, 2, 1, 1, 1])
        XCTAssertEqual(run.counts, [.fargate: 1])
        XCTAssertEqual(run.inputSHA256, "abc")
        XCTAssertNotNil(run.finishedAt)
        let decisions = try db.decisions(runID: id)
        XCTAssertEqual(decisions.map(\.name), ["a", "b"])
        XCTAssertEqual(decisions[0].recommendation, .fargate)
        XCTAssertEqual(decisions[0].excludedBy, [.lambda: ["lambda-max-duration"]])
        XCTAssertTrue(decisions[0].isEligible(.eks))
        XCTAssertNil(decisions[1].recommendation)
        let rejected = try db.rejectedRows(runID: id)
        XCTAssertEqual(rejected.count, 1)
        XCTAssertEqual(rejected[0].line, 9)
        XCTAssertEqual(rejected[0].column, 5)
        XCTAssertEqual(rejected[0].field, "memory_mib")
        XCTAssertEqual(rejected[0].code, "wrong-type")
        XCTAssertEqual(try db.runs().map(\.id), [id])
        XCTAssertTrue(try db.deleteRun(id: id))
        XCTAssertEqual(try db.decisions(runID: id).count, 0, "decisions go with their run")
    }

    func testFailedBodyLeavesAnIncompleteRunWithItsCommittedRows() throws {
        let db = try AppDatabase()
        struct Boom: Error {}
        let first = try record(db, [(try makeProfile("a"), makeDecision("a"))])
        XCTAssertThrowsError(try db.recordRun(RunInfo(pack: "current", asOf: "2025-01-01", inputPath: "x", inputFormat: "csv"), chunkSize: 2) { recorder in
            for i in 0..<5 { try recorder.record(seq: i, line: i + 2, profile: try makeProfile("s\(i)"), decision: makeDecision("s\(i)")) }
            throw Boom()
        })
        let runs = try db.runs()
        XCTAssertEqual(runs.map(\.status), ["incomplete", "complete"])
        XCTAssertEqual(try db.decisions(runID: runs[0].id).count, 5)
        XCTAssertEqual(try db.decisions(runID: first).count, 1, "the earlier run is intact")
    }

    func testRunLeftRunningByAGoneProcessIsMarkedIncompleteOnOpen() throws {
        let path = temporaryDatabasePath()
        let db = try AppDatabase(path: path)
        let done = try record(db, [(try makeProfile("a"), makeDecision("a"))])
        // As a killed process leaves it: status running, a pid that no longer exists.
        try db.dbQueue.write { d in
            try d.execute(sql: """
                INSERT INTO runs (started_at, status, pack, as_of, input_path, input_format, host, pid)
                VALUES ('2025-01-01T00:00:00Z', 'running', 'current', '2025-01-01', 'x', 'csv', ?, 2147483000)
                """, arguments: [AppDatabase.hostName])
            try d.execute(sql: """
                INSERT INTO runs (started_at, status, pack, as_of, input_path, input_format, host, pid)
                VALUES ('2025-01-01T00:00:00Z', 'running', 'current', '2025-01-01', 'x', 'csv', 'another-host', 1)
                """)
        }
        let reopened = try AppDatabase(path: path)
        let statuses = Dictionary(uniqueKeysWithValues: try reopened.runs().map { ($0.id, $0.status) })
        XCTAssertEqual(statuses[done], "complete")
        XCTAssertEqual(statuses[done + 1], "incomplete")
        XCTAssertEqual(statuses[done + 2], "running", "runs of other hosts are left alone")
        XCTAssertEqual(try reopened.recoverInterruptedRuns(), [])
    }

    func testDiffNamesAddedRemovedAndWhy() throws {
        let db = try AppDatabase()
        let a = try record(db, [
            (try makeProfile("same"), makeDecision("same")),
            (try makeProfile("grows", memory: 512), makeDecision("grows")),
            (try makeProfile("gone"), makeDecision("gone")),
            (try makeProfile("tagged", labels: ["team": "a"]), makeDecision("tagged")),
        ])
        let b = try record(db, pack: "talk-2018", asOf: "2018-08-03", [
            (try makeProfile("same"), makeDecision("same")),
            (try makeProfile("grows", memory: 4096), makeDecision("grows", excluded: [.fargate: "fargate-max-memory"])),
            (try makeProfile("new"), makeDecision("new", preferred: .lambda)),
            (try makeProfile("tagged", labels: ["team": "b"]), makeDecision("tagged", preferred: .eks)),
        ])
        let diff = try db.diff(from: a, to: b)
        XCTAssertEqual(diff.addedServices, [.init(name: "new", recommendation: .lambda)])
        XCTAssertEqual(diff.removedServices, [.init(name: "gone", recommendation: .fargate)])
        XCTAssertEqual(diff.changed.map(\.name), ["grows", "tagged"])
        let grows = diff.changed[0]
        XCTAssertEqual(grows.before, .fargate)
        XCTAssertEqual(grows.after, .lambda)
        XCTAssertEqual(grows.reasons, [
            .field("memory_mib", before: "512", after: "4096"),
            .ruleNowFires(rule: "fargate-max-memory", platform: .fargate, effect: "exclude"),
        ])
        let tagged = diff.changed[1]
        XCTAssertEqual(tagged.after, .eks)
        XCTAssertTrue(tagged.reasons.contains(.field("labels.team", before: "a", after: "b")))
        XCTAssertTrue(tagged.reasons.contains(.ruleNowFires(rule: "prefer-rule", platform: .eks, effect: "prefer at step 2")))
        // The pack and date changed for every service: said once, not under each.
        XCTAssertEqual(diff.runChanges, [.pack(before: "current", after: "talk-2018"), .asOf(before: "2025-01-01", after: "2018-08-03")])
        XCTAssertEqual(try db.diff(from: a, to: a).isEmpty, true)
        XCTAssertEqual(try db.diff(from: a, to: a).runChanges, [])
        XCTAssertThrowsError(try db.diff(from: a, to: 999)) { XCTAssertEqual(($0 as? StoreError)?.kind, .notFound) }
    }

    func testDiffTellsRejectedRowsFromAddedAndRemoved() throws {
        let db = try AppDatabase()
        let badMemory = ProfileError(.wrongType, at: SourceLocation(file: "inv.csv", line: 3, column: 5), field: "memory_mib",
                                     "'memory_mib' must be a whole number")
        let badVCPU = ProfileError(.outOfRange, at: SourceLocation(file: "inv.csv", line: 4, column: 2), field: "vcpu", "'vcpu' must be at most 192")
        let a = try record(db, [
            (try makeProfile("breaks-later"), makeDecision("breaks-later")),
            (try makeProfile("gone"), makeDecision("gone")),
        ], rejected: [badMemory], rejectedNames: ["fixed-later"])
        let b = try record(db, [
            (try makeProfile("fixed-later"), makeDecision("fixed-later", preferred: .lambda)),
            (try makeProfile("new"), makeDecision("new")),
        ], rejected: [badVCPU], rejectedNames: ["breaks-later"])
        let diff = try db.diff(from: a, to: b)
        XCTAssertEqual(diff.addedServices, [.init(name: "new", recommendation: .fargate)])
        XCTAssertEqual(diff.removedServices, [.init(name: "gone", recommendation: .fargate)])
        XCTAssertEqual(diff.nowDecided, [.init(name: "fixed-later", recommendation: .lambda, rejection: .init(
            line: 3, field: "memory_mib", code: "wrong-type", message: "'memory_mib' must be a whole number"))])
        XCTAssertEqual(diff.nowRejected.map(\.name), ["breaks-later"])
        XCTAssertEqual(diff.nowRejected.first?.recommendation, .fargate)
        XCTAssertEqual(diff.nowRejected.first?.rejection?.field, "vcpu")
        XCTAssertTrue(diff.changed.isEmpty)
        XCTAssertFalse(diff.isEmpty)
        guard case .object(let json) = diff.json, case .array(let decided) = json["now_decided"] else { return XCTFail("no now_decided") }
        XCTAssertEqual(decided.count, 1)
    }
}
