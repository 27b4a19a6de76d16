import ArgumentParser
import BerthBatch
import BerthCore
import BerthCost
import BerthImport
import BerthInventory
import BerthRules
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide every service of inventories and report where they run today against the recommendation, for CI.",
        discussion: "Findings: misplaced (current_platform differs from the recommendation), infeasible (the current platform cannot run it at the date), unverified, no-platform, judgement-call (informational). Each names the inventory file, line and column of the row. Nothing is stored. Exit status: 0 when no finding of a --fail-on kind remains after the baseline, 1 when one does or a row was rejected, 3 when an inventory or the baseline cannot be read, 4 when an output file fails. See docs/cli.md and docs/ci.md."
    )

    @Argument(help: "Inventory files (docs/inventory.md), or - for standard input.")
    var inputs: [String]

    @Option(name: .customLong("input-format"), help: "The inventories' format (default: from each file's extension).")
    var inputFormat: InventoryFormat?

    @OptionGroup var inventory: InventoryOptions

    @Option(name: .long, help: "Output format.")
    var format: CheckFormat = .text

    @Option(name: .customLong("fail-on"), help: "Finding kinds that make the exit status 1, comma-separated.")
    var failOn = FindingKinds(Array(FindingKind.failingByDefault).sorted())

    @Option(name: .long, help: "Silence the findings listed in this baseline file (written by --write-baseline).")
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: "Write every finding's fingerprint (service, kind, rule ids) to this file.")
    var writeBaseline: String?

    @Option(name: .long, help: "Write the report to this file (atomically) instead of standard output.")
    var out: String?

    @OptionGroup var importing: ImportSourceOptions
    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var pricing: PricingOptions

    func run() throws {
        var status: Int32 = 0
        try reporting {
            let engine = try rulesOptions.engine()
            let pricer = try pricing.pricer()
            let known = try baseline.map(Self.readBaseline)
            var report = CheckReport()
            report.failOn = Set(failOn.kinds)
            report.pack = engine.pack.name
            report.asOf = engine.asOf
            report.toolVersion = Berth.configuration.version
            report.timestamp = JUnitStamp.timestamp
            report.hostname = JUnitStamp.hostname
            var rejected = 0
            var all: [Finding] = []
            for input in inputs {
                // Files berth import reads (and folders of them) are checked where their
                // workloads are written, with the conversion report on stderr.
                let imports = inputFormat == nil && (importing.given || ImportSourceOptions.isImportable(input))
                let reader: any RowSource
                var opened: OpenedInventory?
                defer { opened?.printNewWarnings() }
                if imports {
                    let result = Importer.run(paths: [input], options: importing.options)
                    ImportReportPrinter.print(result)
                    if result.workloads.isEmpty, let first = result.errors.first { throw first }
                    if result.skippedAny { rejected += 1 }
                    reader = ImportedRows(result, name: input)
                } else {
                    let inventoryReader = try inventory.open(input, format: inputFormat)
                    reader = inventoryReader.reader
                    opened = inventoryReader
                }
                let collector = CheckCollector(file: input, baseline: known, atRowFiles: imports)
                let summary = try Batch.run(reader: reader, store: nil,
                                            options: BatchOptions(pack: engine.pack.name, asOf: engine.asOf, inputPath: input),
                                            sink: collector, onRejected: { printError($0.description) },
                                            decide: { profile in
                                                do {
                                                    return try pricer.price(engine.decide(profile, messages: true), profile: profile)
                                                } catch let error as CostError {
                                                    // An unpriced region rejects the row, as in batch.
                                                    throw ProfileError(.unknownValue, at: error.location, field: error.field, error.message)
                                                }
                                            })
                rejected += summary.rejected
                report.services += collector.services
                report.silenced += collector.silenced
                all += collector.all
            }
            for id in Set(report.findings.flatMap(\.rules)) {
                if let rule = engine.rules.first(where: { $0.id == id }) {
                    report.rules[id] = RuleInfo(title: rule.title, source: engine.source(for: rule))
                }
            }
            if let writeBaseline {
                let file = try OutputFile.atomic(path: writeBaseline)
                try file.write(Baseline(all).json.rendered())
                try file.commit()
            }
            let output = try out.map(OutputFile.atomic(path:)) ?? .standardOutput()
            try output.write(format.writer.render(report))
            try output.commit()
            status = rejected > 0 ? 1 : report.exitStatus
        }
        if status != 0 { throw ExitCode(status) }
    }

    static func readBaseline(_ path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckError("cannot read the baseline \(path)")
        }
        guard let baseline = Baseline(data: data) else {
            throw CheckError("\(path) is not a berth check baseline (schema_version \(Baseline.schemaVersion), written by --write-baseline)")
        }
        return baseline
    }
}

struct CheckError: CategorizedError, CustomStringConvertible {
    let description: String
    var category: ErrorCategory { .badInput }
    init(_ description: String) { self.description = description }
}

/// `--fail-on misplaced,infeasible`: a comma-separated list of finding kinds.
struct FindingKinds: ExpressibleByArgument {
    var kinds: [FindingKind]

    init(_ kinds: [FindingKind]) { self.kinds = kinds }

    init?(argument: String) {
        var kinds: [FindingKind] = []
        for part in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let kind = FindingKind(rawValue: part.trimmingCharacters(in: .whitespaces)) else { return nil }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        self.kinds = kinds
    }

    var defaultValueDescription: String { kinds.map(\.rawValue).joined(separator: ",") }
    static var allValueStrings: [String] { FindingKind.allCases.map(\.rawValue) }
}

extension CheckFormat: ArgumentEnum {}
