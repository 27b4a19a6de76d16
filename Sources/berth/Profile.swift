import ArgumentParser

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Store workload profiles in the database, with history.",
        subcommands: [ProfileAdd.self, ProfileList.self, ProfileShow.self, ProfileRemove.self]
    )
}
