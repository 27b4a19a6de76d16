import ArgumentParser
import BerthCore
import BerthStore

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List and show stored batch runs.",
        subcommands: [RunsList.self, RunsShow.self]
    )
}

struct RunsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every run: when, which pack and date, what input, how many rows went where.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reporting {
            let runs = try database.openExisting().runs()
            var rows = [["id", "status", "started", "pack", "as of", "decided", "rejected"] + Platform.allCases.map(\.id) + ["none", "input"]]
            for r in runs {
                rows.append([String(r.id), r.status, r.startedAt, r.pack, r.asOf, String(r.rowsDecided), String(r.rowsRejected)]
                            + Platform.allCases.map { String(r.count(for: $0)) } + [String(r.countNone), r.inputPath])
            }
            emit(TextTable.render(rows))
        }
    }
}

struct RunsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One run: its summary, rejected rows and decisions.")

    @Argument(help: "The run's id (see 'berth runs list').")
    var id: Int64

    @Option(name: .long, help: "Show at most this many decisions (0: none).")
    var limit = 100

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reporting {
            let store = try database.openExisting()
            guard let r = try store.run(id: id) else { throw StoreError(.notFound, "no run \(id) in \(database.path)") }
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
                var rows = [["name", "recommendation"] + Platform.allCases.map(\.id)]
                try store.forEachDecision(runID: id, limit: limit) { d in
                    rows.append([d.name, d.recommendation?.id ?? "none"] + Platform.allCases.map { p in
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

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two runs, and why.",
        discussion: "Services added, removed, and those whose recommendation changed, each with the reason: a changed answer in the profile, a different pack or as-of date, a rule that now fires or no longer does."
    )

    @Argument(help: "The earlier run's id.")
    var from: Int64

    @Argument(help: "The later run's id.")
    var to: Int64

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reporting {
            let diff = try database.openExisting().diff(from: from, to: to)
            var out = "run \(from) (\(diff.from.pack) as of \(diff.from.asOf)) -> run \(to) (\(diff.to.pack) as of \(diff.to.asOf))\n"
            if diff.isEmpty { out += "no service was added, removed or decided differently\n" }
            if !diff.addedServices.isEmpty {
                out += "\nadded (\(diff.addedServices.count)):\n"
                for s in diff.addedServices { out += "  + \(s.name): \(s.recommendation?.id ?? "none")\n" }
            }
            if !diff.removedServices.isEmpty {
                out += "\nremoved (\(diff.removedServices.count)):\n"
                for s in diff.removedServices { out += "  - \(s.name): was \(s.recommendation?.id ?? "none")\n" }
            }
            if !diff.changed.isEmpty {
                out += "\nchanged (\(diff.changed.count)):\n"
                for c in diff.changed {
                    out += "  ~ \(c.name): \(c.before?.id ?? "none") -> \(c.after?.id ?? "none")\n"
                    for reason in c.reasons { out += "      \(reason)\n" }
                }
            }
            emit(out)
        }
    }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
    static func render(_ rows: [[String]], indent: String = "") -> String {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            indent + row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }.joined()
    }
}
