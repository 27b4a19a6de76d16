import ArgumentParser

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, show, test and lint rules.",
        subcommands: [RulesList.self, RulesShow.self, RulesTest.self, RulesLint.self]
    )
}
