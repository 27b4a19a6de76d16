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
    /// Value ids by the field and JSON text of the value.
    private var valueIDs: [ByteKey: Int64] = [:]
    /// The same by the typed value, for each of `storedFields`, and for labels by key and value.
    private var fieldValueIDs = [[StoredValue: Int64]](repeating: [:], count: storedFields.count)
    private var labelIDs: [Label: Int64] = [:]
    private var assumptionIDs: [ByteKey: Int64] = [:]
    /// Outcome and assumption ids by the decision's shape (`record`'s `shape`).
    private var shapeIDs: [Int: (outcome: Int64, assumptions: Int64)] = [:]
    // Reused between rows; each method moves them into a local first, so the hot loop
    // does not pay for an exclusivity check on every append to a class property.
    private var outcomeKey: [UInt8] = []
    private var assumptionKey: [UInt8] = []
    private var ids: [UInt8] = []

    init(db: Database, runID: Int64, chunkSize: Int, cacheLimit: Int) throws {
        self.db = db
        self.runID = runID
        self.chunkSize = max(1, chunkSize)
        self.cacheLimit = max(1, cacheLimit)
        insertDecision = try db.makeStatement(sql: """
            INSERT INTO run_decisions (run_id, seq, line, name, description, outcome_id, value_ids, assumptions_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        insertRejected = try db.makeStatement(sql: """
            INSERT INTO rejected_rows (run_id, seq, line, "column", field, code, message, name)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        outcomeKey.reserveCapacity(512)
        ids.reserveCapacity(128)
        try db.beginTransaction(.immediate)
    }

    /// The fields a profile is stored by, in key order, as `writeValueIDs` reads them for every
    /// row. The specs are held unretained: they are the process-long `ProfileSchema.fields`, and
    /// retaining each (an object the reading thread's decoder uses too) for each field of each
    /// row was 4 % of a stored batch's time.
    private struct StoredField {
        enum Kind { case notStored, labels, map, value }
        let field: ProfileField
        let bit: UInt64
        let kind: Kind
        let spec: Unmanaged<FieldSpec>
    }

    private static let storedFields: [StoredField] = JSONWriter.sortedFields.map { entry in
        let field = entry.spec.field
        let kind: StoredField.Kind
        if field == .labels {
            kind = .labels
        } else if case .map = entry.spec.access {
            kind = .map
        } else if field == .name || field == .description {
            kind = .notStored
        } else {
            kind = .value
        }
        return StoredField(field: field, bit: entry.bit, kind: kind, spec: .passUnretained(entry.spec))
    }

    /// Stores one decided row: `seq` is the row's index in the input, `line` its line. Rows
    /// given one `shape` must have the same outcome (`ShapedDecision`): it is looked up.
    public func record(seq: Int, line: Int?, profile: Profile, decision: Decision, shape: Int? = nil) throws {
        let outcome: Int64, assumptions: Int64
        if let shape, let known = shapeIDs[shape] {
            (outcome, assumptions) = known
        } else {
            outcome = try outcomeID(decision)
            assumptions = try assumptionsID(decision)
            if let shape {
                if shapeIDs.count >= cacheLimit { shapeIDs.removeAll(keepingCapacity: true) }
                shapeIDs[shape] = (outcome, assumptions)
            }
        }
        try writeValueIDs(profile)
        let s = insertDecision.sqliteStatement
        sqlite3_reset(s)
        sqlite3_bind_int64(s, 1, runID)
        sqlite3_bind_int64(s, 2, Int64(seq))
        bind(s, 3, line)
        bindText(s, 4, profile.name)
        if profile.given.contains(.description) { bindText(s, 5, profile.description) } else { sqlite3_bind_null(s, 5) }
        sqlite3_bind_int64(s, 6, outcome)
        bindBytes(s, 7, ids)
        sqlite3_bind_int64(s, 8, assumptions)
        try step(s)
        try rowDone()
    }

    /// The canonical text of an outcome: the recommendation, then per platform
    /// `|id:score:excluded:scoring` with `+` for an eligible platform, else the excluding rules
    /// and requirements, and the preferences as `rule=step` (the step's number in the
    /// procedure, stored in `outcome_rules.weight`), then `:variant` when the platform has
    /// one (the v2 migration writes v1 rows without it), then `$usd` on a feasible platform
    /// when its cost is known, then `~` and its variant's unverified requirements when there
    /// are any; last `#`, and `j` for a judgement call. The `#` (since v4) keeps these
    /// outcomes apart from earlier ones, which did not record a judgement call or what was
    /// unverified. Rule ids are lowercase words and dashes, so the separators cannot occur in them.
    private func outcomeID(_ decision: Decision) throws -> Int64 {
        var key: [UInt8] = []
        swap(&key, &outcomeKey)
        defer { swap(&key, &outcomeKey) }
        key.removeAll(keepingCapacity: true)
        if let recommendation = decision.recommendation { key.append(contentsOf: recommendation.rawValue.utf8) }
        // Candidates are read in place, through the buffer: copying each (its reasons, variants
        // and cost retained and released again) for each new shape was a fifth of this key's cost.
        decision.candidates.withUnsafeBufferPointer { candidates in
            for platform in Platform.allCases {
                key.append(0x7C)  // |
                key.append(contentsOf: platform.rawValue.utf8)
                key.append(0x3A)  // :
                guard let c = candidates.firstIndex(where: { $0.platform == platform }) else {
                    key.append(0x30)  // 0
                    key.append(0x3A)
                    key.append(0x3A)
                    continue
                }
                JSONWriter.decimal(candidates[c].score, into: &key)
                key.append(0x3A)
                if candidates[c].eligible {
                    key.append(0x2B)  // +
                } else {
                    for (i, reason) in candidates[c].exclusions.enumerated() {
                        if i > 0 { key.append(0x2C) }
                        key.append(contentsOf: reason.rule.utf8)
                    }
                }
                key.append(0x3A)
                var first = true
                for r in candidates[c].reasons.indices {
                    guard let weight = decision.stepNumber(of: candidates[c].reasons[r].effect) else { continue }
                    if !first { key.append(0x2C) }
                    first = false
                    key.append(contentsOf: candidates[c].reasons[r].rule.utf8)
                    key.append(0x3D)  // =
                    JSONWriter.decimal(weight, into: &key)
                }
                if let variant = candidates[c].variant {
                    key.append(0x3A)
                    key.append(contentsOf: variant.id.utf8)
                }
                if let usd = Self.monthlyUSD(candidates[c]) {
                    key.append(0x24)  // $
                    key.append(contentsOf: Value.format(usd).utf8)
                }
                let unverified = Self.unverified(candidates[c])
                if !unverified.isEmpty {
                    key.append(0x7E)  // ~
                    key.append(contentsOf: unverified.utf8)
                }
            }
        }
        key.append(0x23)  // #
        if decision.judgementCall { key.append(0x6A) }  // j
        if let id = outcomeIDs[ByteKey(key[...])] { return id }
        let id = try storeOutcome(key: String(decoding: key, as: UTF8.self), decision)
        if outcomeIDs.count >= cacheLimit { outcomeIDs.removeAll(keepingCapacity: true) }
        outcomeIDs[ByteKey(key[...]).copied] = id
        return id
    }

    /// The id of the outcome `key` names, stored with its platforms and rules if new.
    private func storeOutcome(key: String, _ decision: Decision) throws -> Int64 {
        if let known = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM outcomes WHERE key = ?"), arguments: [key]) {
            return known
        }
        try db.cachedStatement(sql: "INSERT INTO outcomes (key, recommendation, judgement_call) VALUES (?, ?, ?)")
            .execute(arguments: [key, decision.recommendation?.rawValue, decision.judgementCall])
        let id = db.lastInsertedRowID
        for platform in Platform.allCases {
            let candidate = decision.candidates.first { $0.platform == platform }
            try db.cachedStatement(sql: """
                INSERT INTO outcome_platforms (outcome_id, platform, eligible, score, variant, monthly_usd, unverified)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
                .execute(arguments: [id, platform.rawValue, candidate?.eligible == true, candidate?.score ?? 0, candidate?.variant?.id,
                                     candidate.flatMap(Self.monthlyUSD), candidate.map(Self.unverified) ?? ""])
            let ordered = (candidate?.exclusions ?? []) + (candidate?.reasons ?? []).filter { $0.effect.step != nil }
            for (position, reason) in ordered.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO outcome_rules (outcome_id, platform, position, rule, weight) VALUES (?, ?, ?, ?, ?)")
                    .execute(arguments: [id, platform.rawValue, position, reason.rule, decision.stepNumber(of: reason.effect)])
            }
        }
        return id
    }

    /// A feasible platform's monthly compute cost (its best variant's), when priced: the
    /// batch prices every feasible candidate of a stored run, so that the report can compare
    /// the recommendation with the cheapest.
    private static func monthlyUSD(_ candidate: Candidate) -> Double? {
        guard candidate.eligible else { return nil }
        return candidate.sharedCost?.value.monthlyUSD
    }

    /// The requirements of a feasible platform's variant that no fact confirms, comma-separated.
    private static func unverified(_ candidate: Candidate) -> String {
        guard candidate.eligible, let variant = candidate.variant else { return "" }
        return (candidate.variants.first { $0.variant == variant }?.unverified ?? []).joined(separator: ",")
    }

    /// The id of the decision's assumptions and undecided rules, stored once per distinct set
    /// (an empty set too, so that NULL means "not recorded"). The key lists each item as its
    /// kind's letter, name and value, separated by bytes no field, rule or value holds.
    private func assumptionsID(_ decision: Decision) throws -> Int64 {
        var key: [UInt8] = []
        swap(&key, &assumptionKey)
        defer { swap(&key, &assumptionKey) }
        key.removeAll(keepingCapacity: true)
        let items = Self.assumptionItems(decision)
        for item in items {
            key.append(item.kind.utf8.first ?? 0)
            key.append(contentsOf: item.name.utf8)
            key.append(0x1F)
            key.append(contentsOf: item.value.utf8)
            key.append(0x1E)
        }
        if let id = assumptionIDs[ByteKey(key[...])] { return id }
        let text = String(decoding: key, as: UTF8.self)
        let id: Int64
        if let known = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM assumption_sets WHERE key = ?"), arguments: [text]) {
            id = known
        } else {
            try db.cachedStatement(sql: "INSERT INTO assumption_sets (key) VALUES (?)").execute(arguments: [text])
            id = db.lastInsertedRowID
            for (position, item) in items.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO assumption_items (set_id, position, kind, name, value) VALUES (?, ?, ?, ?, ?)")
                    .execute(arguments: [id, position, item.kind, item.name, item.value])
            }
        }
        if assumptionIDs.count >= cacheLimit { assumptionIDs.removeAll(keepingCapacity: true) }
        assumptionIDs[ByteKey(key[...]).copied] = id
        return id
    }

    /// A decision's assumptions as stored: a default with the value used (as a profile
    /// would write it), an unknown field, an undecided rule with the unknown fields it read.
    private static func assumptionItems(_ decision: Decision) -> [(kind: String, name: String, value: String)] {
        decision.assumptions.map { a in a.kind == "unknown" ? ("unknown", a.field, "") : ("default", a.field, a.value.plainText) }
            + decision.undecided.map { ("undecided", $0.rule, $0.fields.joined(separator: ",")) }
    }

    /// Writes the ids of the profile's field values into `ids` as a JSON array, in the stored
    /// fields' key order (labels one by one, in key order), adding the values not stored yet.
    /// Each value is looked up by itself, typed: its JSON text is written only when it is new
    /// to the run (a million rows have 45 distinct values); writing every row's text and
    /// looking it up by its bytes was a tenth of a stored batch's time.
    private func writeValueIDs(_ profile: Profile) throws {
        var text: [UInt8] = []
        swap(&text, &ids)
        defer { swap(&text, &ids) }
        text.removeAll(keepingCapacity: true)
        text.append(0x5B)  // [
        let given = profile.given.bits
        for i in Self.storedFields.indices {
            let entry = Self.storedFields[i]
            switch entry.kind {
            case .notStored:
                continue
            case .labels:
                if profile.labels.count == 1, let (key, value) = profile.labels.first {
                    Self.append(try labelID(key, value), to: &text)
                } else {
                    for key in profile.labels.keys.sorted() { Self.append(try labelID(key, profile.labels[key] ?? ""), to: &text) }
                }
            case .map:
                // Environment and secrets are stored as one object each: rules never read them by key.
                let entries = entry.spec._withUnsafeGuaranteedRef { spec in
                    if case .map(let map) = spec.access { return map.get(profile) } else { return [:] }
                }
                if !entries.isEmpty { Self.append(try textID(entry.field.key) { $0.stringMap(entries) }, to: &text) }
            case .value:
                guard given & entry.bit != 0 else { continue }
                let value = entry.spec._withUnsafeGuaranteedRef { $0.value(in: profile) }
                guard let key = StoredValue(value) else {
                    Self.append(try textID(entry.field.key) { $0.value(value) }, to: &text)
                    continue
                }
                if let known = fieldValueIDs[i][key] {
                    Self.append(known, to: &text)
                } else {
                    let id = try textID(entry.field.key) { $0.value(value) }
                    if fieldValueIDs[i].count >= cacheLimit { fieldValueIDs[i].removeAll(keepingCapacity: true) }
                    fieldValueIDs[i][key] = id
                    Self.append(id, to: &text)
                }
            }
        }
        text.append(0x5D)  // ]
    }

    /// One id of the array `writeValueIDs` writes (a static function: a closure over the array
    /// boxed it).
    private static func append(_ id: Int64, to text: inout [UInt8]) {
        if text.count > 1 { text.append(0x2C) }
        JSONWriter.decimal(Int(id), into: &text)
    }

    /// A field's value as a key, equal only when the values' JSON texts are: a double by its
    /// bits, since -0 and 0 are equal numbers but different texts.
    private enum StoredValue: Hashable {
        case bool(Bool), int(Int), double(UInt64), string(String)

        init?(_ value: Value) {
            switch value {
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .double(let d): self = .double(d.bitPattern)
            case .string(let s): self = .string(s)
            case .null, .list: return nil
            }
        }
    }

    private struct Label: Hashable {
        var key: String
        var value: String
    }

    private func labelID(_ key: String, _ value: String) throws -> Int64 {
        let label = Label(key: key, value: value)
        if let known = labelIDs[label] { return known }
        let id = try textID("labels." + key) { $0.string(value) }
        if labelIDs.count >= cacheLimit { labelIDs.removeAll(keepingCapacity: true) }
        labelIDs[label] = id
        return id
    }

    /// The id of `field` with the value `write` writes as JSON, by that text.
    private func textID(_ field: String, _ write: (inout JSONWriter) -> Void) throws -> Int64 {
        var out = JSONWriter()
        out.rawText(field)
        out.byte(0)
        let valueStart = out.bytes.count
        write(&out)
        let key = ByteKey(out.bytes[...])
        if let known = valueIDs[key] { return known }
        let id = try valueID(field: field, value: String(decoding: out.bytes[valueStart...], as: UTF8.self))
        if valueIDs.count >= cacheLimit { valueIDs.removeAll(keepingCapacity: true) }
        valueIDs[key.copied] = id
        return id
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
                _ = Self.activeRuns.withLock { $0.insert(runID) }
                defer { _ = Self.activeRuns.withLock { $0.remove(runID) } }
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
