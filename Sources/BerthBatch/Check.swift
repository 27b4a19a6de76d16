import BerthCore
import Foundation

/// What `berth check` can find about one service.
public enum FindingKind: String, CaseIterable, Sendable, Comparable {
    case misplaced, infeasible, unverified
    case noPlatform = "no-platform"
    case judgementCall = "judgement-call"

    public static let failingByDefault: Set<FindingKind> = [.infeasible, .noPlatform]

    public var summary: String {
        switch self {
        case .misplaced: return "The service runs on a platform other than the one berth recommends."
        case .infeasible: return "The platform the service runs on cannot run it at the date: a requirement or rule excludes it."
        case .unverified: return "The recommendation rests on requirements that no catalog fact at the date confirms."
        case .noPlatform: return "No platform can run the service at the date."
        case .judgementCall: return "Nothing the profile states separates the recommendation from the runner-up: the tie-break order, the procedure's last step or default values decided."
        }
    }

    public var help: String {
        switch self {
        case .misplaced: return "Compare current_platform with the recommendation and its reasons (docs/decision.md); move the service or record the finding in a baseline."
        case .infeasible: return "The blocking requirement or rule is named; its source is in the rule's entry. Move the service or change the profile."
        case .unverified: return "Check the named requirements by hand; berth never recommends an unverified variant over a verified one."
        case .noPlatform: return "The conflicts name every rule and requirement that blocked a platform (docs/decision.md)."
        case .judgementCall: return "Informational: state the defaulted fields, or choose between the two platforms on grounds the rules do not cover."
        }
    }

