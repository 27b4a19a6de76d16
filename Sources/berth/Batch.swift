import ArgumentParser
import BerthBatch
import BerthCore
import BerthInventory
import BerthRules
import BerthStore
import Foundation

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Decide every service of an inventory (CSV, YAML list, JSON array or JSON Lines) and store the run.",
        discussion: """
        Bad rows do not stop the run: each is reported on stderr with its line and field and
        recorded in the run as rejected. Exit status: 0 when every row was decided, 1 when any
        was rejected, 3 when the input cannot be read at all (nothing is stored). See docs/batch.md.
        """
    )

    @Argument(help: "The inventory file, or - for standard input.")
    var input: String

    @Option(name: .customLong("input-format"), help: "csv, yaml, json or jsonl (default: from the file's extension).")
    var inputFormat: String?

    @Option(name: .long, help: "table, csv, json or jsonl (default: table on a terminal, csv otherwise).")
    var format: String?

    @Option(name: .long, help: "Write the output to this file (atomically) instead of standard output.")
    var out: String?

    @Flag(name: .customLong("no-store"), help: "Do not record the run in the database.")
    var noStore = false

    @Flag(name: .customLong("no-progress"), help: "Never show a progress bar.")
    var noProgress = false

    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let inputFormat, InventoryFormat(rawValue: inputFormat) == nil {
            throw ValidationError("--input-format must be csv, yaml, json or jsonl, got '\(inputFormat)'")
        }
        if let format, BatchOutputFormat(rawValue: format) == nil {
            throw ValidationError("--format must be table, csv, json or jsonl, got '\(format)'")
        }
    }

    func run() throws {
        var status: Int32 = 0
        try reporting {
            let engine = try rulesOptions.engine()
            let reader = try Inventory.open(path: input, format: inputFormat.flatMap(InventoryFormat.init(rawValue:)))
            let toTerminal = out == nil && isatty(STDOUT_FILENO) == 1
            let outputFormat = format.flatMap(BatchOutputFormat.init(rawValue:)) ?? (toTerminal ? .table : .csv)
            let output = try out.map(OutputFile.atomic(path:)) ?? .standardOutput()
            let store = noStore ? nil : try database.open()
            let messages = outputFormat == .json || outputFormat == .jsonl
            var options = BatchOptions(pack: engine.pack.name, asOf: engine.asOf, inputPath: input)
            options.progressEvery = 5_000
            let progress = ProgressBar(enabled: !noProgress && isatty(STDERR_FILENO) == 1 && (reader.totalBytes ?? 0) > 256 * 1024)
            let summary: BatchSummary
            do {
                summary = try Batch.run(
                    reader: reader, store: store, options: options,
                    sink: BatchWriters.sink(outputFormat, to: output, color: outputFormat == .table && toTerminal && wantsColor),
                    onRejected: { rejected in
                        progress.clear()
                        printError(rejected.description)
                    },
                    onProgress: progress.update,
                    decide: { engine.decide($0, messages: messages) })
                progress.clear()
                try output.commit()
            } catch {
                progress.clear()
                output.discard()
                throw error
            }
            var line = "\(summary.decided) decided, \(summary.rejected) rejected"
            if let runID = summary.runID { line += "; stored as run \(runID) in \(database.path)" }
            if out != nil || !toTerminal { printError(line) } else { emit(line + "\n") }
            status = summary.exitStatus
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// A one-line progress bar on stderr, redrawn in place.
final class ProgressBar {
    private let enabled: Bool
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ progress: BatchProgress) {
        guard enabled else { return }
        var text = "\r\(progress.rows) rows"
        if let total = progress.totalBytes, total > 0 {
            let fraction = min(1, Double(progress.bytesRead) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            text = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
                + String(format: "%3.0f%% ", fraction * 100) + "\(progress.rows) rows"
        }
        FileHandle.standardError.write(Data(text.utf8))
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
