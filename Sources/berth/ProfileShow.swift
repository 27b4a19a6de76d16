import ArgumentParser
import BerthCore
import BerthStore
import Foundation

struct ProfileShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a stored profile, where each value came from, and its history.")

    @Argument(help: "The profile's name.")
    var name: String

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "How to print the profile.")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let store = try database.openExisting()
            guard let stored = try store.profile(named: name), let id = stored.id else {
                throw StoreError(.notFound, "no stored profile '\(name)' in \(database.path)")
            }
            let profile = try stored.decoded()
            // Where each value came from, read once for either output (first entry per field).
            let sources = Dictionary(try store.provenance(of: id).map { ($0.field, $0.fieldSource) }, uniquingKeysWith: { a, _ in a })
            if format == .json {
                let history = try store.profileHistory(named: name)
                emit(json: JSONValue.object([
                    "schema_version": .int(1),
                    "name": .string(stored.name),
                    "version": .int(stored.version),
                    "stored_at": .string(stored.createdAt),
                    "profile": profile.givenJSON,
                    "sources": .object(sources.mapValues(sourceJSON)),
                    "history": .array(history.map { .object(["version": .int($0.version), "stored_at": .string($0.createdAt)]) }),
                ]))
                return
            }
            var out = "\(stored.name) (version \(stored.version), stored \(stored.createdAt))\n"
            for field in ProfileField.allCases where !field.isMap {
                let value = field == .image && profile.image == nil ? "(placeholder)" : profile.value(of: field).plainText
                out += "  \(field.rawValue): \(value) (\(describe(sources[field.rawValue] ?? profile.source(of: field))))\n"
            }
            for field in ProfileField.allCases {
                guard case .map(let map) = field.spec.access else { continue }
                let entries = map.get(profile)
                let source = describe(sources[field.rawValue] ?? profile.source(of: field))
                for key in entries.keys.sorted() {
                    out += "  \(field.rawValue).\(key): \(entries[key] ?? "") (\(source))\n"
                }
            }
            let history = try store.profileHistory(named: name)
            if history.count > 1 {
                out += "history: " + history.map { "version \($0.version) (\($0.createdAt))" }.joined(separator: ", ") + "\n"
            }
            emit(out)
        }
    }

    /// Where one value came from, as JSON: `{"kind": "given", "file", "line", "column"}`,
    /// `{"kind": "imported", ..., "rule"}`, `{"kind": "typed"}`.
    private func sourceJSON(_ source: FieldSource) -> JSONValue {
        func at(_ kind: String, _ location: SourceLocation?, _ extra: [String: JSONValue] = [:]) -> JSONValue {
            var members: [String: JSONValue] = ["kind": .string(kind)]
            if let location {
                members["file"] = .string(location.file)
                members["line"] = .int(location.line)
                members["column"] = .int(location.column)
            }
            return .object(members.merging(extra) { $1 })
        }
        switch source {
        case .given(let location): return at("given", location)
        case .person: return at("typed", nil)
        case .answersFile(let location): return at("answers_file", location)
        case .imported(let location, let rule): return at("imported", location, ["rule": .string(rule)])
        case .defaulted: return at("default", nil)
        case .unknown: return at("unknown", nil)
        }
    }

    private func describe(_ source: FieldSource) -> String {
        switch source {
        case .given(let location?): return "file \(location.file):\(location.line)"
        case .given(nil): return "given"
        case .person: return "typed by a person"
        case .answersFile(let location): return "answers file \(location.file):\(location.line)"
        case .imported(let location, let rule): return "imported from \(location): \(rule)"
        case .defaulted: return "default"
        case .unknown: return "unknown"
        }
    }
}
