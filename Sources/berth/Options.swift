import ArgumentParser
import BerthCompiled
import BerthCore
import BerthRules
import BerthStore
import BerthInventory
import Foundation

/// `--rules` and `--as-of`: which pack, and which date's catalog values.
struct RulesOptions: ParsableArguments {
    @Option(name: .long, help: "Rule pack: 'current' (default), 'talk-2018', or a folder of your own rules.")
    var rules: String?

    @Option(name: .customLong("as-of"), help: "Evaluate against the catalog as it stood on this date (YYYY-MM-DD).")
    var asOf: String?

    func validate() throws {
        if let asOf, Catalog.normalise(date: asOf) == nil || asOf.count != 10 {
            throw ValidationError("--as-of must be a calendar date as YYYY-MM-DD, got '\(asOf)'")
        }
        if let asOf, asOf < Catalog.earliestDate {
            throw ValidationError("--as-of \(asOf) is before the talk of \(Catalog.earliestDate): the catalog's first values are the platforms as the talk found them, so berth cannot answer for earlier dates")
        }
    }

    /// The pack; `examples: false` skips its rule examples and tests (deciding needs neither),
    /// and then a built-in pack, or the bundled catalog a folder of rules reads, is the one
    /// the build compiled, not read from its YAML again.
    func loadPack(examples: Bool = true) throws -> RulePack {
        guard !examples else { return try PackLoader.resolve(rules) }
        if let pack = CompiledBundle.pack(rules ?? RulePack.defaultName) { return pack }
        return try PackLoader.resolve(rules, examples: false, bundledCatalog: CompiledBundle.catalog())
    }

    func engine() throws -> Engine { Engine(pack: try loadPack(examples: false), asOf: asOf) }
}

/// An option's enum, its values its raw strings. ArgumentParser's own defaults for these
/// describe each value with `"\(self)"` and list them through a key path, both resolved by
/// the Swift runtime on first use (conformance scans, a key path built from its mangled
/// name): some 3% of every command's start, for the same strings.
protocol ArgumentEnum: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension ArgumentEnum {
    public var defaultValueDescription: String { rawValue }
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    public static var allValueDescriptions: [String: String] { [:] }
    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

extension Language: ArgumentEnum {}

extension Language {
    /// `--lang`, else the locale (`LANG=ja_JP.UTF-8` gives Japanese).
    static func chosen(_ option: Language?) -> Language {
        option ?? Language.fromEnvironment(environmentVariable)
    }
}

enum OutputFormat: String, ArgumentEnum {
    case text, json
}

/// `--db`: the SQLite database of stored profiles and runs.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database (default: $BERTH_DB, else berth.sqlite in the current directory).")
    var db: String?

    var path: String { db ?? environmentVariable("BERTH_DB") ?? "berth.sqlite" }

    /// Opens (creating it when missing): for commands that store something.
    func open() throws -> AppDatabase { try AppDatabase(path: path) }

    /// Opens a database that must exist already, read-only unless `forWriting`: commands
    /// that only read never leave an empty database file behind, nor change one.
    func openExisting(forWriting: Bool = false) throws -> AppDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.notFound, "\(path): no database here; run 'berth batch' or 'berth profile add' first, or name one with --db")
        }
        return try AppDatabase(path: path, readOnly: !forWriting)
    }
}

/// `--strict`: how an inventory's columns that are no profile field are taken (docs/inventory.md).
struct InventoryOptions: ParsableArguments {
    @Flag(name: .long, help: "Refuse inventory columns (and JSON/YAML fields) that are not profile fields, instead of reading them as labels with a warning.")
    var strict = false

    func open(_ path: String, format: InventoryFormat?) throws -> OpenedInventory {
        OpenedInventory(try Inventory.open(path: path, format: format, strict: strict))
    }
}

/// An inventory being read and the warnings of it printed so far: each warning goes to stderr
/// once, those of a CSV header as soon as it is opened, the others after the rows.
final class OpenedInventory {
    let reader: any InventoryReader
    private var printed = 0

    init(_ reader: any InventoryReader) {
        self.reader = reader
        printNewWarnings()
    }

    /// Prints the warnings not printed yet. Call when the reader is no longer being read.
    func printNewWarnings() {
        let all = reader.warnings
        for warning in all[printed...] { printErrorLine(warning.description) }
        printed = all.count
    }
}

/// When and where a JUnit report was made (the schema requires both).
enum JUnitStamp {
    static var timestamp: String {
        ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!,
                                    formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate])
    }
    static var hostname: String { ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName }
}

extension RuleReportFormat: ArgumentEnum {}
