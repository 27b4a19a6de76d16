import ArgumentParser
import BerthStore
import Foundation

struct ProfileList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored profiles (latest versions).")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reporting {
            let profiles = try database.openExisting().latestProfiles()
            let width = profiles.map(\.name.count).max() ?? 0
            emit(profiles.map { "\($0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))version \($0.version)  \($0.createdAt)\n" }.joined())
        }
    }
}
