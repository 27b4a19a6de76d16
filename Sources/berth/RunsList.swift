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
                emit(JSONValue.object([
                    "schema_version": .int(1),
                    "runs": .array(runs.map { r in
                        .object([
                            "id": .int(Int(r.id)), "status": .string(r.status), "started_at": .string(r.startedAt),
                            "finished_at": r.finishedAt.map { .string($0) } ?? .null,
                            "pack": .string(r.pack), "as_of": .string(r.asOf),
                            "input": .object(["path": .string(r.inputPath), "format": .string(r.inputFormat),
                                              "sha256": r.inputSHA256.map { .string($0) } ?? .null]),
                            "rows": .object(["total": .int(r.rowsTotal), "decided": .int(r.rowsDecided), "rejected": .int(r.rowsRejected)]),
                            "recommended": .object(Dictionary(uniqueKeysWithValues: Platform.allCases.map { ($0.id, JSONValue.int(r.count(for: $0))) })),
                            "none": .int(r.countNone),
                        ])
                    }),
                ]).rendered())
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
