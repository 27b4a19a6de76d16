import BerthCore
import Foundation
import GRDB
import GRDBSQLite
#if canImport(Glibc)
import Glibc
#endif

/// What a new run records about itself up front.
public struct RunInfo: Sendable {
    public var pack: String
    public var asOf: String
    public var inputPath: String
    public var inputFormat: String
    public var startedAt: Date

    public init(pack: String, asOf: String, inputPath: String, inputFormat: String, startedAt: Date = Date()) {
        self.pack = pack
        self.asOf = asOf
        self.inputPath = inputPath
        self.inputFormat = inputFormat
        self.startedAt = startedAt
    }
}

/// A profile as the store keeps it (see `RunRecorder.encode`).
public struct EncodedProfile: Sendable {
    public let bytes: [UInt8]
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Totals written when a run finishes.
public struct RunTotals: Sendable, Equatable {
    public var rowsTotal = 0
    public var decided = 0
    public var rejected = 0
    /// Recommendations by platform; `none` counts rows where nothing was eligible.
    public var recommended: [Platform: Int] = [:]
    public var none = 0
    public var inputSHA256: String?

    public init() {}
}

/// Records one batch run. Rows are inserted with prepared statements inside transactions
/// committed every `chunkSize` rows while the run is marked `running`; `finish` marks it
/// `complete`. If the process dies part-way, the committed chunks stay, the run stays
/// `running`, and the next `AppDatabase` open marks it `incomplete`.
/// Only usable inside the `AppDatabase.recordRun` closure that handed it out.
public final class RunRecorder {
    public let runID: Int64
    private let db: Database
    private let insertDecision: Statement
    private let insertRejected: Statement
    private let chunkSize: Int
    private var pending = 0
    private var json = CompactJSON()
    private var reasons = CompactJSON()
    private var excluded = CompactJSON()

