import ArgumentParser
import BerthCore
import BerthRules
import Foundation

struct Decide: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide where one workload should run, and say why.",
        discussion: "PROFILE is a YAML or JSON profile file (see docs/profile.md), or - for standard input."
    )

    @Argument(help: "A profile file (YAML or JSON), or - for standard input.")
    var profile: String

    @OptionGroup var rulesOptions: RulesOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let loaded = try ProfileInput.load(profile)
            let engine = try rulesOptions.engine()
            let decision = engine.decide(loaded)
            switch format {
            case .json: emit(decision.json.rendered())
            case .text: emit(decision.text(color: wantsColor))
            }
        }
    }
}

/// Reads a profile argument: a file path, or `-` for standard input.
enum ProfileInput {
    static func load(_ argument: String) throws -> Profile {
        if argument == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return try ProfileFile.load(data: data, file: "<stdin>")
        }
        return try ProfileFile.load(path: argument)
    }
}
