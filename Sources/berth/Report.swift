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

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
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
                printError("run #\(model.run.id): \(model.services.count) services, \(chosen.rawValue) (\(language.rawValue)) in \(toFile)")
            }
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
