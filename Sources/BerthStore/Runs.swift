import BerthCore
import Foundation
import GRDB

/// One batch run, as `runs list` and `runs show` print it.
public struct RunRecord: Hashable, Sendable {
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
    /// Recommendations by platform (platforms recommended for no row are absent).
    public var counts: [Platform: Int]
    public var countNone: Int
    public var host: String
    public var pid: Int64

    public func count(for platform: Platform) -> Int { counts[platform] ?? 0 }

    init(row: Row, counts: [Platform: Int]) {
        id = row["id"]
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        status = row["status"]
        pack = row["pack"]
        asOf = row["as_of"]
        inputPath = row["input_path"]
        inputFormat = row["input_format"]
        inputSHA256 = row["input_sha256"]
        rowsTotal = row["rows_total"]
        rowsDecided = row["rows_decided"]
        rowsRejected = row["rows_rejected"]
        self.counts = counts
        countNone = row["count_none"]
        host = row["host"]
        pid = row["pid"]
    }
}

/// One stored decision of a run.
public struct StoredDecision: Hashable, Sendable {
    public var runID: Int64
    public var seq: Int
    public var line: Int?
    public var name: String
    public var recommendation: Platform?
    /// Each platform's best variant, where it has one (runs before variants have none).
    public var variants: [Platform: Variant] = [:]
    /// The recommendation's variant.
    public var variant: Variant? { recommendation.flatMap { variants[$0] } }
    /// Given fields as JSON, keys sorted (what a profile file would hold).
    public var profile: String
    public var scores: [Platform: Int]
    /// Rule ids that excluded each ineligible platform (absent: eligible).
    public var excludedBy: [Platform: [String]]
    /// Preferences that fired: `{"platform":{"rule":step}}`, step 1 the procedure's first
    /// (exclusions are in `excludedBy`).
    public var reasons: String
    /// The recommendation's monthly compute cost in USD; nil when not priced (usage unknown,
    /// or a run stored before costs were).
    public var monthlyUSD: Double? = nil
    /// Each feasible platform's monthly compute cost, where priced (runs before v4 priced
    /// the recommendation only).
    public var costs: [Platform: Double] = [:]
    /// The assumptions and undecided rules the decision rested on; nil for a run stored before
    /// they were recorded (v4).
    public var assumptions: [StoredAssumption]? = nil
    /// Whether nothing stated separated the recommendation from the runner-up; nil before v4.
    public var judgementCall: Bool? = nil
    /// The recommendation's requirements no fact confirmed; nil before v4.
    public var unverified: [String]? = nil

    public func isEligible(_ platform: Platform) -> Bool { excludedBy[platform] == nil }
}

/// One assumption of a stored decision (`assumption_items`).
public struct StoredAssumption: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// A field not given whose default was used.
        case `default`
        /// A field not given that has no default.
        case unknown
        /// A rule that could not be decided because it read an unknown value.
        case undecided
    }

    public var kind: Kind
    /// The field; for `undecided`, the rule.
    public var name: String
    /// For `default`, the value used as a profile would write it; for `undecided`, the
    /// unknown fields it read, comma-separated; empty for `unknown`.
    public var value: String

    public init(kind: Kind, name: String, value: String) {
        self.kind = kind
        self.name = name
        self.value = value
    }
}

/// A stored outcome, as decisions share it.
struct StoredOutcome {
    var recommendation: Platform?
    var variants: [Platform: Variant] = [:]
    var scores: [Platform: Int] = [:]
    var excludedBy: [Platform: [String]] = [:]
    /// Preferences by platform, in the order they fired, with their step's number.
    var scoring: [Platform: [(rule: String, weight: Int)]] = [:]
    var reasons = ""
    /// The recommendation's monthly cost (stored on its platform's row).
    var monthlyUSD: Double?
    var costs: [Platform: Double] = [:]
    var judgementCall: Bool?
    var unverified: [Platform: [String]]?

    /// Every rule that fired, with its effect as `diff` names it, sorted.
    var fired: [AppDatabase.Fired] {
        var fired: [AppDatabase.Fired] = []
        for (platform, rules) in excludedBy { fired += rules.map { .init(platform: platform, rule: $0, effect: "exclude") } }
        for (platform, rules) in scoring {
            fired += rules.map { .init(platform: platform, rule: $0.rule, effect: "prefer at step " + String($0.weight)) }
        }
        return fired.sorted()
    }
}

/// One stored profile value: `field` (`labels.KEY` for a label) and its JSON text.
struct StoredValue {
    var field: String
    var json: String
    /// The value as `diff` prints it: strings without quotes, other values as JSON.
    var text: String
}

/// Reads decisions back: the outcomes and profile values rows refer to are read once and
/// remembered (at most `limit` of each; they are few in practice).
final class DecisionReader {
    private let db: Database
    private var outcomes: [Int64: StoredOutcome] = [:]
    private var values: [Int64: StoredValue] = [:]
    private var assumptionSets: [Int64: [StoredAssumption]] = [:]
    private let limit = 1 << 16
    private var json = JSONWriter()

