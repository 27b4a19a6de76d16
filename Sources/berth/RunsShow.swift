import ArgumentParser
import BerthCore
import BerthStore

struct RunsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One run: its summary, rejected rows and decisions.")

    @Argument(help: "The run's id (see 'berth runs list').")
    var id: Int64

    @Option(name: .long, help: "Show at most this many decisions (0: none).")
    var limit = 100

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "How to print the run.")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let store = try database.openExisting()
            guard let r = try store.run(id: id) else { throw StoreError(.notFound, "no run \(id) in \(database.path)") }
            if format == .json {
                var decisions: [JSONValue] = []
                if limit > 0 { try store.forEachDecision(runID: id, limit: limit) { decisions.append($0.json) } }
                emit(json: JSONValue.object([
                    "schema_version": .int(1),
                    "run": r.json,
                    "rejected": .array(try store.rejectedRows(runID: id).map { row in
                        .object(["seq": .int(row.seq), "line": row.line.map { .int($0) } ?? .null, "column": row.column.map { .int($0) } ?? .null,
                                 "code": .string(row.code), "message": .string(row.message)])
                    }),
                    "decisions": .array(decisions),
                    "truncated": .bool(r.rowsDecided > decisions.count),
                ]))
                return
            }
            var out = "run \(r.id): \(r.status)\n"
            out += "  started \(r.startedAt)" + (r.finishedAt.map { ", finished \($0)" } ?? "") + "\n"
            out += "  rules \(r.pack) as of \(r.asOf)\n"
            out += "  input \(r.inputPath) (\(r.inputFormat)" + (r.inputSHA256.map { ", sha256 \($0)" } ?? "") + ")\n"
            out += "  \(r.rowsDecided) decided, \(r.rowsRejected) rejected: "
            out += Platform.allCases.map { "\($0.id) \(r.count(for: $0))" }.joined(separator: ", ") + ", none \(r.countNone)\n"
            let rejected = try store.rejectedRows(runID: id)
            if !rejected.isEmpty {
                out += "\nrejected rows:\n"
                for row in rejected {
                    let place = row.line.map { "line \($0)" + (row.column.map { ":\($0)" } ?? "") } ?? "row \(row.seq)"
                    out += "  \(place): \(row.code): \(row.message)\n"
                }
            }
            if limit > 0 {
                var rows = [["name", "recommendation", "monthly_usd"] + Platform.allCases.map(\.id)]
                try store.forEachDecision(runID: id, limit: limit) { d in
                    rows.append([d.name, d.recommendation?.id ?? "none", d.monthlyUSD.map(Value.format) ?? ""] + Platform.allCases.map { p in
                        d.isEligible(p) ? "eligible" : (d.excludedBy[p] ?? []).joined(separator: ";")
                    })
                }
                out += "\ndecisions" + (r.rowsDecided > limit ? " (first \(limit) of \(r.rowsDecided); --limit to see more)" : "") + ":\n"
                out += TextTable.render(rows, indent: "  ")
            }
            emit(out)
        }
    }
}
