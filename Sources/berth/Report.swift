import ArgumentParser
import BerthBatch
import BerthCore
import BerthInventory
import BerthReport
import BerthRules
import BerthStore
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the architecture review report of a batch run: Markdown, or one self-contained HTML page.",
        discussion: """
        Reports on the latest complete run in the database, or on --run ID: a summary with charts,
        the decision matrix, every service's recommendation with its reasons, assumptions and
        follow-ups, what changed since the previous run, and the rules that fired. The format
        follows the --out file's extension (.html, .md) unless --format is given. Without --out,
        or with --out -, the report goes to standard output (Markdown unless --format html).
        See docs/report.md.
        """
    )

    @Option(name: .customLong("run"), help: "The run to report on (default: the latest complete run).")
    var runID: Int64?

    @Option(name: .long, help: "html or markdown (default: from the --out extension; markdown on standard output).")
    var format: String?

    @Option(name: .long, help: "Language: en or ja.")
    var lang: String = "en"

    @Option(name: .long, help: "Output file, written atomically; - for standard output.")
    var out: String?

    // TODO: move to the shared DatabaseOptions group (Options.swift) when it lands; same precedence.
    @Option(name: .long, help: "The database (default: $BERTH_DB, else berth.sqlite).")
    var db: String?

    /// Stop-gap for scripts until `berth batch` is merged: decides this inventory with the
    /// built-in `current` pack, stores it as a run, then reports on that run.
    @Option(name: .customLong("record-batch"), help: .hidden)
    var recordBatch: String?

    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["BERTH_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "berth.sqlite"
    }

    func validate() throws {
        if let format, ReportFormat(rawValue: format) == nil {
            throw ValidationError("--format must be html or markdown, got '\(format)'")
        }
        if ReportLanguage(rawValue: lang) == nil {
            throw ValidationError("--lang must be en or ja, got '\(lang)'")
        }
        if format == nil, let out, out != "-", ReportFormat.inferred(fromPath: out) == nil {
            throw ValidationError("cannot tell the format from '\(out)': name it .html or .md, or give --format")
        }
    }

    func run() throws {
        try reporting {
            let language = ReportLanguage(rawValue: lang) ?? .en
            let toFile = out.flatMap { $0 == "-" ? nil : $0 }
            let chosen = format.flatMap(ReportFormat.init(rawValue:)) ?? toFile.flatMap(ReportFormat.inferred(fromPath:)) ?? .markdown

            let path = databasePath
            if recordBatch == nil, !FileManager.default.fileExists(atPath: path) {
                throw ReportError(.noRun, "\(path): no database here; decide an inventory with 'berth batch' first, or name one with --db")
            }
            let database = try AppDatabase(path: path)
            var selected = runID
            if let inventory = recordBatch {
                let engine = Engine(pack: try PackLoader.builtin(RulePack.defaultName))
                let options = BatchOptions(pack: engine.pack.name, asOf: engine.asOf, inputPath: inventory)
                let summary = try Batch.run(reader: try Inventory.open(path: inventory), store: database, options: options,
                                            onRejected: { printError($0.description) }, decide: engine.decide)
                selected = summary.runID
            }
            let model = try ReportBuilder.build(database: database, runID: selected)
            let text = ReportRenderer.render(model, format: chosen, language: language)
            let output = try toFile.map { try OutputFile.atomic(path: $0) } ?? OutputFile.standardOutput()
            do {
                try output.write(text)
                try output.commit()
            } catch {
                output.discard()
                throw error
            }
            if let toFile {
                printError("run #\(model.run.id): \(model.services.count) services, \(chosen.rawValue) (\(language.rawValue)) in \(toFile)")
            }
        }
    }
}
