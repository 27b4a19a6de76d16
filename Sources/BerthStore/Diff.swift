import BerthCore
import Foundation
import GRDB

/// Why a service's recommendation differs between two runs.
public enum ChangeReason: Hashable, Sendable, CustomStringConvertible {
    /// A profile field (or `labels.KEY`) given differently; nil means not given (default).
    case field(String, before: String?, after: String?)
    case pack(before: String, after: String)
    case asOf(before: String, after: String)
    /// A rule that fires for a platform in the later run but did not in the earlier one.
    case ruleNowFires(rule: String, platform: Platform, effect: String)
    case ruleNoLongerFires(rule: String, platform: Platform, effect: String)
    /// The recommendation's monthly compute cost (USD; nil: not priced).
    case monthlyCost(before: Double?, after: Double?)

    public var description: String {
        switch self {
        case .field(let name, let before, let after):
            return "\(name): \(before ?? "(default)") -> \(after ?? "(default)")"
        case .pack(let before, let after): return "rule pack: \(before) -> \(after)"
        case .asOf(let before, let after): return "as-of date: \(before) -> \(after)"
        case .ruleNowFires(let rule, let platform, let effect): return "\(rule) now fires on \(platform.rawValue) (\(effect))"
        case .ruleNoLongerFires(let rule, let platform, let effect): return "\(rule) no longer fires on \(platform.rawValue) (\(effect))"
        case .monthlyCost(let before, let after):
            return "monthly cost: \(before.map { "$" + Value.format($0) } ?? "(not priced)") -> \(after.map { "$" + Value.format($0) } ?? "(not priced)")"
        }
    }
}

public struct ChangedService: Hashable, Sendable {
    public var name: String
    public var before: Platform?
    public var after: Platform?
    public var reasons: [ChangeReason]
}

/// What changed from run `from` to run `to`.
public struct RunDiff: Hashable, Sendable {
    public var from: RunRecord
    public var to: RunRecord
    /// Services decided in `to` and not named in `from` at all, with their recommendation.
    public var addedServices: [Entry]
    /// Services decided in `from` and not named in `to` at all, with their recommendation there.
    public var removedServices: [Entry]
    /// Services rejected in `from` and decided in `to`: the recommendation in `to`, the rejection in `from`.
    public var nowDecided: [Entry] = []
    /// Services decided in `from` and rejected in `to`: the recommendation in `from`, the rejection in `to`.
    public var nowRejected: [Entry] = []
    public var changed: [ChangedService]

    public struct Entry: Hashable, Sendable {
        public var name: String
        public var recommendation: Platform?
        /// The row's rejection in the run where it was not decided (`nowDecided`, `nowRejected`).
        public var rejection: Rejection? = nil

        public init(name: String, recommendation: Platform?, rejection: Rejection? = nil) {
            self.name = name
            self.recommendation = recommendation
            self.rejection = rejection
        }
    }

    public struct Rejection: Hashable, Sendable {
        public var line: Int?
        public var field: String?
        public var code: String
        public var message: String
    }

    /// What changed for every service at once: the pack and the as-of date, said once
    /// rather than under each service.
    public var runChanges: [ChangeReason] {
        var reasons: [ChangeReason] = []
        if from.pack != to.pack { reasons.append(.pack(before: from.pack, after: to.pack)) }
        if from.asOf != to.asOf { reasons.append(.asOf(before: from.asOf, after: to.asOf)) }
        return reasons
    }

    public var isEmpty: Bool {
        addedServices.isEmpty && removedServices.isEmpty && nowDecided.isEmpty && nowRejected.isEmpty && changed.isEmpty
    }
}

