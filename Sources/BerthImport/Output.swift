import BerthCore
import BerthInventory

/// How `berth import` writes the profiles: a YAML stream of profile documents (each a
/// profile file; the stream is a YAML inventory), a CSV inventory, or JSON Lines.
public enum ImportOutputFormat: String, CaseIterable, Sendable {
    case yaml, csv, jsonl
}

public enum ImportWriter {
    /// The imported profiles in `format`: given fields only, in field-table order. The
    /// YAML form says where each value came from in a comment.
    public static func render(_ workloads: [ImportedWorkload], as format: ImportOutputFormat) -> String {
        switch format {
        case .yaml: return workloads.map(yaml).joined()
        case .jsonl:
            return workloads.map { workload in
                var json = JSONWriter()
                json.givenProfile(workload.profile)
                return json.text + "\n"
            }.joined()
        case .csv: return csv(workloads.map(\.profile))
        }
    }

    static func fields(of profile: Profile) -> [ProfileField] {
        ProfileField.allCases.filter { $0 == .name || (!$0.isMap && profile.given.contains($0)) }
    }

    static func yaml(_ workload: ImportedWorkload) -> String {
        let profile = workload.profile
        var out = "---\n# \(comment("\(workload.format.title) \(workload.origin)"))\n"
        for field in fields(of: profile) {
            out += "\(field.key): \(yamlValue(profile.value(of: field), field: field))"
            if case .imported(let at, let rule) = profile.source(of: field) {
                out += "  # \(comment("\(at): \(rule)"))"
            }
            out += "\n"
        }
        for field in ProfileField.allCases {
            guard case .map(let access) = field.spec.access else { continue }
            let entries = access.get(profile)
            guard !entries.isEmpty else { continue }
            out += "\(field.key):"
            if case .imported(let at, let rule) = profile.source(of: field) { out += "  # \(comment("\(at): \(rule)"))" }
            out += "\n"
            for key in entries.keys.sorted() {
                out += "  \(YAMLSupport.key(key)): \(YAMLSupport.quoted(entries[key] ?? ""))\n"
            }
        }
        return out
    }

    /// Text inside a YAML comment: one line, no control characters.
    static func comment(_ text: String) -> String { Shown.line(text) }

    static func yamlValue(_ value: Value, field: ProfileField) -> String {
        switch value {
        case .string(let text):
            // Choice values are plain words; free text is quoted so that it reads back as written.
            if case .choice = field.spec.access { return text }
            return YAMLSupport.quoted(text)
        default: return value.plainText
        }
    }

    /// A CSV inventory: a column for each field any profile gives (in field-table order) and
    /// `FIELD.KEY` for each entry of a map field (`labels.team`, `environment.LOG_LEVEL`). Cells are quoted as RFC 4180 needs (as the batch CSV
    /// writer quotes them), so that `berth batch` reads back exactly the values written.
    static func csv(_ profiles: [Profile]) -> String {
        var used = FieldSet()
        used.insert(.name)
        var mapKeys: [(field: ProfileField, access: MapAccess, key: String)] = []
        for profile in profiles {
            for field in fields(of: profile) { used.insert(field) }
        }
        for field in ProfileField.allCases {
            guard case .map(let access) = field.spec.access else { continue }
            let keys = Set(profiles.flatMap { access.get($0).keys })
            mapKeys += keys.sorted().map { (field, access, $0) }
        }
        let columns = ProfileField.allCases.filter { !$0.isMap && used.contains($0) }
        var out = (columns.map(\.key) + mapKeys.map { "\($0.field.key).\($0.key)" }).map(CSVText.cell).joined(separator: ",") + "\n"
        for profile in profiles {
            var cells = columns.map { field -> String in
                guard field == .name || profile.given.contains(field) else { return "" }
                return profile.value(of: field).plainText
            }
            cells += mapKeys.map { $0.access.get(profile)[$0.key] ?? "" }
            out += cells.map(CSVText.cell).joined(separator: ",") + "\n"
        }
        return out
    }


}

extension Shown {
    /// Text on one line: control characters (line breaks too) escaped, not clipped.
    static func line(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The conversion report as JSON: every note and error with its place.
public enum ImportReportJSON {
    public static func render(_ result: ImportResult) -> String {
        func place(_ location: SourceLocation?) -> [String: JSONValue] {
            guard let location else { return [:] }
            return ["file": .string(location.file), "line": .int(location.line), "column": .int(location.column)]
        }
        let notes: [JSONValue] = result.notes.map { note in
            var members = place(note.location)
            members["kind"] = .string(note.kind.rawValue)
            members["message"] = .string(note.message)
            if let workload = note.workload { members["workload"] = .string(workload) }
            return .object(members)
        }
        let errors: [JSONValue] = result.errors.map { error in
            var members = place(error.location)
            members["code"] = .string(error.code)
            members["message"] = .string(error.message)
            return .object(members)
        }
        let workloads: [JSONValue] = result.workloads.map { workload in
            var fields: [String: JSONValue] = [:]
            for field in ProfileField.allCases {
                guard case .imported(let at, let rule) = workload.profile.source(of: field) else { continue }
                var members = place(at)
                members["rule"] = .string(rule)
                fields[field.key] = .object(members)
            }
            var members = place(workload.origin)
            members["name"] = .string(workload.profile.name)
            members["source_name"] = .string(workload.sourceName)
            members["format"] = .string(workload.format.rawValue)
            members["fields"] = .object(fields)
            return .object(members)
        }
        return JSONValue.object([
            "files_imported": .int(result.filesImported),
            "workloads": .array(workloads),
            "notes": .array(notes),
            "errors": .array(errors),
        ]).rendered() + "\n"
    }
}

/// Imported workloads as rows for the batch pipeline (`berth batch` over Compose,
/// Kubernetes ... files): each row is at its workload's origin and keeps its provenance.
public final class ImportedRows: RowSource {
    public let formatName = "import"
    public let file: String
    private let workloads: [ImportedWorkload]
    private var position = 0
    public let sha256: String
    public var bytesRead: Int { position }
    public var totalBytes: Int? { workloads.count }

    public init(_ result: ImportResult, name: String) {
        workloads = result.workloads
        sha256 = result.sha256
        file = name
    }

    public func next() throws -> InventoryRow? {
        guard position < workloads.count else { return nil }
        defer { position += 1 }
        let workload = workloads[position]
        return InventoryRow(index: position, location: workload.origin, result: .success(workload.profile))
    }
}
