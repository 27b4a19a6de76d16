import BerthCore
import Foundation
import GRDB
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// berth's SQLite database: stored profiles (with history) and batch runs (with every
/// decision and every rejected row). One instance owns one connection; every write is a
/// named, transactional method here or in `RunRecorder`. The schema is in docs/database.md.
public final class AppDatabase: Sendable {
    let dbQueue: DatabaseQueue
    /// The file path, or nil in memory.
    public let path: String?
    /// Opened for reading only: nothing is ever written to the file.
    public let isReadOnly: Bool
    /// Runs left `running` by a process that is gone, reported as `incomplete` by a
    /// read-only open (which cannot mark them in the file).
    let presumedIncomplete: Set<Int64>

    /// Opens the database at `path`.
    ///
    /// Writing (the default): creates the file if needed, in WAL mode, applies pending
    /// migrations and marks runs left `running` by a process that is gone as `incomplete`.
    /// A file that is not a berth database (an SQLite file with tables of its own, or not
    /// SQLite at all) or was written by a newer berth is refused before anything is written.
    ///
    /// `readOnly`: never writes, never creates the file. A database of an older schema
    /// (or an empty one) is upgraded in a copy in memory, so old runs read the same; the
    /// file itself is upgraded by the next writing open. An older database larger than
    /// `upgradeInMemoryLimit` bytes is refused instead: copying it would cost as much
    /// memory, and the time of a migration on every read.
    public convenience init(path: String, readOnly: Bool = false) throws {
        try self.init(path: path, readOnly: readOnly, upgradeInMemoryLimit: 64 << 20)
    }

