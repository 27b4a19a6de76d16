import BerthCore
import Foundation
import GRDB

/// A stored decision as the ids of what it shares with other decisions: its outcome, its set
/// of assumptions and its given profile values (`run_decisions`, docs/database.md). A report
/// of a million services reads these and looks each shared part up once, rather than a
/// whole `StoredDecision` with its profile as JSON per row.
public struct DecisionReference: Sendable, Equatable {
    public var seq: Int
    public var line: Int?
    public var name: String
    public var description: String?
    public var outcomeID: Int64
    /// Nil for a run stored before assumptions were (v4).
    public var assumptionsID: Int64?
    /// The given fields but name and description, one distinct value each.
    public var valueIDs: [Int64]
}

/// One distinct given value of stored profiles.
public struct StoredProfileValue: Sendable, Equatable {
    /// The field, `labels.KEY` for a label.
    public var field: String
    /// As a profile file gave it, for `ProfileDecoder.assign`: a JSON string as a quoted
    /// scalar, a number or a boolean as a plain one.
    public var value: RawValue
    /// The value as text (a string without its quotes).
    public var text: String
}

/// The parts decisions share, read from the database on request while
/// `forEachDecisionReference` streams (the caller keeps what it derives from them).
public final class SharedDecisionParts {
    private let db: Database
    private let reader: DecisionReader
    private let runID: Int64

    init(_ db: Database, runID: Int64) {
        self.db = db
        reader = DecisionReader(db)
        self.runID = runID
    }

    /// What every decision with outcome `id` shares, as a decision of no service in
    /// particular: `name` and `profile` empty, `seq` 0, `line` and `assumptions` nil.
    public func outcome(_ id: Int64) throws -> StoredDecision {
        let o = try reader.outcome(id)
        return StoredDecision(runID: runID, seq: 0, line: nil, name: "", recommendation: o.recommendation, variants: o.variants,
                              profile: "", scores: o.scores, excludedBy: o.excludedBy, reasons: o.reasons,
                              monthlyUSD: o.monthlyUSD, costs: o.costs, assumptions: nil, judgementCall: o.judgementCall,
                              unverified: o.unverified.map { u in o.recommendation.map { u[$0] ?? [] } ?? [] })
    }

    /// The assumptions and undecided rules of set `id`, in the order they were recorded.
    public func assumptions(_ id: Int64) throws -> [StoredAssumption] { try reader.assumptions(id) }

    public func value(_ id: Int64) throws -> StoredProfileValue {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT field, value FROM profile_values WHERE id = ?"), arguments: [id]) else {
            throw StoreError(.sqlite, "profile value \(id) is missing")
        }
        let json: String = row["value"]
        if json.hasPrefix("\"") {
            let text = (try? JSONDecoder().decode(String.self, from: Data(json.utf8))) ?? json
            return StoredProfileValue(field: row["field"], value: .scalar(text, plain: false), text: text)
        }
        return StoredProfileValue(field: row["field"], value: json == "null" ? .null : .scalar(json, plain: true), text: json)
    }
}

extension AppDatabase {
    /// Streams a run's decisions in input order as references, with the shared parts to look
    /// them up in; nothing of the run is held but the row at hand.
    public func forEachDecisionReference(runID: Int64, _ body: (DecisionReference, SharedDecisionParts) throws -> Void) throws {
        try read { db in
            let parts = SharedDecisionParts(db, runID: runID)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT seq, line, name, description, outcome_id, assumptions_id, value_ids FROM run_decisions WHERE run_id = ? ORDER BY seq
                """, arguments: [runID])
            while let row = try rows.next() {
                try body(DecisionReference(seq: row[0], line: row[1], name: row[2], description: row[3], outcomeID: row[4],
                                           assumptionsID: row[5], valueIDs: DecisionReader.ids(row[6])), parts)
            }
        }
    }

    /// The first `limit` rejected rows of a run, in input order.
    public func rejectedRows(runID: Int64, limit: Int) throws -> [RejectedRowRecord] {
        try read { db in
            try RejectedRowRecord.fetchAll(db, sql: "SELECT * FROM rejected_rows WHERE run_id = ? ORDER BY seq LIMIT ?", arguments: [runID, limit])
        }
    }

    /// How many rows of a run were rejected, as stored (a run interrupted before it finished
    /// has not written its totals).
    public func rejectedRowCount(runID: Int64) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM rejected_rows WHERE run_id = ?", arguments: [runID]) ?? 0 }
    }
}
