import ArgumentParser
import BerthStore

struct ProfileRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a stored profile (every version, or only the latest).")

    @Argument(help: "The profile's name.")
    var name: String

    @Flag(name: .long, help: "Remove only the latest version; the previous one becomes current.")
    var latest = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reporting {
            let removed = try database.openExisting(forWriting: true).removeProfile(named: name, allVersions: !latest)
            guard removed > 0 else { throw StoreError(.notFound, "no stored profile '\(name)' in \(database.path)") }
            emit("\(name): removed \(removed) version\(removed == 1 ? "" : "s")\n")
        }
    }
}
