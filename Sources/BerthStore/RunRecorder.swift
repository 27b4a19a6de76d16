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

/// A profile as the store keeps it (see `RunRecorder.encode`): each given field but name
/// and description as the LEB128 length of its name, the name, the LEB128 length of its
/// JSON value, the value. The lengths keep two fields from ever reading as one.
public struct EncodedProfile: Sendable {
    let bytes: [UInt8]
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
/// Each distinct outcome and profile value is stored once (shared by all runs); the ids
/// of those seen are remembered for the run, at most `cacheLimit` of each at a time.
/// Only usable inside the `AppDatabase.recordRun` closure that handed it out.
public final class RunRecorder {
    public let runID: Int64
    private let db: Database
    private let insertDecision: Statement
    private let insertRejected: Statement
    private let chunkSize: Int
    private let cacheLimit: Int
    private var pending = 0
    private var outcomeIDs: [ByteKey: Int64] = [:]
    private var valueIDs: [ByteKey: Int64] = [:]
    private var outcomeKey: [UInt8] = []
    private var ids = CompactJSON()

    init(db: Database, runID: Int64, chunkSize: Int, cacheLimit: Int) throws {
        self.db = db
        self.runID = runID
        self.chunkSize = max(1, chunkSize)
        self.cacheLimit = max(1, cacheLimit)
        insertDecision = try db.makeStatement(sql: """
            INSERT INTO run_decisions (run_id, seq, line, name, description, outcome_id, value_ids)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        insertRejected = try db.makeStatement(sql: """
            INSERT INTO rejected_rows (run_id, seq, line, "column", field, code, message, name)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        outcomeKey.reserveCapacity(512)
        try db.beginTransaction(.immediate)
    }

    /// The stored form of a profile. Thread-safe, so a pipeline can encode on the reading
    /// thread and hand the bytes to `record`.
    public static func encode(_ profile: Profile) -> EncodedProfile {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        var json = CompactJSON()
        func append(field: String, prefix: StaticString = "", value: [UInt8]) {
            var field = field
            field.withUTF8 { name in
                leb128(prefix.utf8CodeUnitCount + name.count, into: &bytes)
                prefix.withUTF8Buffer { bytes.append(contentsOf: $0) }
                bytes.append(contentsOf: name)
            }
            leb128(value.count, into: &bytes)
            bytes.append(contentsOf: value)
        }
        for entry in CompactJSON.sortedFields {
            let field = entry.field
            if field == .labels {
                for key in profile.labels.keys.sorted() {
                    json.reset()
                    json.string(profile.labels[key] ?? "")
                    append(field: key, prefix: "labels.", value: json.bytes)
                }
            } else if field != .name, field != .description, profile.given.bits & entry.bit != 0 {
                json.reset()
                json.value(profile.value(of: field))
                append(field: field.rawValue, value: json.bytes)
            }
        }
        return EncodedProfile(bytes: bytes)
    }

    private static func leb128(_ value: Int, into bytes: inout [UInt8]) {
        var rest = UInt(value)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func leb128(_ bytes: [UInt8], at i: inout Int) -> Int {
        var value = 0, shift = 0
        while true {
            let b = bytes[i]
            i += 1
            value |= Int(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    /// Stores one decided row: `seq` is the row's index in the input, `line` its line;
    /// `encoded` is `RunRecorder.encode(profile)` when the caller already has it.
    public func record(seq: Int, line: Int?, profile: Profile, encoded: EncodedProfile? = nil, decision: Decision) throws {
        let outcome = try outcomeID(decision)
        try writeValueIDs(encoded ?? Self.encode(profile))
        let s = insertDecision.sqliteStatement
        sqlite3_reset(s)
        sqlite3_bind_int64(s, 1, runID)
        sqlite3_bind_int64(s, 2, Int64(seq))
        bind(s, 3, line)
        bindText(s, 4, profile.name)
        if profile.given.contains(.description) { bindText(s, 5, profile.description) } else { sqlite3_bind_null(s, 5) }
        sqlite3_bind_int64(s, 6, outcome)
        bindBytes(s, 7, ids.bytes)
        try step(s)
        try rowDone()
    }

    /// The canonical text of an outcome, the same the v2 migration writes for v1 rows:
    /// the recommendation, then per platform `|id:score:excluded:scoring` with `+` for an
    /// eligible platform, else the excluding rules, and the scoring ones as `rule=weight`
    /// (rule ids are lowercase words and dashes, so the separators cannot occur in them).
    private func outcomeID(_ decision: Decision) throws -> Int64 {
        outcomeKey.removeAll(keepingCapacity: true)
        func text(_ s: String) {
            var s = s
            s.withUTF8 { outcomeKey.append(contentsOf: $0) }
        }
        if let recommendation = decision.recommendation { text(recommendation.rawValue) }
        for platform in Platform.allCases {
            let candidate = decision.candidates.first { $0.platform == platform }
            outcomeKey.append(0x7C)  // |
            text(platform.rawValue)
            outcomeKey.append(0x3A)  // :
            text(String(candidate?.score ?? 0))
            outcomeKey.append(0x3A)
            if candidate?.eligible == true {
                outcomeKey.append(0x2B)  // +
            } else {
                var first = true
                for reason in candidate?.reasons ?? [] where reason.effect == .exclude {
                    if !first { outcomeKey.append(0x2C) }
                    first = false
                    text(reason.rule)
                }
            }
            outcomeKey.append(0x3A)
            var first = true
            for reason in candidate?.reasons ?? [] {
                guard let weight = reason.effect.weight else { continue }
                if !first { outcomeKey.append(0x2C) }
                first = false
                text(reason.rule)
                outcomeKey.append(0x3D)  // =
                text(String(weight))
            }
        }
        if let id = outcomeIDs[ByteKey(outcomeKey[...])] { return id }
        let key = String(decoding: outcomeKey, as: UTF8.self)
        let id: Int64
        if let known = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM outcomes WHERE key = ?"), arguments: [key]) {
            id = known
        } else {
            try db.cachedStatement(sql: "INSERT INTO outcomes (key, recommendation) VALUES (?, ?)")
                .execute(arguments: [key, decision.recommendation?.rawValue])
            id = db.lastInsertedRowID
            for platform in Platform.allCases {
                let candidate = decision.candidates.first { $0.platform == platform }
                try db.cachedStatement(sql: "INSERT INTO outcome_platforms (outcome_id, platform, eligible, score) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [id, platform.rawValue, candidate?.eligible == true, candidate?.score ?? 0])
                let reasons = candidate?.reasons ?? []
                let ordered = reasons.filter { $0.effect == .exclude } + reasons.filter { $0.effect.weight != nil }
                for (position, reason) in ordered.enumerated() {
                    try db.cachedStatement(sql: "INSERT INTO outcome_rules (outcome_id, platform, position, rule, weight) VALUES (?, ?, ?, ?, ?)")
                        .execute(arguments: [id, platform.rawValue, position, reason.rule, reason.effect.weight])
                }
            }
        }
        if outcomeIDs.count >= cacheLimit { outcomeIDs.removeAll(keepingCapacity: true) }
        outcomeIDs[ByteKey(ArraySlice(outcomeKey))] = id
        return id
    }

    /// Writes the ids of the profile's field values into `ids` as a JSON array, adding
    /// the values not stored yet.
    private func writeValueIDs(_ encoded: EncodedProfile) throws {
        ids.reset()
        ids.byte(0x5B)
        let bytes = encoded.bytes
        var i = 0
        while i < bytes.count {
            let start = i
            let fieldCount = Self.leb128(bytes, at: &i)
            let field = i..<(i + fieldCount)
            i = field.upperBound
            let valueCount = Self.leb128(bytes, at: &i)
            let value = i..<(i + valueCount)
            i = value.upperBound
            let id: Int64
            if let known = valueIDs[ByteKey(bytes[start..<i])] {
                id = known
            } else {
                id = try valueID(field: String(decoding: bytes[field], as: UTF8.self), value: String(decoding: bytes[value], as: UTF8.self))
                if valueIDs.count >= cacheLimit { valueIDs.removeAll(keepingCapacity: true) }
                // A copy: a slice would keep the whole row's bytes alive.
                valueIDs[ByteKey(ArraySlice(Array(bytes[start..<i])))] = id
            }
            if start > 0 { ids.byte(0x2C) }
            ids.int(Int(id))
        }
        ids.byte(0x5D)
    }

    private func valueID(field: String, value: String) throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM profile_values WHERE field = ? AND value = ?"),
                                       arguments: [field, value]) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO profile_values (field, value) VALUES (?, ?)").execute(arguments: [field, value])
        return db.lastInsertedRowID
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

/// Bytes as a dictionary key, hashed in one pass.
struct ByteKey: Hashable {
    var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: ByteKey, b: ByteKey) -> Bool {
        guard a.bytes.count == b.bytes.count else { return false }
        return a.bytes.withUnsafeBytes { x in
            b.bytes.withUnsafeBytes { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
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
        try recordRun(info, chunkSize: chunkSize, cacheLimit: 1 << 16, body)
    }

    /// `cacheLimit`: how many outcome and profile-value ids the recorder remembers (tests
    /// make it small to show that forgetting them never stores a value twice).
    func recordRun(_ info: RunInfo, chunkSize: Int, cacheLimit: Int, _ body: (RunRecorder) throws -> RunTotals) throws -> (runID: Int64, totals: RunTotals) {
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
                let recorder = try RunRecorder(db: db, runID: runID, chunkSize: chunkSize, cacheLimit: cacheLimit)
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
                try db.inTransaction {
                    try db.execute(sql: """
                        UPDATE runs SET status = 'complete', finished_at = ?, input_sha256 = ?, rows_total = ?,
                            rows_decided = ?, rows_rejected = ?, count_none = ?
                        WHERE id = ?
                        """, arguments: [Self.timestamp(Date()), totals.inputSHA256, totals.rowsTotal, totals.decided,
                                         totals.rejected, totals.none, runID])
                    for platform in Platform.allCases {
                        guard let count = totals.recommended[platform], count > 0 else { continue }
                        try db.execute(sql: "INSERT INTO run_counts (run_id, platform, count) VALUES (?, ?, ?)",
                                       arguments: [runID, platform.rawValue, count])
                    }
                    return .commit
                }
                return (runID, totals)
            }
        } catch {
            throw Self.wrap(error)
        }
    }
}
