import ArgumentParser
import BerthCore
import BerthStore
import Foundation

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Store workload profiles in the database, with history.",
        subcommands: [ProfileAdd.self, ProfileList.self, ProfileShow.self, ProfileRemove.self]
    )
}

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

struct ProfileShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a stored profile, where each value came from, and its history.")

    @Argument(help: "The profile's name.")
    var name: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reporting {
            let store = try database.openExisting()
            guard let stored = try store.profile(named: name), let id = stored.id else {
                throw StoreError(.notFound, "no stored profile '\(name)' in \(database.path)")
            }
            let profile = try stored.decoded()
            var out = "\(stored.name) (version \(stored.version), stored \(stored.createdAt))\n"
            let sources = Dictionary(try store.provenance(of: id).map { ($0.field, $0.fieldSource) }, uniquingKeysWith: { a, _ in a })
            for field in ProfileField.allCases where field != .labels {
                let value = field == .image && profile.image == nil ? "(placeholder)" : profile.value(of: field).plainText
                out += "  \(field.rawValue): \(value) (\(describe(sources[field.rawValue] ?? profile.source(of: field))))\n"
            }
            let labelsSource = describe(sources[ProfileField.labels.rawValue] ?? profile.source(of: .labels))
            for key in profile.labels.keys.sorted() {
                out += "  labels.\(key): \(profile.labels[key] ?? "") (\(labelsSource))\n"
            }
            let history = try store.profileHistory(named: name)
            if history.count > 1 {
                out += "history: " + history.map { "version \($0.version) (\($0.createdAt))" }.joined(separator: ", ") + "\n"
            }
            emit(out)
        }
    }

    private func describe(_ source: FieldSource) -> String {
        switch source {
        case .given(let location?): return "file \(location.file):\(location.line)"
        case .given(nil): return "given"
        case .person: return "typed by a person"
        case .answersFile(let location): return "answers file \(location.file):\(location.line)"
        case .defaulted: return "default"
        case .unknown: return "unknown"
        }
    }
}

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
