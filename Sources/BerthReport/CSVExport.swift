import BerthCore
import BerthStore
import Foundation

/// `berth report --format csv`: one row per decided service of a run, streamed from the
/// store (a million services never sit in memory at once), for the reviewer's spreadsheet.
/// Columns are fixed and documented in docs/report.md; every text cell goes through
/// `Escape.csv` (RFC 4180 quoting, formula injection neutralised); lines end with CRLF.
public enum ReportCSV {
    public static var header: [String] {
        ["name", "line", "description", "labels", "recommendation", "variant", "monthly_usd", "cheapest", "cheapest_monthly_usd",
         "judgement_call", "unverified", "assumptions"]
            + Platform.allCases.map(\.rawValue) + Platform.allCases.map { $0.rawValue + "_monthly_usd" }
    }

    /// Writes the run's table through `write`, some 64 KB at a time; returns the rows written.
    /// Rows are streamed as references to what they share: each outcome's cells, each
    /// assumption set's and each label value are worked out once (a million services have far
    /// fewer of each) and a row joins them with its name, line and description.
    @discardableResult
    public static func write(database: AppDatabase, run: RunRecord, _ write: (String) throws -> Void) throws -> Int {
        var pending = header.joined(separator: ",") + "\r\n"
        var rows = 0
        var cells = SharedCells()
        try database.forEachDecisionReference(runID: run.id) { ref, parts in
            let outcome = try cells.outcome(ref.outcomeID, parts)
            pending += Escape.csv(ref.name)
            pending += ","
            pending += ref.line.map(String.init) ?? ""
            pending += ","
            pending += Escape.csv(ref.description ?? "")
            pending += ","
            pending += try cells.labels(ref.valueIDs, parts)
            pending += ","
            pending += outcome.beforeAssumptions
            pending += ","
            pending += try cells.assumptions(ref.assumptionsID, parts)
            pending += ","
            pending += outcome.afterAssumptions
            pending += "\r\n"
            rows += 1
            if pending.utf8.count >= 1 << 16 {
                try write(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        try write(pending)
        return rows
    }

    /// The cells rows share, by the id of what they are worked out from; outcomes and values
    /// are forgotten past `RunReader.limit` (and worked out again when they recur).
    private struct SharedCells {
        struct Outcome {
            var beforeAssumptions: String
            var afterAssumptions: String
        }

        private var outcomes: [Int64: Outcome] = [:]
        private var assumptionSets: [Int64?: String] = [:]
        /// A label's key and value, or nil for a value of another field.
        private var labelValues: [Int64: (key: String, value: String)?] = [:]
        private static let labelPrefix = ProfileField.labels.rawValue + "."

        mutating func outcome(_ id: Int64, _ parts: SharedDecisionParts) throws -> Outcome {
            if let known = outcomes[id] { return known }
            let d = try parts.outcome(id)
            func usd(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "" }
            let feasible = Platform.allCases.filter { d.isEligible($0) }
            var cheapest: (Platform, Double)?
            if let r = d.recommendation, let talk = d.costs[r], feasible.allSatisfy({ d.costs[$0] != nil }) {
                cheapest = (r, talk)
                for p in feasible where (d.costs[p] ?? .infinity) < cheapest!.1 { cheapest = (p, d.costs[p] ?? 0) }
            }
            let before = [
                d.recommendation?.rawValue ?? "none", Escape.csv(d.variant?.id ?? ""), usd(d.monthlyUSD),
                cheapest?.0.rawValue ?? "", usd(cheapest?.1),
                d.judgementCall.map { $0 ? "yes" : "no" } ?? "", Escape.csv(d.unverified?.joined(separator: " ") ?? ""),
            ]
            var after: [String] = []
            for p in Platform.allCases {
                if let excluded = d.excludedBy[p] {
                    after.append(Escape.csv("excluded" + (excluded.isEmpty ? "" : ": " + excluded.joined(separator: " "))))
                } else {
                    after.append(p == d.recommendation ? "recommended" : "eligible")
                }
            }
            for p in Platform.allCases { after.append(usd(d.costs[p])) }
            let outcome = Outcome(beforeAssumptions: before.joined(separator: ","), afterAssumptions: after.joined(separator: ","))
            if outcomes.count >= RunReader.limit { outcomes.removeAll(keepingCapacity: true) }
            outcomes[id] = outcome
            return outcome
        }

        /// Sets are few (combinations of fields left out), so they are all kept.
        mutating func assumptions(_ id: Int64?, _ parts: SharedDecisionParts) throws -> String {
            if let known = assumptionSets[id] { return known }
            let cell = try id.map { id in
                Escape.csv(try parts.assumptions(id).map { a in
                    switch a.kind {
                    case .default: return "\(a.name)=\(a.value) (default)"
                    case .unknown: return "\(a.name) unknown"
                    case .undecided: return "\(a.name) undecided"
                    }
                }.joined(separator: "; "))
            } ?? "not recorded"
            assumptionSets[id] = cell
            return cell
        }

        /// The labels cell, `key=value` pairs in key order.
        mutating func labels(_ valueIDs: [Int64], _ parts: SharedDecisionParts) throws -> String {
            var pairs: [(key: String, value: String)] = []
            for id in valueIDs {
                let pair: (key: String, value: String)?
                if let known = labelValues[id] {
                    pair = known
                } else {
                    let value = try parts.value(id)
                    pair = value.field.hasPrefix(Self.labelPrefix) ? (String(value.field.dropFirst(Self.labelPrefix.count)), value.text) : nil
                    if labelValues.count >= RunReader.limit { labelValues.removeAll(keepingCapacity: true) }
                    labelValues[id] = pair
                }
                if let pair { pairs.append(pair) }
            }
            guard !pairs.isEmpty else { return "" }
            return Escape.csv(pairs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
    }
}
