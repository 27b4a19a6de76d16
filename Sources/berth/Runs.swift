import ArgumentParser

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List and show stored batch runs.",
        subcommands: [RunsList.self, RunsShow.self]
    )
}
