import ArgumentParser

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schemas of berth's files, for editors and validators.",
        subcommands: [SchemaProfile.self]
    )
}
