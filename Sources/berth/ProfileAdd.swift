import ArgumentParser
import BerthStore

struct ProfileAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Store profiles; adding a name again keeps the older version as history.",
        discussion: "Every file is checked first: if any is invalid, nothing is stored."
    )

    @Argument(help: "Profile files (YAML or JSON).")
    var files: [String]

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one profile file") }
    }

    func run() throws {
        try reporting {
            let profiles = try files.map { try ProfileInput.load($0) }
            let store = try database.open()
            var out = ""
            for profile in profiles {
                let record = try store.addProfile(profile)
                out += "\(record.name): version \(record.version)\n"
            }
            emit(out)
        }
    }
}
