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

    /// Writes the run's table through `write`, a piece at a time; returns the rows written.
    @discardableResult
    public static func write(database: AppDatabase, run: RunRecord, _ write: (String) throws -> Void) throws -> Int {
        try write(header.joined(separator: ",") + "\r\n")
        var rows = 0
        var chunk: [StoredDecision] = []
        func flush() throws {
            for (d, profile) in zip(chunk, try ReportBuilder.decodeProfiles(chunk)) {
                try write(line(d, profile))
                rows += 1
            }
            chunk.removeAll(keepingCapacity: true)
        }
        try database.forEachDecision(runID: run.id) { d in
            chunk.append(d)
            if chunk.count >= ReportBuilder.profileChunk { try flush() }
        }
        try flush()
        return rows
    }

    static func line(_ d: StoredDecision, _ profile: Profile) -> String {
        func usd(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "" }
        let feasible = Platform.allCases.filter { d.isEligible($0) }
        var cheapest: (Platform, Double)?
        if let r = d.recommendation, let talk = d.costs[r], feasible.allSatisfy({ d.costs[$0] != nil }) {
            cheapest = (r, talk)
            for p in feasible where (d.costs[p] ?? .infinity) < cheapest!.1 { cheapest = (p, d.costs[p] ?? 0) }
        }
        var cells = [
            Escape.csv(d.name), d.line.map(String.init) ?? "", Escape.csv(profile.description),
            Escape.csv(profile.labels.keys.sorted().map { "\($0)=\(profile.labels[$0] ?? "")" }.joined(separator: "; ")),
            d.recommendation?.rawValue ?? "none", Escape.csv(d.variant?.id ?? ""), usd(d.monthlyUSD),
            cheapest?.0.rawValue ?? "", usd(cheapest?.1),
            d.judgementCall.map { $0 ? "yes" : "no" } ?? "", Escape.csv(d.unverified?.joined(separator: " ") ?? ""),
            Escape.csv(d.assumptions.map { items in
                items.map { a in
                    switch a.kind {
                    case .default: return "\(a.name)=\(a.value) (default)"
                    case .unknown: return "\(a.name) unknown"
                    case .undecided: return "\(a.name) undecided"
                    }
                }.joined(separator: "; ")
            } ?? "not recorded"),
        ]
        for p in Platform.allCases {
            if let excluded = d.excludedBy[p] {
                cells.append(Escape.csv("excluded" + (excluded.isEmpty ? "" : ": " + excluded.joined(separator: " "))))
            } else {
                cells.append(p == d.recommendation ? "recommended" : "eligible")
            }
        }
        for p in Platform.allCases { cells.append(usd(d.costs[p])) }
        return cells.joined(separator: ",") + "\r\n"
    }
}