    public static func < (a: FindingKind, b: FindingKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One finding, located at the service's inventory row.
public struct Finding: Sendable, Hashable {
    public var kind: FindingKind
    public var service: String
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The berth rules and requirements involved, by id, each once.
    public var rules: [String]
    /// For `misplaced`, when both sides are priced: the recommendation's monthly compute cost
    /// less the current platform's (negative: moving saves money).
    public var monthlyDifferenceUSD: Double? = nil

    public init(kind: FindingKind, service: String, file: String, line: Int, column: Int, message: String, rules: [String]) {
        (self.kind, self.service, self.file, self.line, self.column, self.message, self.rules) = (kind, service, file, line, column, message, rules)
    }

    /// What a baseline remembers: not the row's place, so moving a row keeps it silenced.
    public var fingerprint: Baseline.Entry { Baseline.Entry(service: service, kind: kind.rawValue, rules: rules.sorted()) }
}

/// A decided service and its findings: JUnit writes one test case per service.
public struct CheckedService: Sendable {
    public var name: String
    public var file: String
    public var line: Int
    public var column: Int
    public var findings: [Finding]

    public init(name: String, file: String, line: Int, column: Int, findings: [Finding]) {
        (self.name, self.file, self.line, self.column, self.findings) = (name, file, line, column, findings)
    }
}

/// A berth rule as SARIF's rule entries describe it.
public struct RuleInfo: Sendable, Equatable {
    public var title: String
    public var source: String
    public init(title: String, source: String) {
        self.title = title
        self.source = source
    }
}

/// Everything a check writer needs.
public struct CheckReport: Sendable {
    public var services: [CheckedService] = []
    public var failOn: Set<FindingKind> = FindingKind.failingByDefault
    /// Findings left out because the baseline lists them.
    public var silenced = 0
    public var rules: [String: RuleInfo] = [:]
    public var pack = ""
    public var asOf = ""
    public var toolVersion = ""
    /// When and where it ran (JUnit requires both); the caller passes them so output is testable.
    public var timestamp = ""
    public var hostname = "localhost"

    public init() {}

    public var findings: [Finding] { services.flatMap(\.findings) }
    public func fails(_ finding: Finding) -> Bool { failOn.contains(finding.kind) }
    public var failing: [Finding] { findings.filter(fails) }
    public var exitStatus: Int32 { failing.isEmpty ? 0 : 1 }
}

public enum Check {
    /// The findings for one decided row. The decision must carry its messages
    /// (`decide(_:messages: true)`): misplaced findings quote the reasons.
    public static func findings(for row: DecidedRow, file: String) -> [Finding] {
        let decision = row.decision
        var out: [Finding] = []
        func add(_ kind: FindingKind, _ message: String, _ rules: [String], monthlyDifferenceUSD: Double? = nil) {
            var unique: [String] = []
            for rule in rules where !unique.contains(rule) { unique.append(rule) }
            var finding = Finding(kind: kind, service: row.profile.name, file: file, line: row.location.line,
                                  column: row.location.column, message: message, rules: unique)
            finding.monthlyDifferenceUSD = monthlyDifferenceUSD
            out.append(finding)
        }
        let current = row.profile.currentPlatform
        let currentText = current.map { p in row.profile.currentVariant.map { "\(p.id)/\($0.id)" } ?? p.id }
        if let current, let candidate = decision.candidate(current) {
            if !candidate.eligible {
                let blocking = candidate.exclusions
                add(.infeasible, "\(current.id) cannot run it at \(decision.asOf): "
                        + blocking.map { "\($0.message) [\($0.rule)]" }.joined(separator: "; "), blocking.map(\.rule))
            } else if let variant = row.profile.currentVariant,
                      let verdict = candidate.variants.first(where: { $0.variant == variant }), !verdict.eligible {
                add(.infeasible, "\(variant.rawValue) cannot run it at \(decision.asOf): "
                        + verdict.reasons.map { "\($0.message) [\($0.rule)]" }.joined(separator: "; "), verdict.reasons.map(\.rule))
            }
        }
        guard let recommendation = decision.recommendation, let winner = decision.candidate(recommendation) else {
            add(.noPlatform, "no platform can run it at \(decision.asOf); blocked by: \(decision.conflicts.joined(separator: ", "))",
                decision.conflicts)
            return out
        }
        let recommended = decision.variant.map { "\(recommendation.id)/\($0.id)" } ?? recommendation.id
        if let current, let currentText, current != recommendation {
            let lost = decision.candidate(current).flatMap { decision.lostAt($0) }
            // The recommendation's preferences at the step that put it ahead, else all of them.
            let reasons = winner.reasons.filter { $0.effect != .exclude && (lost?.kind != .step || lost?.rules.contains($0.rule) == true) }
            let standing = decision.candidate(current).map { c in decision.lossReason(c).map { "\(current.id) \($0)" } ?? "\(current.id) excluded" } ?? current.id
            var message = "runs on \(currentText); berth recommends \(recommended) (\(standing))"
            if !reasons.isEmpty { message += ": " + reasons.map { "\($0.message) [\($0.rule)]" }.joined(separator: "; ") }
            // The current side priced as it runs: its stated variant, else its best one.
            let currentCost = decision.candidate(current).flatMap { c in
                row.profile.currentVariant.flatMap { v in c.variants.first { $0.variant == v }?.cost } ?? c.cost
            }
            var difference: Double? = nil
            if let mine = winner.cost, let a = mine.monthlyUSD, let theirs = currentCost, let b = theirs.monthlyUSD,
               let aText = mine.monthlyText, let bText = theirs.monthlyText {
                let delta = ((a - b) * 100).rounded() / 100
                difference = delta
                message += "; \(aText) a month against \(bText) on \(currentText)"
            }
            add(.misplaced, message, reasons.map(\.rule), monthlyDifferenceUSD: difference)
        }
        let unverified = decision.unverified
        if !unverified.isEmpty {
            add(.unverified, "\(recommended) is not verified: no fact at \(decision.asOf) confirms \(unverified.joined(separator: ", "))", unverified)
        }
        if let why = decision.judgementCallReason() {
            add(.judgementCall, "\(recommendation.id): \(why)", decision.separation.rules)
        }
        return out
    }
}

/// Collects the findings of every decided row of one inventory.
public final class CheckCollector: BatchSink {
    public private(set) var services: [CheckedService] = []
    private let file: String
    private let atRowFiles: Bool
    private let baseline: Baseline?
    public private(set) var silenced = 0
    /// Every finding, silenced or not: what `--write-baseline` records.
    public private(set) var all: [Finding] = []

    /// `atRowFiles`: each finding is at its row's own file (imported workloads, whose rows
    /// come from the files under a folder), not at `file`.
    public init(file: String, baseline: Baseline?, atRowFiles: Bool = false) {
        self.file = file
        self.atRowFiles = atRowFiles
        self.baseline = baseline
    }

    public func write(_ row: DecidedRow) throws {
        let file = atRowFiles ? row.location.file : self.file
        var findings = Check.findings(for: row, file: file)
        all += findings
        if let baseline {
            let before = findings.count
            findings.removeAll { baseline.entries.contains($0.fingerprint) }
            silenced += before - findings.count
        }
        services.append(CheckedService(name: row.profile.name, file: file, line: row.location.line,
                                       column: row.location.column, findings: findings))
    }

    public func finish(_ summary: BatchSummary) throws {}
}

/// Known findings, by fingerprint (service, kind, rule ids), that `--baseline` silences.
public struct Baseline: Sendable, Equatable {
    public struct Entry: Hashable, Sendable, Codable, Comparable {
        public var service: String
        public var kind: String
        public var rules: [String]

        public static func < (a: Entry, b: Entry) -> Bool {
            (a.service, a.kind, a.rules.joined(separator: ",")) < (b.service, b.kind, b.rules.joined(separator: ","))
        }
    }

    public static let schemaVersion = 1
    public var entries: Set<Entry>

    public init(_ findings: [Finding]) { entries = Set(findings.map(\.fingerprint)) }

    private struct File: Codable {
        var schema_version: Int
        var findings: [Entry]
    }

    /// Reads a baseline file's bytes; nil when they are not a baseline of this version.
    public init?(data: Data) {
        guard let file = try? JSONDecoder().decode(File.self, from: data), file.schema_version == Self.schemaVersion else { return nil }
        entries = Set(file.findings)
    }

    public var json: JSONValue {
        .object([
            "schema_version": .int(Self.schemaVersion),
            "findings": .array(entries.sorted().map { entry in
                .object(["service": .string(entry.service), "kind": .string(entry.kind), "rules": .array(entry.rules.map(JSONValue.string))])
            }),
        ])
    }
}
