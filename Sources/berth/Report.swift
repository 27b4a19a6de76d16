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
        discussion: "Reports on the latest complete run in the database, or on --run ID: a summary with charts, the decision matrix, every service's recommendation with its reasons, assumptions and follow-ups, what changed since the previous run, and the rules that fired. The format follows the --out file's extension (.html, .md) unless --format is given. Without --out, or with --out -, the report goes to standard output (Markdown unless --format html). See docs/report.md."
    )

    @Option(name: .customLong("run"), help: "The run to report on (default: the latest complete run).")
    var runID: Int64?

    @Option(name: .long, help: "Report format (default: from the --out extension; markdown on standard output).")
    var format: ReportFormat?

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
        if format == nil, let out, out != "-", ReportFormat.inferred(fromPath: out) == nil {
            throw ValidationError("cannot tell the format from '\(out)': name it .html or .md, or give --format")
        }
    }

    func run() throws {
        try reporting {
            let language = Language.chosen(lang)
            let toFile = out.flatMap { $0 == "-" ? nil : $0 }
            let chosen = format ?? toFile.flatMap(ReportFormat.inferred(fromPath:)) ?? .markdown

            let model = try ReportBuilder.build(database: try database.openExisting(), runID: runID)
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
                if summaryFormat == .json {
                    emit(JSONValue.object([
                        "schema_version": .int(1), "file": .string(toFile), "run": .int(Int(model.run.id)),
                        "services": .int(model.services.count), "format": .string(chosen.rawValue), "language": .string(language.rawValue),
                    ]).rendered())
                } else {
                    printError("run #\(model.run.id): \(model.services.count) services, \(chosen.rawValue) (\(language.rawValue)) in \(toFile)")
                }
            }
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
