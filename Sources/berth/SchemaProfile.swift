import ArgumentParser
import BerthCore

struct SchemaProfile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Print the JSON Schema of a workload profile (docs/schema/profile.schema.json).",
        discussion: "The schema is JSON Schema draft 2020-12. Save it next to your profiles and point an editor at it, for example with the YAML language server's modeline '# yaml-language-server: $schema=profile.schema.json' (docs/profile.md)."
    )

    func run() throws {
        emit(json: ProfileSchema.jsonSchema)
    }
}
