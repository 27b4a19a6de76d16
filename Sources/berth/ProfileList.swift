import ArgumentParser
import BerthCore
import BerthStore
import Foundation

struct ProfileList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored profiles (latest versions).")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "How to print the list.")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let profiles = try database.openExisting().latestProfiles()
            if format == .json {
                emit(json: JSONValue.object([
                    "schema_version": .int(1),
                    "profiles": .array(profiles.map { .object(["name": .string($0.name), "version": .int($0.version), "stored_at": .string($0.createdAt)]) }),
                ]))
                return
            }
            let width = profiles.map(\.name.count).max() ?? 0
            emit(profiles.map { "\($0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))version \($0.version)  \($0.createdAt)\n" }.joined())
        }
    }
}