extension AppDatabase {
    /// Compares two runs by service name: added, removed, decided now though rejected
    /// before (and the reverse), and those whose recommendation or its monthly cost changed,
    /// each with its own reasons (profile fields, rules that fire or no longer do, the cost;
    /// the pack and as-of date are `runChanges`). Lists are sorted by name (byte order, as
    /// SQLite sorts).
    ///
    /// One pass over both runs sorted by name: a sort of each run, not a lookup per row.
    /// Rejected rows are looked up by name, so a row rejected in one run and decided in the
    /// other is neither added nor removed.
    public func diff(from fromID: Int64, to toID: Int64) throws -> RunDiff {
        guard let from = try run(id: fromID) else { throw StoreError(.notFound, "no run \(fromID)") }
        guard let to = try run(id: toID) else { throw StoreError(.notFound, "no run \(toID)") }
        return try read { db in
            let reader = DecisionReader(db)
            let sql = "SELECT name, description, outcome_id, value_ids FROM run_decisions WHERE run_id = ? ORDER BY name"
            let before = try Row.fetchCursor(db, sql: sql, arguments: [fromID])
            let after = try Row.fetchCursor(db, sql: sql, arguments: [toID])
            let (rejectedBefore, rejectedAfter) = (try Self.rejections(db, runID: fromID), try Self.rejections(db, runID: toID))
            var added: [RunDiff.Entry] = []
            var removed: [RunDiff.Entry] = []
            var nowDecided: [RunDiff.Entry] = []
            var nowRejected: [RunDiff.Entry] = []
            var changed: [ChangedService] = []
            var a = try before.next()
            var b = try after.next()
            while a != nil || b != nil {
                let order: Int
                if let a, let b {
                    let (x, y) = ((a["name"] as String).utf8, (b["name"] as String).utf8)
                    order = x.elementsEqual(y) ? 0 : (x.lexicographicallyPrecedes(y) ? -1 : 1)
                } else {
                    order = a == nil ? 1 : -1
                }
                if order < 0, let row = a {
                    let entry = RunDiff.Entry(name: row["name"], recommendation: try reader.outcome(row["outcome_id"]).recommendation)
                    if let rejection = rejectedAfter[entry.name] {
                        nowRejected.append(RunDiff.Entry(name: entry.name, recommendation: entry.recommendation, rejection: rejection))
                    } else {
                        removed.append(entry)
                    }
                    a = try before.next()
                } else if order > 0, let row = b {
                    let entry = RunDiff.Entry(name: row["name"], recommendation: try reader.outcome(row["outcome_id"]).recommendation)
                    if let rejection = rejectedBefore[entry.name] {
                        nowDecided.append(RunDiff.Entry(name: entry.name, recommendation: entry.recommendation, rejection: rejection))
                    } else {
                        added.append(entry)
                    }
                    b = try after.next()
                } else if let old = a, let new = b {
                    let (oldOutcome, newOutcome) = (try reader.outcome(old["outcome_id"]), try reader.outcome(new["outcome_id"]))
                    if oldOutcome.recommendation != newOutcome.recommendation || oldOutcome.monthlyUSD != newOutcome.monthlyUSD {
                        changed.append(try Self.change(old, new, oldOutcome, newOutcome, reader: reader))
                    }
                    a = try before.next()
                    b = try after.next()
                }
            }
            return RunDiff(from: from, to: to, addedServices: added, removedServices: removed,
                           nowDecided: nowDecided, nowRejected: nowRejected, changed: changed)
        }
    }

    /// A run's rejected rows that carry a name, by name (the first, when a name is rejected twice).
    private static func rejections(_ db: Database, runID: Int64) throws -> [String: RunDiff.Rejection] {
        var byName: [String: RunDiff.Rejection] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT name, line, field, code, message FROM rejected_rows WHERE run_id = ? AND name IS NOT NULL ORDER BY seq
            """, arguments: [runID])
        while let row = try rows.next() {
            let name: String = row["name"]
            if byName[name] == nil {
                byName[name] = RunDiff.Rejection(line: row["line"], field: row["field"], code: row["code"], message: row["message"])
            }
        }
        return byName
    }

    private static func change(_ old: Row, _ new: Row, _ oldOutcome: StoredOutcome, _ newOutcome: StoredOutcome,
                               reader: DecisionReader) throws -> ChangedService {
        let name: String = new["name"]
        var reasons: [ChangeReason] = []
        let before = try reader.texts(name: name, description: old["description"], valueIDs: old["value_ids"])
        let after = try reader.texts(name: name, description: new["description"], valueIDs: new["value_ids"])
        for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
            reasons.append(.field(key, before: before[key], after: after[key]))
        }
        let (firedBefore, firedAfter) = (oldOutcome.fired, newOutcome.fired)
        for fired in firedAfter where !firedBefore.contains(fired) {
            reasons.append(.ruleNowFires(rule: fired.rule, platform: fired.platform, effect: fired.effect))
        }
        for fired in firedBefore where !firedAfter.contains(fired) {
            reasons.append(.ruleNoLongerFires(rule: fired.rule, platform: fired.platform, effect: fired.effect))
        }
        if oldOutcome.monthlyUSD != newOutcome.monthlyUSD {
            reasons.append(.monthlyCost(before: oldOutcome.monthlyUSD, after: newOutcome.monthlyUSD))
        }
        return ChangedService(name: name, before: oldOutcome.recommendation, after: newOutcome.recommendation, reasons: reasons)
    }

    struct Fired: Hashable, Comparable {
        var platform: Platform
        var rule: String
        var effect: String
        static func < (a: Fired, b: Fired) -> Bool { (a.platform, a.rule, a.effect) < (b.platform, b.rule, b.effect) }
    }
}
