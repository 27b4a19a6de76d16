import ArgumentParser
import BerthBatch
import BerthCore
import BerthCost
import BerthImport
import BerthInventory
import BerthRules
import BerthStore
import Foundation

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Decide every service of an inventory (CSV, YAML list, JSON array or JSON Lines), or of files berth import reads, and store the run.",
        discussion: "Bad rows do not stop the run: each is reported on stderr with its line and field and recorded in the run as rejected. Folders, several files, and a file that is Compose, Kubernetes, ECS, Copilot, SAM/CloudFormation or Serverless are imported first (docs/import.md): the conversion report goes to stderr, and each imported profile is also stored (with where its values came from) unless --no-store. Exit status: 0 when every row was decided, 1 when any was rejected or an imported file or workload was skipped, 3 when the input cannot be read at all (nothing is stored), 4 when the database or the output file fails. See docs/inventory.md for the inputs and docs/cli.md for the outputs."
    )

    @Argument(help: "The inventory file, or - for standard input; or files and folders to import.")
    var inputs: [String]

    @OptionGroup var importing: ImportSourceOptions

    @Option(name: .customLong("input-format"), help: "The inventory's format (default: from the file's extension).")
    var inputFormat: InventoryFormat?

    @OptionGroup var inventory: InventoryOptions

    @Option(name: .long, help: "Output format (default: table on a terminal, csv otherwise).")
    var format: BatchOutputFormat?

    @Option(name: .long, help: "Write the output to this file (atomically) instead of standard output.")
    var out: String?

    @Flag(name: .customLong("no-store"), help: "Do not record the run in the database.")
    var noStore = false

    @Flag(name: .customLong("no-progress"), help: "Never show a progress bar.")
    var noProgress = false

    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var pricing: PricingOptions

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give an inventory, or files and folders to import") }
        if inputs.count > 1, inputFormat != nil { throw ValidationError("--input-format reads one inventory; several inputs are imported (docs/import.md)") }
    }

    /// Inputs that are imported rather than read as an inventory: several, a folder, a file
    /// of one of the import formats, or any input when an import option is given.
    private var importsInputs: Bool {
        guard inputFormat == nil else { return false }
        if importing.given || inputs.count > 1 { return true }
        return ImportSourceOptions.isImportable(inputs[0])
    }

    func run() throws {
        var status: Int32 = 0
        try reporting {
            let engine = try rulesOptions.engine()
            let pricer = try pricing.pricer()
            let input = inputs.joined(separator: " ")
            var imported: ImportResult?
            var opened: OpenedInventory?
            let reader: any RowSource
            if importsInputs {
                let result = Importer.run(paths: inputs, options: importing.options)
                ImportReportPrinter.print(result)
                if result.workloads.isEmpty, !result.errors.isEmpty { throw ExitCode(.badInput) }  // its errors are printed above
                reader = ImportedRows(result, name: input)
                imported = result
            } else {
                let inventoryReader = try inventory.open(inputs[0], format: inputFormat)
                reader = inventoryReader.reader
                opened = inventoryReader
            }
            let toTerminal = out == nil && isatty(STDOUT_FILENO) == 1
            let outputFormat = format ?? (toTerminal ? .table : .csv)
            let output = try out.map(OutputFile.atomic(path:)) ?? .standardOutput()
            let store = noStore ? nil : try database.open()
            let memo = DecisionMemo(key: engine.leanKey().write)
            let everyCandidate = store != nil || outputFormat == .json || outputFormat == .jsonl
            var options = BatchOptions(pack: engine.pack.reference, asOf: engine.asOf, inputPath: input)
            options.progressEvery = 5_000
            // The rules decide beside reading (the default); pricing goes beside writing unless
            // storing makes that the heavier half already (docs/inventory.md, "Where deciding goes").
            options.priceWhileReading = store != nil
            let progress = ProgressBar(enabled: imported == nil && !noProgress && isatty(STDERR_FILENO) == 1 && (reader.totalBytes ?? 0) > 256 * 1024)
            let summary: BatchSummary
            do {
                summary = try Batch.run(
                    reader: reader, store: store, options: options,
                    sink: BatchWriters.sink(outputFormat, to: output, header: engine.batchJSONHeader,
                                            color: outputFormat == .table && toTerminal && wantsColor,
                                            width: toTerminal ? terminalWidth : nil),
                    onRejected: { rejected in
                        progress.clear()
                        printErrorLine(rejected.description)
                    },
                    onProgress: progress.update,
                    decide: { profile in memo.lean(for: profile) { engine.decide($0, messages: false) } },
                    price: { lean, profile in
                        do {
                            return try memo.priced(lean, profile: profile) { decision, profile in
                                try pricer.price(decision, profile: profile, full: false, everyCandidate: everyCandidate)
                            }
                        } catch let error as CostError {
                            // An unpriced region rejects the row, as a bad value does.
                            throw ProfileError(.unknownValue, at: error.location, field: error.field, error.message)
                        }
                    })
                progress.clear()
                opened?.printNewWarnings()
                try output.commit()
            } catch {
                progress.clear()
                opened?.printNewWarnings()
                output.discard()
                throw error
            }
            // Imported profiles are stored too, so that `profile show` tells where each value came from.
            if let store, let imported {
                for workload in imported.workloads { try store.addProfileIfChanged(workload.profile) }
            }
            var line = "\(summary.decided) decided, \(summary.rejected) rejected"
            if let imported, imported.skippedAny { line += ", \(imported.errors.count) skipped by the import" }
            if let runID = summary.runID { line += "; stored as run \(runID) in \(database.path)" }
            if out != nil || !toTerminal { printError(line) } else { emit(line + "\n") }
            status = max(summary.exitStatus, imported?.skippedAny == true ? 1 : 0)
        }
        if status != 0 { throw ExitCode(status) }
    }
}

extension InventoryFormat: ArgumentEnum {}
extension BatchOutputFormat: ArgumentEnum {}

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

extension Engine {
    /// What batch JSON says once: the pack as the run records it, the date, the procedure and
    /// every rule with its source.
    var batchJSONHeader: BatchJSONHeader {
        BatchJSONHeader(pack: pack.reference, asOf: asOf, procedure: pack.procedure, rules: rules.map { rule in
            BatchJSONHeader.RuleEntry(id: rule.id, title: rule.title, effect: rule.effect.summary, step: rule.effect.step,
                                      source: source(for: rule))
        })
    }
}
