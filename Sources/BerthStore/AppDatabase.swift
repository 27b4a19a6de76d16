import BerthCore
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// berth's SQLite database: stored profiles (with history) and batch runs (with every
/// decision and every rejected row). One instance owns one connection; every write is a
/// named, transactional method here or in `RunRecorder`. The schema is in docs/database.md.
public final class AppDatabase: @unchecked Sendable {
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
    /// file itself is upgraded by the next writing open.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        isReadOnly = readOnly
        if readOnly {
            let file = try Self.openReadOnly(path)
            switch try Self.schemaState(of: file, path: path) {
            case .current:
                dbQueue = file
            case .empty, .older:
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
        return migrator
    }

    /// Migration identifiers applied to this database, in order.
    public func appliedMigrations() throws -> [String] {
        try read { db in try Self.migrator.appliedMigrations(db) }
    }

    // MARK: Interrupted runs

    /// Run ids being recorded by this process right now (never "recovered").
    nonisolated(unsafe) static var activeRuns = Set<Int64>()
    static let activeRunsLock = NSLock()

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
                activeRunsLock.lock()
                alive = activeRuns.contains(id)
                activeRunsLock.unlock()
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