    init(db: Database, runID: Int64, chunkSize: Int) throws {
        self.db = db
        self.runID = runID
        self.chunkSize = max(1, chunkSize)
        insertDecision = try db.makeStatement(sql: """
            INSERT INTO run_decisions (run_id, seq, line, name, recommendation, profile,
                fargate_score, fargate_excluded_by, lambda_score, lambda_excluded_by,
                ecs_ec2_score, ecs_ec2_excluded_by, eks_score, eks_excluded_by, reasons)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
            """)
        insertRejected = try db.makeStatement(sql: """
            INSERT INTO rejected_rows (run_id, seq, line, "column", field, code, message, name)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        try db.beginTransaction(.immediate)
    }

    private static let platformColumns: [Platform] = [.fargate, .lambda, .ecsEC2, .eks]

    /// The stored form of a profile (its given fields as compact JSON). Thread-safe, so
    /// a pipeline can encode on the reading thread and hand the bytes to `record`.
    public static func encode(_ profile: Profile) -> EncodedProfile {
        var json = CompactJSON()
        json.givenProfile(profile)
        return EncodedProfile(bytes: json.bytes)
    }

    /// Stores one decided row: `seq` is the row's index in the input, `line` its line;
    /// `encoded` is `RunRecorder.encode(profile)` when the caller already has it.
    public func record(seq: Int, line: Int?, profile: Profile, encoded: EncodedProfile? = nil, decision: Decision) throws {
        let s = insertDecision.sqliteStatement
        sqlite3_reset(s)
        sqlite3_bind_int64(s, 1, runID)
        sqlite3_bind_int64(s, 2, Int64(seq))
        bind(s, 3, line)
        bindText(s, 4, profile.name)
        if let platform = decision.recommendation { bindText(s, 5, platform.rawValue) } else { sqlite3_bind_null(s, 5) }
        if let encoded {
            bindBytes(s, 6, encoded.bytes)
        } else {
            json.reset()
            json.givenProfile(profile)
            bindBytes(s, 6, json.bytes)
        }
        for (i, platform) in Self.platformColumns.enumerated() {
            let column = Int32(7 + 2 * i)
            if let candidate = decision.candidates.first(where: { $0.platform == platform }) {
                sqlite3_bind_int64(s, column, Int64(candidate.score))
                if candidate.eligible {
                    sqlite3_bind_null(s, column + 1)
                } else {
                    excluded.reset()
                    excluded.exclusions(candidate)
                    bindBytes(s, column + 1, excluded.bytes)
                }
            } else {
                // A platform the engine did not consider counts as excluded by nothing known.
                sqlite3_bind_int64(s, column, 0)
                bindText(s, column + 1, "")
            }
        }
        reasons.reset()
        reasons.reasons(decision)
        bindBytes(s, 15, reasons.bytes)
        try step(s)
        try rowDone()
    }

    /// Stores one rejected row.
    public func reject(seq: Int, line: Int?, error: ProfileError, name: String? = nil) throws {
        let s = insertRejected.sqliteStatement
        sqlite3_reset(s)
        sqlite3_bind_int64(s, 1, runID)
        sqlite3_bind_int64(s, 2, Int64(seq))
        bind(s, 3, line ?? error.location?.line)
        bind(s, 4, error.location?.column)
        if let field = error.field { bindText(s, 5, field) } else { sqlite3_bind_null(s, 5) }
        bindText(s, 6, error.code)
        bindText(s, 7, error.message)
        if let name { bindText(s, 8, name) } else { sqlite3_bind_null(s, 8) }
        try step(s)
        try rowDone()
    }

    private func rowDone() throws {
        pending += 1
        if pending >= chunkSize {
            try db.commit()
            try db.beginTransaction(.immediate)
            pending = 0
        }
    }

    func commit() throws {
        try db.commit()
    }

    func rollbackIfNeeded() {
        if db.isInsideTransaction { try? db.rollback() }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    @inline(__always) private func bind(_ s: SQLiteStatement, _ i: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(s, i, Int64(value)) } else { sqlite3_bind_null(s, i) }
    }

    @inline(__always) private func bindText(_ s: SQLiteStatement, _ i: Int32, _ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress, !chars.isEmpty {
                    sqlite3_bind_text(s, i, base, Int32(chars.count), Self.transient)
                } else {
                    Self.bindEmpty(s, i)
                }
            }
        }
    }

    @inline(__always) private func bindBytes(_ s: SQLiteStatement, _ i: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress, !chars.isEmpty {
                    sqlite3_bind_text(s, i, base, Int32(chars.count), Self.transient)
                } else {
                    Self.bindEmpty(s, i)
                }
            }
        }
    }

    /// An empty string (a null pointer would bind NULL).
    private static func bindEmpty(_ s: SQLiteStatement, _ i: Int32) {
        sqlite3_bind_text(s, i, "", 0, nil)
    }

    private func step(_ s: SQLiteStatement) throws {
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(s)
            throw StoreError(.sqlite, "cannot store a row of run \(runID): \(message)")
        }
    }
}

extension AppDatabase {
    /// Records a run: inserts it as `running`, hands `body` a recorder for its rows, and
    /// then stores `totals` and marks it `complete` (`incomplete` if `body` throws, in
    /// which case the error is rethrown after the rows recorded so far are committed).
    /// `body` returns the totals to store.
    @discardableResult
    public func recordRun(_ info: RunInfo, chunkSize: Int = 50_000, _ body: (RunRecorder) throws -> RunTotals) throws -> (runID: Int64, totals: RunTotals) {
        try refuseIfReadOnly()
        do {
            return try dbQueue.writeWithoutTransaction { db -> (Int64, RunTotals) in
                try db.execute(sql: """
                    INSERT INTO runs (started_at, status, pack, as_of, input_path, input_format, host, pid)
                    VALUES (?, 'running', ?, ?, ?, ?, ?, ?)
                    """, arguments: [Self.timestamp(info.startedAt), info.pack, info.asOf, info.inputPath, info.inputFormat,
                                     Self.hostName, Int64(getpid())])
                let runID = db.lastInsertedRowID
                Self.activeRunsLock.lock()
                Self.activeRuns.insert(runID)
                Self.activeRunsLock.unlock()
                defer {
                    Self.activeRunsLock.lock()
                    Self.activeRuns.remove(runID)
                    Self.activeRunsLock.unlock()
                }
                // The rows all reference the run just inserted: checking that foreign key on
                // every one of a million inserts is work for nothing.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                let recorder = try RunRecorder(db: db, runID: runID, chunkSize: chunkSize)
                let totals: RunTotals
                do {
                    totals = try body(recorder)
                    try recorder.commit()
                } catch {
                    // Keep what was recorded, and say the run did not finish.
                    if db.isInsideTransaction { try? recorder.commit() }
                    recorder.rollbackIfNeeded()
                    try? db.execute(sql: "UPDATE runs SET status = 'incomplete', finished_at = ? WHERE id = ?",
                                    arguments: [Self.timestamp(Date()), runID])
                    throw error
                }
                try db.execute(sql: """
                    UPDATE runs SET status = 'complete', finished_at = ?, input_sha256 = ?, rows_total = ?,
                        rows_decided = ?, rows_rejected = ?, count_fargate = ?, count_lambda = ?,
                        count_ecs_ec2 = ?, count_eks = ?, count_none = ?
                    WHERE id = ?
                    """, arguments: [Self.timestamp(Date()), totals.inputSHA256, totals.rowsTotal, totals.decided, totals.rejected,
                                     totals.recommended[.fargate] ?? 0, totals.recommended[.lambda] ?? 0,
                                     totals.recommended[.ecsEC2] ?? 0, totals.recommended[.eks] ?? 0, totals.none, runID])
                return (runID, totals)
            }
        } catch {
            throw Self.wrap(error)
        }
    }
}
