import BerthCore
import Foundation
import GRDB

/// One batch run, as `runs list` and `runs show` print it.
public struct RunRecord: Codable, Hashable, Sendable, FetchableRecord {
    public var id: Int64
    public var startedAt: String
    public var finishedAt: String?
    /// `running`, `complete` or `incomplete`.
    public var status: String
    public var pack: String
    public var asOf: String
    public var inputPath: String
    public var inputFormat: String
    public var inputSHA256: String?
    public var rowsTotal: Int
    public var rowsDecided: Int
    public var rowsRejected: Int
    public var countFargate: Int
    public var countLambda: Int
    public var countEcsEC2: Int
    public var countEks: Int
    public var countNone: Int
    public var host: String
    public var pid: Int64

    enum CodingKeys: String, CodingKey {
        case id
        case startedAt = "started_at", finishedAt = "finished_at", status, pack
        case asOf = "as_of", inputPath = "input_path", inputFormat = "input_format", inputSHA256 = "input_sha256"
        case rowsTotal = "rows_total", rowsDecided = "rows_decided", rowsRejected = "rows_rejected"
        case countFargate = "count_fargate", countLambda = "count_lambda", countEcsEC2 = "count_ecs_ec2"
        case countEks = "count_eks", countNone = "count_none", host, pid
    }

    public func count(for platform: Platform) -> Int {
        switch platform {
        case .fargate: return countFargate
        case .lambda: return countLambda
        case .ecsEC2: return countEcsEC2
        case .eks: return countEks
        }
    }
}

/// One stored decision of a run.
public struct StoredDecision: Hashable, Sendable {
    public var runID: Int64
    public var seq: Int
    public var line: Int?
    public var name: String
    public var recommendation: Platform?
    /// Given fields as JSON.
    public var profile: String
    public var scores: [Platform: Int]
    /// Rule ids that excluded each ineligible platform (absent: eligible).
    public var excludedBy: [Platform: [String]]
    /// Scoring rules that fired: `{"platform":{"rule":weight}}` (exclusions are in `excludedBy`).
    public var reasons: String

    public func isEligible(_ platform: Platform) -> Bool { excludedBy[platform] == nil }

    init(row: Row) {
        runID = row["run_id"]
        seq = row["seq"]
        line = row["line"]
        name = row["name"]
        recommendation = (row["recommendation"] as String?).flatMap(Platform.init(rawValue:))
        profile = row["profile"]
        reasons = row["reasons"]
        var scores: [Platform: Int] = [:]
        var excluded: [Platform: [String]] = [:]
        for platform in Platform.allCases {
            let prefix = StoredDecision.columnPrefix(platform)
            scores[platform] = row[prefix + "_score"]
            if let by: String = row[prefix + "_excluded_by"] {
                excluded[platform] = by.isEmpty ? [] : by.split(separator: ",").map(String.init)
            }
        }
        self.scores = scores
        excludedBy = excluded
    }

    static func columnPrefix(_ platform: Platform) -> String {
        platform == .ecsEC2 ? "ecs_ec2" : platform.rawValue
    }
}

/// One rejected row of a run.
public struct RejectedRowRecord: Codable, Hashable, Sendable, FetchableRecord {
    public var runID: Int64
    public var seq: Int
    public var line: Int?
    public var column: Int?
    public var field: String?
    public var code: String
    public var message: String
    public var name: String?

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", seq, line, column, field, code, message, name
    }
}

extension AppDatabase {
    /// Every run, newest first.
    public func runs() throws -> [RunRecord] {
        try read { db in try RunRecord.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id DESC") }.map(presumingStatus)
    }

    public func run(id: Int64) throws -> RunRecord? {
        try read { db in try RunRecord.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) }.map(presumingStatus)
    }

    private func presumingStatus(_ run: RunRecord) -> RunRecord {
        var run = run
        if presumedIncomplete.contains(run.id), run.status == "running" { run.status = "incomplete" }
        return run
    }

    /// A run's decisions in input order; `limit` nil for all.
    public func decisions(runID: Int64, limit: Int? = nil, offset: Int = 0) throws -> [StoredDecision] {
        var result: [StoredDecision] = []
        try forEachDecision(runID: runID, limit: limit, offset: offset) { result.append($0) }
        return result
    }

    /// Streams a run's decisions in input order without holding them all.
    public func forEachDecision(runID: Int64, limit: Int? = nil, offset: Int = 0, _ body: (StoredDecision) throws -> Void) throws {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM run_decisions WHERE run_id = ? ORDER BY seq LIMIT ? OFFSET ?",
                                           arguments: [runID, limit ?? -1, offset])
            while let row = try rows.next() { try body(StoredDecision(row: row)) }
        }
    }

    public func decision(runID: Int64, name: String) throws -> StoredDecision? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run_decisions WHERE run_id = ? AND name = ?", arguments: [runID, name])
                .map(StoredDecision.init(row:))
        }
    }

    public func rejectedRows(runID: Int64) throws -> [RejectedRowRecord] {
        try read { db in
            try RejectedRowRecord.fetchAll(db, sql: "SELECT * FROM rejected_rows WHERE run_id = ? ORDER BY seq", arguments: [runID])
        }
    }

    /// Deletes a run with its decisions and rejected rows. Returns false when there was none.
    @discardableResult
    public func deleteRun(id: Int64) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
