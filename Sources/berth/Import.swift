import ArgumentParser
import BerthBatch
import BerthCore
import BerthImport
import BerthInventory
import BerthStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn Compose, Kubernetes, ECS task definition, Copilot, SAM/CloudFormation and Serverless files into profiles.",
        discussion: "PATH is a file or a folder (read recursively, skipping .git, node_modules, vendor and .terraform; only .yaml, .yml and .json files). The format is told by content. The profiles go to standard output (or --out); the conversion report (what could not be used, what was assumed, names changed) to stderr as file:line:col: kind: message. Exit status: 0 when everything was imported, 1 when a file or a workload was skipped (the others are still written), 3 when nothing could be imported. See docs/import.md."
    )

    @Argument(help: "Files or folders to import.")
    var paths: [String]

    @OptionGroup var importing: ImportSourceOptions

    @Option(name: .long, help: "What to write: yaml (a stream of profile documents), csv or jsonl (inventories for berth batch).")
    var format: ImportOutputFormat = .yaml

    @Option(name: .long, help: "Write the profiles to this file (atomically) instead of standard output.")
    var out: String?

    @Option(name: .long, help: "Also write the conversion report, with every imported field's source and rule, as JSON to this file.")
    var report: String?

    @Flag(name: .long, help: "Also store the imported profiles in the database, with where each value came from (berth profile show NAME).")
    var store = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or folder to import") }
    }

    func run() throws {
        var status: Int32 = 0
        try reporting {
            let result = Importer.run(paths: paths, options: importing.options)
            ImportReportPrinter.print(result)
            if result.workloads.isEmpty, !result.errors.isEmpty { throw ExitCode(.badInput) }  // its errors are printed above
            let output = try out.map(OutputFile.atomic(path:)) ?? .standardOutput()
            let reportFile = try report.map(OutputFile.atomic(path:))
            do {
                try output.write(ImportWriter.render(result.workloads, as: format))
                try reportFile?.write(ImportReportJSON.render(result))
                try output.commit()
                try reportFile?.commit()
            } catch {
                output.discard()
                reportFile?.discard()
                throw error
            }
            if store {
                let db = try database.open()
                for workload in result.workloads { try db.addProfileIfChanged(workload.profile) }
            }
            printError("import: \(result.workloads.count) workloads from \(result.filesImported) files, \(result.errors.count) skipped"
                       + (store ? "; stored in \(database.path)" : ""))
            status = result.skippedAny ? 1 : 0
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `--from`, `--environment`, `--current`: how files are imported, for import, decide and batch.
struct ImportSourceOptions: ParsableArguments {
    @Option(name: .long, help: "Read every file as this format instead of telling it by content.")
    var from: ImportFormat?

    @Option(name: .long, help: "Apply this environment's overrides of Copilot manifests (their environments: section).")
    var environment: String?

    @Option(name: .long, help: "Where the imported workloads run today, for formats that do not say (Kubernetes, Compose): fills current_platform.")
    var current: Platform?

    var options: ImportOptions { ImportOptions(from: from, environment: environment, current: current) }

    /// True when these options ask for an import whatever the files hold.
    var given: Bool { from != nil || environment != nil || current != nil }

    /// A folder, or a file of one of the import formats (never a CSV or JSON Lines inventory,
    /// which are not parsed twice as YAML to tell).
    static func isImportable(_ input: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard input != "-", FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else { return false }
        if isDirectory.boolValue { return true }
        if let format = InventoryFormat.inferred(fromPath: input), format == .csv || format == .jsonl { return false }
        return Importer.recognize(path: input) != nil
    }
}

/// The conversion report on stderr: notes and errors in file and line order.
enum ImportReportPrinter {
    static func print(_ result: ImportResult) {
        var lines: [(SourceLocation, String)] = result.notes.map { ($0.location, $0.description) }
        lines += result.errors.map { ($0.location ?? .file(""), $0.description) }
        for (_, line) in lines.enumerated().sorted(by: { a, b in
            let (x, y) = (a.element.0, b.element.0)
            if x.file != y.file { return x.file < y.file }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }).map(\.element) {
            printErrorLine(line)
        }
    }
}

extension ImportFormat: ArgumentEnum {}
extension ImportOutputFormat: ArgumentEnum {}
