import ArgumentParser
import BerthCore
import BerthRules

struct RulesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rules of a pack.")

    @OptionGroup var rulesOptions: RulesOptions

    @Option(name: .long, help: "How to print the rules.")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let pack = try rulesOptions.loadPack(examples: false)
            if format == .json {
                emit(json: JSONValue.object([
                    "schema_version": .int(1),
                    "pack": .string(pack.name),
                    "procedure": .array(pack.procedure.map { .object(["id": .string($0.id), "title": .string($0.title), "talk": .string($0.talk), "quote": .string($0.quote)]) }),
                    "rules": .array(pack.rules.map { rule in
                        .object(["id": .string(rule.id), "title": .string(rule.title), "effect": .string(rule.effect.summary),
                                 "step": rule.effect.step.map { .string($0) } ?? .null,
                                 "file": .string(rule.location.file), "line": .int(rule.location.line)])
                    }),
                ]))
                return
            }
            let width = pack.rules.map(\.id.count).max() ?? 0
            var out = "\(pack.name): \(pack.rules.count) rules\n"
            for rule in pack.rules {
                out += rule.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + rule.title + "  [" + rule.effect.summary + "]\n"
            }
            emit(out)
        }
    }
}
