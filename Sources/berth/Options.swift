import ArgumentParser
import BerthCore
import BerthRules
import BerthStore
import Foundation

/// `--rules` and `--as-of`: which pack, and which date's catalog values.
struct RulesOptions: ParsableArguments {
    @Option(name: .long, help: "Rule pack: 'current' (default), 'talk-2018', or a folder of your own rules.")
    var rules: String?

    @Option(name: .customLong("as-of"), help: "Evaluate against the catalog as it stood on this date (YYYY-MM-DD).")
    var asOf: String?

    func validate() throws {
        if let asOf, Catalog.normalise(date: asOf) == nil || asOf.count != 10 {
            throw ValidationError("--as-of must be a date as YYYY-MM-DD, got '\(asOf)'")
        }
    }

    func loadPack() throws -> RulePack { try PackLoader.resolve(rules) }

    func engine() throws -> Engine { Engine(pack: try loadPack(), asOf: asOf) }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--db`: the SQLite database of stored profiles and runs.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database (default: $BERTH_DB, else berth.sqlite in the current directory).")
    var db: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["BERTH_DB"] ?? "berth.sqlite" }

    func open() throws -> AppDatabase { try AppDatabase(path: path) }
}