    /// The columns `decision(_:)` reads, for a SELECT on `run_decisions`.
    static let columns = "run_id, seq, line, name, description, outcome_id, value_ids, assumptions_id"

    init(_ db: Database) { self.db = db }

    func decision(_ row: Row) throws -> StoredDecision {
        let outcome = try self.outcome(row["outcome_id"])
        return StoredDecision(runID: row["run_id"], seq: row["seq"], line: row["line"], name: row["name"],
                              recommendation: outcome.recommendation, variants: outcome.variants,
                              profile: try profile(name: row["name"], description: row["description"], valueIDs: row["value_ids"]),
                              scores: outcome.scores, excludedBy: outcome.excludedBy, reasons: outcome.reasons,
                              monthlyUSD: outcome.monthlyUSD, costs: outcome.costs,
                              assumptions: try (row["assumptions_id"] as Int64?).map(assumptions),
                              judgementCall: outcome.judgementCall,
                              unverified: outcome.unverified.map { u in outcome.recommendation.map { u[$0] ?? [] } ?? [] })
    }

    func assumptions(_ id: Int64) throws -> [StoredAssumption] {
        if let known = assumptionSets[id] { return known }
        let items = try Row.fetchAll(db.cachedStatement(sql: "SELECT kind, name, value FROM assumption_items WHERE set_id = ? ORDER BY position"),
                                     arguments: [id]).map { row in
            StoredAssumption(kind: StoredAssumption.Kind(rawValue: row["kind"]) ?? .unknown, name: row["name"], value: row["value"])
        }
        if assumptionSets.count >= limit { assumptionSets.removeAll(keepingCapacity: true) }
        assumptionSets[id] = items
        return items
    }