    init(path: String, readOnly: Bool, upgradeInMemoryLimit: Int) throws {
        self.path = path
        isReadOnly = readOnly
        if readOnly {
            let file = try Self.openReadOnly(path)
            switch try Self.schemaState(of: file, path: path) {
            case .current:
                dbQueue = file
            case .empty, .older:
                let size = [path, path + "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
                guard size <= upgradeInMemoryLimit else {
                    throw StoreError(.cannotOpen, "\(path): written by an earlier berth, and too large (\(size >> 20) MiB) to upgrade in memory for reading; the next command that writes to it (berth batch, berth profile add) upgrades it in place")
                }
                dbQueue = try Self.upgradedCopy(of: file, path: path)
            }
            presumedIncomplete = Set(try Self.interruptedRuns(in: dbQueue))
            return
        }
        if FileManager.default.fileExists(atPath: path) {
            // Checked through a read-only connection: refusing must leave the file as it was.
            _ = try Self.schemaState(of: try Self.openReadOnly(path), path: path)
        }
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: Self.configuration())
        } catch {
            throw StoreError(.cannotOpen, "\(path): cannot open the database: \(Self.describe(error))")
        }
        presumedIncomplete = []
        try setUp()
    }

    /// A private database in memory (tests, `--no-store` dry runs).
    public init() throws {
        path = nil
        isReadOnly = false
        presumedIncomplete = []
        do {
            dbQueue = try DatabaseQueue(configuration: Self.configuration())
        } catch {
            throw StoreError(.cannotOpen, "cannot open an in-memory database: \(Self.describe(error))")
        }
        try setUp()
    }

    private static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
            if mode != "memory", mode != "wal" {
                // A new file (an existing one was checked to be berth's or empty). 16 KiB pages
                // were measured faster than 4 KiB for batch inserts; they only take effect while
                // the file is empty. Switching to WAL needs the file to itself, so it is done
                // once, not on every open (which fails with "database is locked" while another
                // process writes).
                try db.execute(sql: "PRAGMA page_size = 16384")
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            if mode != "memory" {
                // Consistent after a crash in WAL mode; the last commits may be lost on power failure.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        return config
    }

    private static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        do {
            return try DatabaseQueue(path: path, configuration: config)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError(.cannotOpen, "\(path): not a berth database: \(describe(error))")
        } catch {
            throw StoreError(.cannotOpen, "\(path): cannot open the database: \(describe(error))")
        }
    }

    enum SchemaState { case empty, older, current }

    /// What the file holds, read without writing; throws for a file berth must not touch.
    /// A berth database is one whose `grdb_migrations` lists berth's migrations; tables
    /// a person added beside berth's are theirs and do not make it foreign.
    static func schemaState(of queue: DatabaseQueue, path: String) throws -> SchemaState {
        let (tables, applied): ([String], Set<String>)
        do {
            (tables, applied) = try queue.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                let applied = tables.contains("grdb_migrations") ? try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") : []
                return (tables, applied)
            }
        } catch {
            throw StoreError(.cannotOpen, "\(path): not a berth database: \(describe(error))")
        }
        if tables.isEmpty { return .empty }
        let known = migrator.migrations
        guard applied.contains(where: known.contains) else {
            throw StoreError(.cannotOpen, "\(path): not a berth database: it holds other tables (\(tables.prefix(3).joined(separator: ", ")))")
        }
        if let unknown = applied.sorted().first(where: { !known.contains($0) }) {
            throw StoreError(.tooNew, "\(path): the database was written by a newer berth (migration '\(unknown)'); upgrade berth")
        }
        return known.allSatisfy(applied.contains) ? .current : .older
    }

    /// The database copied into memory and migrated there, for reading only.
    private static func upgradedCopy(of file: DatabaseQueue, path: String) throws -> DatabaseQueue {
        do {
            let copy = try DatabaseQueue(configuration: configuration())
            try file.backup(to: copy)
            try migrator.migrate(copy)
            try copy.writeWithoutTransaction { try $0.execute(sql: "PRAGMA query_only = 1") }
            return copy
        } catch {
            throw StoreError(.cannotOpen, "\(path): cannot read this older database: \(describe(error))")
        }
    }

    private func setUp() throws {
        do {
            // Migrating takes the write lock: only when there is something to do, so that
            // opening a database while another process records a run does not wait for it.
            let pending = try dbQueue.read { db in
                !Set(Self.migrator.migrations).isSubset(of: try Self.migrator.appliedIdentifiers(db))
            }
            if pending { try Self.migrator.migrate(dbQueue) }
        } catch {
            throw StoreError(.cannotOpen, "\(path ?? ":memory:"): cannot set up the database: \(Self.describe(error))")
        }
        _ = try recoverInterruptedRuns()
    }

    /// Migrations, append-only: never edit one that has shipped; add the next.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: profiles and runs") { db in
            try db.execute(sql: """
                CREATE TABLE profiles (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    UNIQUE (name, version)
                );
                CREATE TABLE profile_provenance (
                    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                    field TEXT NOT NULL,
                    source TEXT NOT NULL CHECK (source IN ('given', 'person', 'answers-file', 'default', 'unknown')),
                    file TEXT,
                    line INTEGER,
                    "column" INTEGER,
                    PRIMARY KEY (profile_id, field)
                ) WITHOUT ROWID;
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete')),
                    pack TEXT NOT NULL,
                    as_of TEXT NOT NULL,
                    input_path TEXT NOT NULL,
                    input_format TEXT NOT NULL,
                    input_sha256 TEXT,
                    rows_total INTEGER NOT NULL DEFAULT 0,
                    rows_decided INTEGER NOT NULL DEFAULT 0,
                    rows_rejected INTEGER NOT NULL DEFAULT 0,
                    count_fargate INTEGER NOT NULL DEFAULT 0,
                    count_lambda INTEGER NOT NULL DEFAULT 0,
                    count_ecs_ec2 INTEGER NOT NULL DEFAULT 0,
                    count_eks INTEGER NOT NULL DEFAULT 0,
                    count_none INTEGER NOT NULL DEFAULT 0,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL
                );
                CREATE TABLE run_decisions (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    line INTEGER,
                    name TEXT NOT NULL,
                    recommendation TEXT,
                    profile TEXT NOT NULL,
                    fargate_score INTEGER NOT NULL,
                    fargate_excluded_by TEXT,
                    lambda_score INTEGER NOT NULL,
                    lambda_excluded_by TEXT,
                    ecs_ec2_score INTEGER NOT NULL,
                    ecs_ec2_excluded_by TEXT,
                    eks_score INTEGER NOT NULL,
                    eks_excluded_by TEXT,
                    reasons TEXT NOT NULL,
                    PRIMARY KEY (run_id, seq)
                ) WITHOUT ROWID;
                CREATE TABLE rejected_rows (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    line INTEGER,
                    "column" INTEGER,
                    field TEXT,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL,
                    name TEXT,
                    PRIMARY KEY (run_id, seq)
                ) WITHOUT ROWID;
                """)
        }
        // Each distinct outcome once, per-platform data in rows keyed by the platform id (a
        // new platform needs no migration), profiles as ids of distinct field values. v1
        // rows are converted: the same decisions read back through the same API.
        migrator.registerMigration("v2: outcomes and profile values") { db in
            try db.execute(sql: """
                CREATE TABLE outcomes (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    recommendation TEXT
                );
                CREATE TABLE outcome_platforms (
                    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
                    platform TEXT NOT NULL,
                    eligible INTEGER NOT NULL,
                    score INTEGER NOT NULL,
                    variant TEXT,
                    monthly_usd REAL,
                    PRIMARY KEY (outcome_id, platform)
                ) WITHOUT ROWID;
                CREATE TABLE outcome_rules (
                    outcome_id INTEGER NOT NULL REFERENCES outcomes(id) ON DELETE CASCADE,
                    platform TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    weight INTEGER,
                    PRIMARY KEY (outcome_id, platform, position)
                ) WITHOUT ROWID;
                CREATE TABLE profile_values (
                    id INTEGER PRIMARY KEY,
                    field TEXT NOT NULL,
                    value TEXT NOT NULL,
                    UNIQUE (field, value)
                );
                CREATE TABLE run_counts (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    platform TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (run_id, platform)
                ) WITHOUT ROWID;

                INSERT INTO run_counts (run_id, platform, count)
                    SELECT id, 'fargate', count_fargate FROM runs WHERE count_fargate > 0 UNION ALL
                    SELECT id, 'lambda', count_lambda FROM runs WHERE count_lambda > 0 UNION ALL
                    SELECT id, 'ecs-ec2', count_ecs_ec2 FROM runs WHERE count_ecs_ec2 > 0 UNION ALL
                    SELECT id, 'eks', count_eks FROM runs WHERE count_eks > 0;
                ALTER TABLE runs DROP COLUMN count_fargate;
                ALTER TABLE runs DROP COLUMN count_lambda;
                ALTER TABLE runs DROP COLUMN count_ecs_ec2;
                ALTER TABLE runs DROP COLUMN count_eks;

                -- v1 outcomes, told apart by one text of all their columns (quote() keeps NULL
                -- apart from '' and cannot be confused by commas).
                CREATE TEMP TABLE v1_outcomes (
                    id INTEGER PRIMARY KEY, v1 TEXT NOT NULL UNIQUE, recommendation TEXT, reasons TEXT,
                    fargate_score INTEGER, fargate_excluded_by TEXT, lambda_score INTEGER, lambda_excluded_by TEXT,
                    ecs_ec2_score INTEGER, ecs_ec2_excluded_by TEXT, eks_score INTEGER, eks_excluded_by TEXT
                );
                INSERT OR IGNORE INTO v1_outcomes (v1, recommendation, reasons, fargate_score, fargate_excluded_by,
                        lambda_score, lambda_excluded_by, ecs_ec2_score, ecs_ec2_excluded_by, eks_score, eks_excluded_by)
                    SELECT quote(recommendation) || ',' || fargate_score || ',' || quote(fargate_excluded_by) || ',' ||
                            lambda_score || ',' || quote(lambda_excluded_by) || ',' || ecs_ec2_score || ',' ||
                            quote(ecs_ec2_excluded_by) || ',' || eks_score || ',' || quote(eks_excluded_by) || ',' || quote(reasons),
                        recommendation, reasons, fargate_score, fargate_excluded_by, lambda_score, lambda_excluded_by,
                        ecs_ec2_score, ecs_ec2_excluded_by, eks_score, eks_excluded_by
                    FROM run_decisions;
                CREATE TEMP TABLE v1_platforms AS
                    SELECT id, 0 AS rank, 'fargate' AS platform, fargate_score AS score, fargate_excluded_by AS excluded_by,
                        json_extract(reasons, '$.fargate') AS scoring FROM v1_outcomes UNION ALL
                    SELECT id, 1, 'lambda', lambda_score, lambda_excluded_by, json_extract(reasons, '$.lambda') FROM v1_outcomes UNION ALL
                    SELECT id, 2, 'ecs-ec2', ecs_ec2_score, ecs_ec2_excluded_by, json_extract(reasons, '$."ecs-ec2"') FROM v1_outcomes UNION ALL
                    SELECT id, 3, 'eks', eks_score, eks_excluded_by, json_extract(reasons, '$.eks') FROM v1_outcomes;

                INSERT INTO outcome_platforms (outcome_id, platform, eligible, score)
                    SELECT id, platform, excluded_by IS NULL, score FROM v1_platforms;
                -- Excluding rules first (comma-separated in v1), then the scoring ones in order.
                INSERT INTO outcome_rules (outcome_id, platform, position, rule, weight)
                    SELECT p.id, p.platform, e.key, e.value, NULL
                    FROM v1_platforms p, json_each('["' || replace(p.excluded_by, ',', '","') || '"]') e
                    WHERE p.excluded_by != ''
                    UNION ALL
                    SELECT p.id, p.platform,
                        CASE WHEN coalesce(p.excluded_by, '') = '' THEN 0
                             ELSE length(p.excluded_by) - length(replace(p.excluded_by, ',', '')) + 1 END
                            + row_number() OVER (PARTITION BY p.id, p.platform ORDER BY s.id) - 1,
                        s.key, s.value
                    FROM v1_platforms p, json_each(p.scoring) s;
                -- The key RunRecorder.outcomeKey writes, so later runs share these outcomes.
                INSERT INTO outcomes (id, key, recommendation)
                    SELECT o.id, coalesce(o.recommendation, '') || (
                            SELECT group_concat(part, '') FROM (
                                SELECT '|' || p.platform || ':' || p.score || ':' ||
                                    CASE WHEN p.excluded_by IS NULL THEN '+' ELSE coalesce((
                                        SELECT group_concat(rule, ',') FROM (SELECT rule FROM outcome_rules
                                        WHERE outcome_id = o.id AND platform = p.platform AND weight IS NULL ORDER BY position)), '') END
                                    || ':' || coalesce((
                                        SELECT group_concat(rule || '=' || weight, ',') FROM (SELECT rule, weight FROM outcome_rules
                                        WHERE outcome_id = o.id AND platform = p.platform AND weight IS NOT NULL ORDER BY position)), '') AS part
                                FROM v1_platforms p WHERE p.id = o.id ORDER BY p.rank)),
                        o.recommendation
                    FROM v1_outcomes o;

                -- Given fields but name and description, as JSON text; labels as labels.KEY.
                INSERT OR IGNORE INTO profile_values (field, value)
                    SELECT j.key, CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN 'null'
                        ELSE json_quote(j.value) END
                    FROM run_decisions d, json_each(d.profile) j WHERE j.key NOT IN ('name', 'description', 'labels')
                    UNION ALL
                    SELECT 'labels.' || j.key, json_quote(j.value) FROM run_decisions d, json_each(d.profile, '$.labels') j;

                CREATE TABLE decisions_v2 (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    line INTEGER,
                    name TEXT NOT NULL,
                    description TEXT,
                    outcome_id INTEGER NOT NULL REFERENCES outcomes(id),
                    value_ids TEXT NOT NULL,
                    PRIMARY KEY (run_id, seq)
                ) WITHOUT ROWID;
                INSERT INTO decisions_v2 (run_id, seq, line, name, description, outcome_id, value_ids)
                    SELECT d.run_id, d.seq, d.line, d.name, json_extract(d.profile, '$.description'), o.id,
                        '[' || coalesce((SELECT group_concat(v.id, ',') FROM (
                            SELECT j.key AS field,
                                CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN 'null'
                                    ELSE json_quote(j.value) END AS value
                            FROM json_each(d.profile) j WHERE j.key NOT IN ('name', 'description', 'labels')
                            UNION ALL
                            SELECT 'labels.' || j.key, json_quote(j.value) FROM json_each(d.profile, '$.labels') j) f
                            JOIN profile_values v ON v.field = f.field AND v.value = f.value), '') || ']'
                    FROM run_decisions d JOIN v1_outcomes o ON o.v1 = quote(d.recommendation) || ',' || d.fargate_score || ',' ||
                        quote(d.fargate_excluded_by) || ',' || d.lambda_score || ',' || quote(d.lambda_excluded_by) || ',' ||
                        d.ecs_ec2_score || ',' || quote(d.ecs_ec2_excluded_by) || ',' || d.eks_score || ',' ||
                        quote(d.eks_excluded_by) || ',' || quote(d.reasons);
                DROP TABLE v1_platforms;
                DROP TABLE v1_outcomes;
                DROP TABLE run_decisions;
                ALTER TABLE decisions_v2 RENAME TO run_decisions;
                """)
        }
        // Imported values (berth import) keep the rule that converted them; the CHECK on
        // `source` gains 'imported', which SQLite can only change by rebuilding the table.
        migrator.registerMigration("v3: imported provenance") { db in
            try db.execute(sql: """
                CREATE TABLE profile_provenance_v3 (
                    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                    field TEXT NOT NULL,
                    source TEXT NOT NULL CHECK (source IN ('given', 'person', 'answers-file', 'imported', 'default', 'unknown')),
                    file TEXT,
                    line INTEGER,
                    "column" INTEGER,
                    rule TEXT,
                    PRIMARY KEY (profile_id, field)
                ) WITHOUT ROWID;
                INSERT INTO profile_provenance_v3 (profile_id, field, source, file, line, "column")
                    SELECT profile_id, field, source, file, line, "column" FROM profile_provenance;
                DROP TABLE profile_provenance;
                ALTER TABLE profile_provenance_v3 RENAME TO profile_provenance;
                """)
        }
        // What the report needs, stored when a run is recorded so that it never decides again:
        // each decision's assumptions and undecided rules (each distinct set once, as outcomes
        // are), an outcome's judgement call and each platform's unverified requirements.
        // Earlier rows keep NULL there: "not recorded", never guessed. From v4 on,
        // `outcome_platforms.monthly_usd` is written for every feasible priced platform.
        migrator.registerMigration("v4: stored assumptions") { db in
            try db.execute(sql: """
                CREATE TABLE assumption_sets (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE
                );
                CREATE TABLE assumption_items (
                    set_id INTEGER NOT NULL REFERENCES assumption_sets(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('default', 'unknown', 'undecided')),
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (set_id, position)
                ) WITHOUT ROWID;
                ALTER TABLE run_decisions ADD COLUMN assumptions_id INTEGER REFERENCES assumption_sets(id);
                ALTER TABLE outcomes ADD COLUMN judgement_call INTEGER;
                ALTER TABLE outcome_platforms ADD COLUMN unverified TEXT;
                """)
        }
        return migrator
    }

    /// Migration identifiers applied to this database, in order.
    public func appliedMigrations() throws -> [String] {
        try read { db in try Self.migrator.appliedMigrations(db) }
    }

    // MARK: Interrupted runs

    /// Run ids being recorded by this process right now (never "recovered").
    static let activeRuns = Mutex(Set<Int64>())

    static var hostName: String { ProcessInfo.processInfo.hostName }

    /// Marks `running` runs whose recording process is gone as `incomplete` and returns
    /// their ids. A run belongs to a live process when it was started on this host by a
    /// process id that still exists (and, for this very process, is still being recorded).
    /// Runs from other hosts are left alone.
    @discardableResult
    public func recoverInterruptedRuns() throws -> [Int64] {
        // Decide from a read; write only when there is a run to mark, so that opening the
        // database while another process records a run does not need the write lock.
        let interrupted = try Self.interruptedRuns(in: dbQueue)
        guard !interrupted.isEmpty else { return [] }
        try write { db in
            for id in interrupted {
                try db.execute(sql: "UPDATE runs SET status = 'incomplete' WHERE id = ? AND status = 'running'", arguments: [id])
            }
        }
        return interrupted
    }

    /// The `running` runs whose recording process is gone.
    static func interruptedRuns(in queue: DatabaseQueue) throws -> [Int64] {
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT id, host, pid FROM runs WHERE status = 'running'") }
        let me = Int64(getpid())
        return rows.compactMap { row -> Int64? in
            let id: Int64 = row["id"]
            let host: String = row["host"]
            let pid: Int64 = row["pid"]
            guard host == hostName else { return nil }
            let alive: Bool
            if pid == me {
                alive = activeRuns.withLock { $0.contains(id) }
            } else {
                alive = kill(pid_t(truncatingIfNeeded: pid), 0) == 0 || errno == EPERM
            }
            return alive ? nil : id
        }
    }

    // MARK: Plumbing

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try dbQueue.read(body) } catch let error as StoreError { throw error } catch { throw Self.wrap(error) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try refuseIfReadOnly()
        do { return try dbQueue.write(body) } catch let error as StoreError { throw error } catch { throw Self.wrap(error) }
    }

    func refuseIfReadOnly() throws {
        if isReadOnly { throw StoreError(.misuse, "\(path ?? ":memory:"): opened read-only") }
    }

    static func wrap(_ error: Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return StoreError(.sqlite, describe(error))
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

import GRDBSQLite

extension AppDatabase {
    /// Bytes SQLite has held at most in this process (for the benchmark's memory report).
    public static var sqliteMemoryHighwater: Int64 { sqlite3_memory_highwater(0) }
}

/// Checks on a database file, for tests and `berth doctor`-style commands.
public enum DatabaseCheck {
    /// SQLite's `PRAGMA integrity_check` result: "ok" when the file is sound.
    public static func integrity(path: String) throws -> String {
        do {
            var config = Configuration()
            config.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: config)
            return try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } ?? "no answer"
        } catch {
            throw AppDatabase.wrap(error)
        }
    }
}
