import ArgumentParser
import BerthCore
import BerthStore

struct RunsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every run: when, which pack and date, what input, how many rows went where.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "How to print the runs.")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let runs = try database.openExisting().runs()
            if format == .json {
                emit(json: JSONValue.object([
                    "schema_version": .int(1),
                    "runs": .array(runs.map(\.json)),
                ]))
                return
            }
            var rows = [["id", "status", "started", "pack", "as of", "decided", "rejected"] + Platform.allCases.map(\.id) + ["none", "input"]]
            for r in runs {
                rows.append([String(r.id), r.status, r.startedAt, r.pack, r.asOf, String(r.rowsDecided), String(r.rowsRejected)]
                            + Platform.allCases.map { String(r.count(for: $0)) } + [String(r.countNone), r.inputPath])
            }
            emit(TextTable.render(rows))
        }
    }
}