    func outcome(_ id: Int64) throws -> StoredOutcome {
        if let known = outcomes[id] { return known }
        var outcome = StoredOutcome()
        let head = try Row.fetchOne(db.cachedStatement(sql: "SELECT recommendation, judgement_call FROM outcomes WHERE id = ?"), arguments: [id])
        outcome.recommendation = (head?["recommendation"] as String?).flatMap(Platform.init(rawValue:))
        outcome.judgementCall = head?["judgement_call"]
        // Platforms this build does not know (added by a newer berth) are left out.
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT platform, eligible, score, variant, monthly_usd, unverified FROM outcome_platforms WHERE outcome_id = ?"),
                                    arguments: [id]) {
            guard let platform = Platform(rawValue: row["platform"]) else { continue }
            if platform == outcome.recommendation { outcome.monthlyUSD = row["monthly_usd"] }
            if let usd: Double = row["monthly_usd"] { outcome.costs[platform] = usd }
            if let unverified: String = row["unverified"] {
                outcome.unverified = outcome.unverified ?? [:]
                outcome.unverified?[platform] = unverified.isEmpty ? [] : unverified.split(separator: ",").map(String.init)
            }
            outcome.scores[platform] = row["score"]
            if !(row["eligible"] as Bool) { outcome.excludedBy[platform] = [] }
            if let id: String = row["variant"], let variant = Variant(platform: platform, id: id) { outcome.variants[platform] = variant }
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT platform, rule, weight FROM outcome_rules WHERE outcome_id = ? ORDER BY platform, position
            """), arguments: [id]) {
            guard let platform = Platform(rawValue: row["platform"]) else { continue }
            if let weight: Int = row["weight"] {
                outcome.scoring[platform, default: []].append((row["rule"], weight))
            } else {
                outcome.excludedBy[platform, default: []].append(row["rule"])
            }
        }
        // As v1 stored them: platforms by id, rules in the order they fired.
        json.reset()
        json.byte(0x7B)
        for (i, platform) in outcome.scoring.keys.sorted(by: { $0.rawValue < $1.rawValue }).enumerated() {
            if i > 0 { json.byte(0x2C) }
            json.string(platform.rawValue)
            json.raw(":{")
            for (j, rule) in (outcome.scoring[platform] ?? []).enumerated() {
                if j > 0 { json.byte(0x2C) }
                json.string(rule.rule)
                json.byte(0x3A)
                json.int(rule.weight)
            }
            json.byte(0x7D)
        }
        json.byte(0x7D)
        outcome.reasons = String(decoding: json.bytes, as: UTF8.self)
        if outcomes.count >= limit { outcomes.removeAll(keepingCapacity: true) }
        outcomes[id] = outcome
        return outcome
    }

    /// A row's profile values as `diff` prints them, by field (`labels.KEY` for labels),
    /// name and description included.
    func texts(name: String, description: String?, valueIDs: String) throws -> [String: String] {
        var out = ["name": name]
        if let description { out["description"] = description }
        for id in Self.ids(valueIDs) {
            let value = try self.value(id)
            out[value.field] = value.text
        }
        return out
    }

    /// The given fields as JSON, byte for byte what the profile's compact JSON was:
    /// keys sorted, labels as one object.
    func profile(name: String, description: String?, valueIDs: String) throws -> String {
        var top: [(key: String, json: String?)] = [("name", nil)]
        if description != nil { top.append(("description", nil)) }
        var labels: [(key: String, json: String)] = []
        for id in Self.ids(valueIDs) {
            let value = try self.value(id)
            if value.field.hasPrefix("labels.") {
                labels.append((String(value.field.dropFirst(7)), value.json))
            } else {
                top.append((value.field, value.json))
            }
        }
        if !labels.isEmpty { top.append(("labels", nil)) }
        top.sort { $0.key < $1.key }
        labels.sort { $0.key < $1.key }
        json.reset()
        json.byte(0x7B)
        for (i, entry) in top.enumerated() {
            if i > 0 { json.byte(0x2C) }
            json.string(entry.key)
            json.byte(0x3A)
            if let value = entry.json {
                json.rawText(value)
            } else if entry.key == "name" {
                json.string(name)
            } else if entry.key == "description" {
                json.string(description ?? "")
            } else {
                json.byte(0x7B)
                for (j, label) in labels.enumerated() {
                    if j > 0 { json.byte(0x2C) }
                    json.string(label.key)
                    json.byte(0x3A)
                    json.rawText(label.json)
                }
                json.byte(0x7D)
            }
        }
        json.byte(0x7D)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    private func value(_ id: Int64) throws -> StoredValue {
        if let known = values[id] { return known }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT field, value FROM profile_values WHERE id = ?"), arguments: [id]) else {
            throw StoreError(.sqlite, "profile value \(id) is missing")
        }
        let field: String = row["field"]
        let json: String = row["value"]
        var text = json
        if json.hasPrefix("\""), let decoded = try? JSONDecoder().decode(String.self, from: Data(json.utf8)) { text = decoded }
        let value = StoredValue(field: field, json: json, text: text)
        if values.count >= limit { values.removeAll(keepingCapacity: true) }
        values[id] = value
        return value
    }

    /// `[3,17,25]` -> 3, 17, 25.
    static func ids(_ text: String) -> [Int64] {
        var ids: [Int64] = []
        var current: Int64 = 0
        var inNumber = false
        for b in text.utf8 {
            if b >= 0x30, b <= 0x39 {
                current = current * 10 + Int64(b - 0x30)
                inNumber = true
            } else if inNumber {
                ids.append(current)
                current = 0
                inNumber = false
            }
        }
        return ids
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
        try read { db in
            var counts: [Int64: [Platform: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT run_id, platform, count FROM run_counts") {
                guard let platform = Platform(rawValue: row["platform"]) else { continue }
                counts[row["run_id"], default: [:]][platform] = row["count"]
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id DESC").map { record($0, counts: counts[$0["id"]] ?? [:]) }
        }
    }

    public func run(id: Int64) throws -> RunRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else { return nil }
            var counts: [Platform: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT platform, count FROM run_counts WHERE run_id = ?", arguments: [id]) {
                if let platform = Platform(rawValue: row["platform"]) { counts[platform] = row["count"] }
            }
            return record(row, counts: counts)
        }
    }

    private func record(_ row: Row, counts: [Platform: Int]) -> RunRecord {
        var run = RunRecord(row: row, counts: counts)
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
            let reader = DecisionReader(db)
            let rows = try Row.fetchCursor(db, sql: "SELECT \(DecisionReader.columns) FROM run_decisions WHERE run_id = ? ORDER BY seq LIMIT ? OFFSET ?",
                                           arguments: [runID, limit ?? -1, offset])
            while let row = try rows.next() { try body(try reader.decision(row)) }
        }
    }

    public func decision(runID: Int64, name: String) throws -> StoredDecision? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(DecisionReader.columns) FROM run_decisions WHERE run_id = ? AND name = ?", arguments: [runID, name])
                .map { try DecisionReader(db).decision($0) }
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

extension StoredDecision {
    /// The stored outcome as a `Decision` for the generators: eligibility, scores and each
    /// platform's variant as the run decided them; exclusions name their rules (a run keeps
    /// the rule ids, not their messages, nor the other variants' verdicts).
    public func decision(pack: String, asOf: String) -> Decision {
        let candidates = Platform.allCases.map { platform in
            let excluded = excludedBy[platform] ?? []
            let reasons = excluded.map { Reason(rule: $0, effect: .exclude, message: "excluded by \($0) in run \(runID)", source: "") }
            return Candidate(platform: platform, eligible: excludedBy[platform] == nil, score: scores[platform] ?? 0,
                             reasons: reasons, variant: variants[platform])
        }
        return Decision(profile: name, pack: pack, asOf: asOf, recommendation: recommendation, candidates: candidates,
                        assumptions: [], undecided: [], conflicts: [])
    }
}
