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

    public var description: String {
        switch self {
        case .field(let name, let before, let after):
            return "\(name): \(before ?? "(default)") -> \(after ?? "(default)")"
        case .pack(let before, let after): return "rule pack: \(before) -> \(after)"
        case .asOf(let before, let after): return "as-of date: \(before) -> \(after)"
        case .ruleNowFires(let rule, let platform, let effect): return "\(rule) now fires on \(platform.rawValue) (\(effect))"
        case .ruleNoLongerFires(let rule, let platform, let effect): return "\(rule) no longer fires on \(platform.rawValue) (\(effect))"
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
    /// Services only in `to`, with their recommendation there.
    public var addedServices: [Entry]
    /// Services only in `from`, with their recommendation there.
    public var removedServices: [Entry]
    public var changed: [ChangedService]

    public struct Entry: Hashable, Sendable {
        public var name: String
        public var recommendation: Platform?
    }

    public var isEmpty: Bool { addedServices.isEmpty && removedServices.isEmpty && changed.isEmpty }
}

extension AppDatabase {
    /// Compares two runs by service name: added, removed, and those whose recommendation
    /// changed, each with the reasons (profile fields, pack, as-of date, rules that fire
    /// or no longer do). Lists are sorted by name.
    public func diff(from fromID: Int64, to toID: Int64) throws -> RunDiff {
        guard let from = try run(id: fromID) else { throw StoreError(.notFound, "no run \(fromID)") }
        guard let to = try run(id: toID) else { throw StoreError(.notFound, "no run \(toID)") }
        return try read { db in
            func entries(onlyIn a: Int64, notIn b: Int64) throws -> [RunDiff.Entry] {
                try Row.fetchAll(db, sql: """
                    SELECT x.name, x.recommendation FROM run_decisions x
                    WHERE x.run_id = ?1 AND NOT EXISTS (SELECT 1 FROM run_decisions y WHERE y.run_id = ?2 AND y.name = x.name)
                    ORDER BY x.name
                    """, arguments: [a, b]).map { RunDiff.Entry(name: $0[0], recommendation: ($0[1] as String?).flatMap(Platform.init(rawValue:))) }
            }
            let added = try entries(onlyIn: toID, notIn: fromID)
            let removed = try entries(onlyIn: fromID, notIn: toID)
            let pairs = try Row.fetchAll(db, sql: """
                SELECT a.name, a.recommendation, b.recommendation, a.profile, b.profile, a.reasons, b.reasons,
                       a.fargate_excluded_by, a.lambda_excluded_by, a.ecs_ec2_excluded_by, a.eks_excluded_by,
                       b.fargate_excluded_by, b.lambda_excluded_by, b.ecs_ec2_excluded_by, b.eks_excluded_by
                FROM run_decisions a JOIN run_decisions b ON b.run_id = ?2 AND b.name = a.name
                WHERE a.run_id = ?1 AND a.recommendation IS NOT b.recommendation
                ORDER BY a.name
                """, arguments: [fromID, toID])
            var changed: [ChangedService] = []
            for pair in pairs {
                var reasons: [ChangeReason] = []
                let before: [String: String] = try Self.flatten(db, json: pair[3])
                let after: [String: String] = try Self.flatten(db, json: pair[4])
                for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
                    reasons.append(.field(key, before: before[key], after: after[key]))
                }
                if from.pack != to.pack { reasons.append(.pack(before: from.pack, after: to.pack)) }
                if from.asOf != to.asOf { reasons.append(.asOf(before: from.asOf, after: to.asOf)) }
                let firedBefore = try Self.firedRules(db, json: pair[5], excludedBy: (7...10).map { pair[$0] })
                let firedAfter = try Self.firedRules(db, json: pair[6], excludedBy: (11...14).map { pair[$0] })
                for fired in firedAfter where !firedBefore.contains(fired) {
                    reasons.append(.ruleNowFires(rule: fired.rule, platform: fired.platform, effect: fired.effect))
                }
                for fired in firedBefore where !firedAfter.contains(fired) {
                    reasons.append(.ruleNoLongerFires(rule: fired.rule, platform: fired.platform, effect: fired.effect))
                }
                changed.append(ChangedService(name: pair[0], before: (pair[1] as String?).flatMap(Platform.init(rawValue:)),
                                              after: (pair[2] as String?).flatMap(Platform.init(rawValue:)), reasons: reasons))
            }
            return RunDiff(from: from, to: to, addedServices: added, removedServices: removed, changed: changed)
        }
    }

    /// A stored profile's given fields as `field` / `labels.KEY` -> text, read with SQLite's JSON functions.
    static func flatten(_ db: Database, json: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let rows = try Row.fetchAll(db, sql: """
            SELECT key, CASE WHEN type = 'text' THEN value WHEN type IN ('true', 'false', 'null') THEN type ELSE json_quote(value) END
            FROM json_each(?1) WHERE key != 'labels'
            UNION ALL
            SELECT 'labels.' || key, value FROM json_each(?1, '$.labels')
            """, arguments: [json])
        for row in rows {
            let key: String = row[0]
            let value: String? = row[1]
            out[key] = value ?? "null"
        }
        return out
    }

    struct Fired: Hashable, Comparable {
        var platform: Platform
        var rule: String
        var effect: String
        static func < (a: Fired, b: Fired) -> Bool { (a.platform, a.rule, a.effect) < (b.platform, b.rule, b.effect) }
    }

    /// Rules that fired in one decision: the scoring ones from `reasons`, the excluding
    /// ones from the `*_excluded_by` columns (fargate, lambda, ecs-ec2, eks order).
    static func firedRules(_ db: Database, json: String, excludedBy: [String?]) throws -> [Fired] {
        var fired = try Row.fetchAll(db, sql: """
            SELECT p.key, r.key, CASE WHEN r.value >= 0 THEN 'prefer ' || r.value ELSE 'penalise ' || r.value END
            FROM json_each(?1) p, json_each(p.value) r
            """, arguments: [json]).compactMap { row -> Fired? in
            guard let platform = Platform(rawValue: row[0]) else { return nil }
            return Fired(platform: platform, rule: row[1], effect: row[2])
        }
        let columns: [Platform] = [.fargate, .lambda, .ecsEC2, .eks]
        for (platform, rules) in zip(columns, excludedBy) {
            for rule in (rules ?? "").split(separator: ",") {
                fired.append(Fired(platform: platform, rule: String(rule), effect: "exclude"))
            }
        }
        return fired.sorted()
    }
}
