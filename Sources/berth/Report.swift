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
        commandName: "report",
        abstract: "Write the architecture review report of a batch run: Markdown, or one self-contained HTML page.",
        discussion: "Reports on the latest complete run in the database, or on --run ID: a summary with charts, the decision matrix, every service's recommendation with its reasons, assumptions and follow-ups (above 20,000 services, the services grouped by outcome and by team instead), what changed since the previous run, and the rules that fired. --format csv writes the full per-service table instead, for a spreadsheet. The format follows the --out file's extension (.html, .md, .csv) unless --format is given. Without --out, or with --out -, the report goes to standard output (Markdown unless --format is given). See docs/report.md."
    )

    @Option(name: .customLong("run"), help: "The run to report on (default: the latest complete run).")
    var runID: Int64?

    @Option(name: .long, help: "Report format: html, markdown, or csv for the per-service table (default: from the --out extension; markdown on standard output).")
    var format: ReportOutputFormat?

    @Option(name: .long, help: "Language of the report (default: from LC_ALL, LC_MESSAGES or LANG, else en).")
    var lang: Language?

    @Option(name: .long, help: "Output file, written atomically; - for standard output.")
    var out: String?

    @Option(name: .customLong("summary-format"), help: "With --out FILE: how to say what was written, text on stderr, or json on stdout (the file, run, services, format, language).")
    var summaryFormat: OutputFormat = .text

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if summaryFormat == .json, out == nil || out == "-" {
            throw ValidationError("--summary-format json describes the file --out writes; standard output holds the report itself")
        }
        if format == nil, let out, out != "-", ReportOutputFormat.inferred(fromPath: out) == nil {
            throw ValidationError("cannot tell the format from '\(out)': name it .html, .md or .csv, or give --format")
        }
    }

    func run() throws {
        try reporting {
            let language = Language.chosen(lang)
            let toFile = out.flatMap { $0 == "-" ? nil : $0 }
            let chosen = format ?? toFile.flatMap(ReportOutputFormat.inferred(fromPath:)) ?? .markdown
            let db = try database.openExisting()
            let run: RunRecord
            let services: Int
            let output = try toFile.map { try OutputFile.atomic(path: $0) } ?? OutputFile.standardOutput()
            do {
                if let rendered = chosen.rendered {
                    let model = try ReportBuilder.build(database: db, runID: runID)
                    (run, services) = (model.run, model.figures.decided)
                    try output.write(ReportRenderer.render(model, format: rendered, language: language))
                } else {
                    run = try ReportBuilder.selectRun(in: db, runID: runID)
                    services = try ReportCSV.write(database: db, run: run) { try output.write($0) }
                }
                try output.commit()
            } catch {
                output.discard()
                throw error
            }
            if let toFile {
                if summaryFormat == .json {
                    emit(json: JSONValue.object([
                        "schema_version": .int(1), "file": .string(toFile), "run": .int(Int(run.id)),
                        "services": .int(services), "format": .string(chosen.rawValue), "language": .string(language.rawValue),
                    ]))
                } else {
                    printError("run #\(run.id): \(services) services, \(chosen.rawValue) (\(language.rawValue)) in \(toFile)")
                }
            }
        }
    }
}

/// What `--format` accepts: a rendered report, or the per-service CSV table.
enum ReportOutputFormat: String, ArgumentEnum {
    case html, markdown, csv

    static func inferred(fromPath path: String) -> ReportOutputFormat? {
        if path.lowercased().hasSuffix(".csv") { return .csv }
        return ReportFormat.inferred(fromPath: path).map { $0 == .html ? .html : .markdown }
    }

    var rendered: ReportFormat? {
        switch self {
        case .html: return .html
        case .markdown: return .markdown
        case .csv: return nil
        }
    }
}
