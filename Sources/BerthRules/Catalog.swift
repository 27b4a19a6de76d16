import BerthCore
import Yams

/// One dated value of a catalog entry.
public struct CatalogValue: Sendable, Equatable {
    /// First day the value is in force (YYYY-MM-DD); nil for the earliest value we know.
    public var since: String?
    public var value: Value
    public var source: String
    /// H, M or L, as in aws-facts.md.
    public var confidence: String
}

/// A platform limit or capability whose value changes over time.
public struct CatalogEntry: Sendable, Equatable {
    public var key: String
    public var kind: ValueKind
    public var description: String
    /// Oldest first.
    public var values: [CatalogValue]
    public var location: SourceLocation

    /// The value in force on `date` (YYYY-MM-DD), or nil when the entry has none yet.
    public func value(asOf date: String) -> CatalogValue? {
        values.last { ($0.since ?? "") <= date }
    }
}

/// The dated platform catalog (data/catalog.yaml): every limit and capability the rules read.
public struct Catalog: Sendable, Equatable {
    public let entries: [String: CatalogEntry]
    /// The entries' keys, sorted: kept, not sorted again by every engine that walks them.
    public let keys: [String]

    public init(entries: [String: CatalogEntry]) { self.init(entries: entries, sortedKeys: entries.keys.sorted()) }

    init(entries: [String: CatalogEntry], sortedKeys: [String]) {
        self.entries = entries
        keys = sortedKeys
    }

    /// The capabilities variants state (`fargate_spot.windows_x86_64` -> `windows_x86_64`), with
    /// their types: what a requirement may read as `catalog.self.KEY`.
    static func capabilityKinds(_ catalog: Catalog) -> [String: ValueKind] {
        var out: [String: ValueKind] = [:]
        for variant in Variant.allCases {
            let prefix = variant.catalogPrefix + "."
            for (key, entry) in catalog.entries where key.hasPrefix(prefix) { out[String(key.dropFirst(prefix.count))] = entry.kind }
        }
        return out
    }

    /// Merges another catalog file's entries; a key in both is an error at its second place.
    mutating func merge(_ other: Catalog) throws {
        var merged = entries
        for (key, entry) in other.entries.sorted(by: { $0.key < $1.key }) {
            if let first = merged[key] {
                throw RuleError(.badCatalog, at: entry.location, "catalog entry '\(key)' is also in \(first.location.file):\(first.location.line)")
            }
            merged[key] = entry
        }
        self = Catalog(entries: merged)
    }

    /// The catalog describes the platforms from the talk (2018-08-03) on: its first values are
    /// "as the talk found them", so no date before it can be answered.
    public static let earliestDate = "2018-08-03"

    /// Reads the catalog. Dates are `YYYY-MM-DD` or `YYYY-MM` (the first of that month).
    public static func parse(_ text: String, file: String) throws -> Catalog {
        try parse(root: try YAMLNodes.compose(text, file: file), file: file)
    }

    /// The same from a file's root node, already composed.
    static func parse(root: Node?, file: String) throws -> Catalog {
        guard let root else { return Catalog(entries: [:]) }
        guard let mapping = root.mapping else {
            throw RuleError(.badCatalog, at: YAMLNodes.location(root, file), "the catalog must be a mapping of keys to entries")
        }
        var entries: [String: CatalogEntry] = [:]
        for (keyNode, node) in mapping {
            let at = YAMLNodes.location(keyNode, file)
            guard let key = keyNode.string, Catalog.isKey(key) else {
                throw RuleError(.badCatalog, at: at, "catalog keys look like 'platform.limit' (letters, digits, '_' and '.')")
            }
            let fields = try YAMLNodes.fields(node, file: file, allowed: ["type", "description", "unit", "values"], what: "catalog entry '\(key)'")
            guard let typeNode = fields["type"], let typeName = typeNode.string,
                  let kind = ValueKind(rawValue: typeName), [.bool, .int, .double, .string, .list].contains(kind) else {
                throw RuleError(.badCatalog, at: at, "catalog entry '\(key)' needs 'type': bool, int, double, string or list")
            }
            guard let valuesNode = fields["values"], let sequence = valuesNode.sequence, !sequence.isEmpty else {
                throw RuleError(.badCatalog, at: at, "catalog entry '\(key)' needs a non-empty 'values' list")
            }
            var values: [CatalogValue] = []
            for item in sequence {
                let itemAt = YAMLNodes.location(item, file)
                let f = try YAMLNodes.fields(item, file: file, allowed: ["since", "value", "source", "confidence", "note"], what: "a value of '\(key)'")
                var since: String? = nil
                if let sinceNode = f["since"], let text = sinceNode.string, !text.isEmpty, text != "null" {
                    guard let day = Catalog.normalise(date: text) else {
                        throw RuleError(.badCatalog, at: YAMLNodes.location(sinceNode, file), "'since' must be YYYY-MM-DD or YYYY-MM, got '\(text)'")
                    }
                    since = day
                } else if !values.isEmpty {
                    throw RuleError(.badCatalog, at: itemAt, "only the first value of '\(key)' may leave out 'since'")
                }
                if let previous = values.last?.since, let since, since <= previous {
                    throw RuleError(.badCatalog, at: itemAt, "values of '\(key)' must be in date order")
                }
                guard let valueNode = f["value"] else { throw RuleError(.badCatalog, at: itemAt, "each value of '\(key)' needs 'value'") }
                let value = try YAMLNodes.value(valueNode, file: file)
                if value != .null, !Catalog.matches(value, kind) {
                    throw RuleError(.badCatalog, at: YAMLNodes.location(valueNode, file), "'\(key)' is of type \(kind.rawValue), got \(value)")
                }
                guard let source = f["source"]?.string, !source.isEmpty else {
                    throw RuleError(.badCatalog, at: itemAt, "each value of '\(key)' needs a 'source'")
                }
                let confidence = f["confidence"]?.string ?? "H"
                guard ["H", "M", "L"].contains(confidence) else {
                    throw RuleError(.badCatalog, at: itemAt, "'confidence' is H, M or L")
                }
                values.append(CatalogValue(since: since, value: value, source: source, confidence: confidence))
            }
            entries[key] = CatalogEntry(key: key, kind: kind, description: fields["description"]?.string ?? "", values: values, location: at)
        }
        return Catalog(entries: entries)
    }

    /// `platform.limit`: letters, digits, `_` and `.`, at least two parts. ASCII keys (all
    /// of the bundled ones) are checked byte by byte; `Character` properties cost 40 times as much.
    static func isKey(_ key: String) -> Bool {
        let ascii = key.utf8.allSatisfy { $0 < 0x80 }
        let allowed = ascii
            ? key.utf8.allSatisfy { b in (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F || b == 0x2E }
            : key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        return allowed && key.split(separator: ".").count >= 2
    }

    static func matches(_ value: Value, _ kind: ValueKind) -> Bool {
        switch (value, kind) {
        case (.bool, .bool), (.int, .int), (.int, .double), (.double, .double), (.string, .string), (.list, .list): return true
        default: return false
        }
    }

    /// `2021-10` -> `2021-10-01`; `2021-10-28` stays; anything else, such as a day the
    /// month does not have (`2021-02-29`), is nil.
    public static func normalise(date: String) -> String? {
        let day = date.utf8.count == 7 ? date + "-01" : date
        guard let parsed = CalendarDate.parse(day), parsed.year > 1900 else { return nil }
        return day
    }
}
