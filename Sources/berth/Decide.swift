import ArgumentParser
import BerthCore
import BerthCost
import BerthImport
import BerthInventory
import BerthRules
import Foundation

struct Decide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Decide where one workload should run, and say why.",
        discussion: "PROFILE is a YAML or JSON profile file (see docs/profile.md), - for standard input, or the name of a profile stored with 'berth profile add'. It may also be a file berth import reads (Compose, Kubernetes, ECS task definition, Copilot, SAM/CloudFormation, Serverless; docs/import.md): each of its workloads is decided (JSON: an array when there are several), the conversion report goes to stderr, and the exit status is 1 when a workload was skipped. Deciding a file reads and writes no database."
    )

    @Argument(help: "A profile file (YAML or JSON), - for standard input, or the name of a stored profile.")
    var profile: String

    @OptionGroup var importing: ImportSourceOptions

    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var pricing: PricingOptions

    // `format` and `whatIf` take their defaults in `run`, not here: ArgumentParser describes
    // a declared default through the Swift runtime's first conformance checks for its type,
    // two scans of every conformance in the process (0.6 million instructions) on every run.
    @Option(name: .long, help: "How to print the decision: text (the default) for a person, json for scripts.")
    var format: OutputFormat?

    @Option(name: .long, help: "Language of the explanation (default: from LC_ALL, LC_MESSAGES or LANG, else en)." )
    var lang: Language?

    @Option(name: .long, help: "Which profile changes the what-if may suggest: user (the default) leaves out those that add a need the workload does not have (a GPU, privileged containers, exec access); all allows them.")
    var whatIf: WhatIfScope?

    @Flag(name: .long, help: "Also show the recommendation and variant at every catalog date where they change, from the talk (2018-08-03) to today or --as-of, with the facts that changed.")
    var timeline = false

    @Flag(name: .long, help: "Text: list every rule that excluded a platform, and rules that could not be decided for platforms already excluded.")
    var verbose = false

    func run() throws {
        var status: Int32 = 0
        try reporting {
            var profiles: [Profile]
            var imported = false
            let file = profile != "-" && !importing.given && FileManager.default.fileExists(atPath: profile)
            if file, let loaded = try ProfileInput.loadUnlessImportable(profile, sizeLimit: importing.options.maxFileBytes) {
                profiles = [loaded]
            } else if profile != "-", file || importing.given {
                let result = Importer.run(paths: [profile], options: importing.options)
                ImportReportPrinter.print(result)
                if result.workloads.isEmpty, !result.errors.isEmpty { throw ExitCode(.badInput) }  // its errors are printed above
                profiles = result.workloads.map(\.profile)
                imported = true
                if result.skippedAny { status = 1 }
            } else {
                profiles = [try ProfileInput.load(profile, database: database)]
            }
            let engine = try rulesOptions.engine()
            let language = Language.chosen(lang)
            let pricer = try pricing.pricer()
            keepUntilExit(engine)
            keepUntilExit(pricer)
            var texts: [String] = []
            var documents: [JSONValue] = []
            let format = format ?? .text
            for loaded in profiles {
                let decision = try pricer.price(engine.decide(loaded, language: language), profile: loaded)
                let changes = engine.whatIf(loaded, scope: whatIf ?? .user)
                let history = timeline ? engine.timeline(loaded) : nil
                switch format {
                case .json: documents.append(decision.json(whatIf: changes, timeline: history))
                case .text: texts.append(decision.text(color: wantsColor, language: language, verbose: verbose, whatIf: changes, timeline: history))
                }
            }
            switch format {
            case .json: emit(json: imported && documents.count != 1 ? .array(documents) : documents[0])
            case .text: emitProse(texts.joined(separator: "\n"))
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// Reads a profile argument: a file path, `-` for standard input, or the name of a profile
/// stored with `berth profile add` (looked up only when no such file exists).
enum ProfileInput {
    static func load(_ argument: String, database: DatabaseOptions? = nil) throws -> Profile {
        if argument == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return try ProfileFile.load(data: data, file: "<stdin>")
        }
        if let database, !FileManager.default.fileExists(atPath: argument), ProfileDecoder.isDNSLabel(argument) {
            guard FileManager.default.fileExists(atPath: database.path) else {
                throw ProfileError(.unreadable, at: .file(argument), "no such file, and no database at \(database.path) to look the name up in")
            }
            guard let stored = try database.openExisting().profile(named: argument) else {
                throw ProfileError(.unreadable, at: .file(argument), "no such file, and no stored profile of that name in \(database.path)")
            }
            return try stored.decoded()
        }
        guard FileManager.default.fileExists(atPath: argument) else {
            var message = "no such file"
            if let near = nearestFile(to: argument) { message += "; did you mean '\(near)'?" }
            throw ProfileError(.unreadable, at: .file(argument), message)
        }
        let data = try ProfileFile.read(path: argument, what: "a profile file")
        if argument.lowercased().hasSuffix(".json") { try StrictJSON.check(data, file: argument) }
        return try ProfileFile.load(data: data, file: argument)
    }

    /// The profile in file `path`, or nil when it is a file to import (`Importer.recognize`):
    /// one read and one compose answer both (asking the importer first read and composed
    /// every profile twice). Errors are `load`'s.
    static func loadUnlessImportable(_ path: String, sizeLimit: Int) throws -> Profile? {
        let data = try ProfileFile.read(path: path, what: "a profile file")
        let nodes = data.count > sizeLimit ? nil
            : (try? YAMLSupport.text(from: data, file: path)).flatMap { try? YAMLSupport.composeAll($0, file: path) }
        if let nodes, Importer.recognize(nodes, file: path) != nil { return nil }
        if path.lowercased().hasSuffix(".json") { try StrictJSON.check(data, file: path) }
        // One document: the profile; none, several or a YAML error: `load` says what is wrong.
        if let nodes, nodes.count == 1 { return try ProfileFile.decode(root: nodes[0], file: path) }
        return try ProfileFile.load(data: data, file: path)
    }

    /// The file beside a missing one whose name is closest to it (`web-apy.yaml` -> `web-api.yaml`).
    static func nearestFile(to path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path), names.count <= 10_000,
              let (near, distance) = names.sorted().map({ ($0, ProfileSchema.editDistance(name, $0)) }).min(by: { $0.1 < $1.1 }),
              distance <= max(2, name.count / 4) else { return nil }
        guard let slash = path.lastIndex(of: "/") else { return near }
        return String(path[...slash]) + near
    }
}
extension WhatIfScope: ArgumentEnum {}
