import BerthCore

/// Something about an inventory that is not an error but that its reader should hear of: a
/// column (CSV) or field (JSON, YAML) that is not a profile field, kept as a label or
/// ignored. Printed as `file:line:col: kind: message`, once per column or field name.
public struct InventoryWarning: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A CSV header column that is no profile field, kept as `labels.NAME` or ignored.
        case extraColumn = "extra-column"
        /// A JSON or YAML key that is no profile field, kept as `labels.NAME` or ignored.
        case extraField = "extra-field"
        /// More extra columns or distinct keys than `ExtraFields.warningLimit`: the rest are
        /// not listed.
        case moreExtraFields = "more-extra-fields"
    }

    public var kind: Kind
    public var location: SourceLocation
    public var message: String

    public init(_ kind: Kind, at location: SourceLocation, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(kind.rawValue): \(message)" }
}

/// What an inventory does with a column or key that is not a profile field (docs/inventory.md,
/// "Columns that are not profile fields"). CMDB and spreadsheet exports carry columns of their
/// own (`owner_email`, `cost_center`): one of them should not refuse the whole inventory, but a
/// typo of a field (`memroy_mib`) must not quietly become a label either.
enum ExtraName: Equatable {
    /// A profile field, `MAP.KEY` of a map field, or a bare map field: the decoder's to judge.
    case known
    /// Close to a field (`memroy_mib`): a typo, refused with "did you mean".
    case nearMiss(String)
    /// Unrelated to every field, and a valid label key: read as this `labels.NAME`.
    case label(String)
    /// Unrelated to every field, and no valid label key (empty, control characters): dropped.
    /// `reason` is why it is no label key, nil for an empty name.
    case ignored(reason: String?)

    init(_ name: String) {
        if ProfileSchema.byName[name] != nil {
            self = .known
        } else if let dot = name.firstIndex(of: "."), let field = ProfileSchema.byName[String(name[..<dot])], field.isMap {
            self = .known
        } else if let hint = ProfileSchema.nearMiss(for: name) {
            self = .nearMiss(hint)
        } else if name.isEmpty {
            self = .ignored(reason: nil)
        } else if let problem = ProfileDecoder.keyProblem(of: .labels, name, at: .file("")) {
            self = .ignored(reason: problem.message)
        } else {
            self = .label("labels." + name)
        }
    }

    /// The one warning for a kept or ignored name: `what` is "column" (CSV) or "field".
    func warning(_ kind: InventoryWarning.Kind, _ what: String, name: String, at location: SourceLocation) -> InventoryWarning? {
        switch self {
        case .known, .nearMiss:
            return nil
        case .label(let key):
            let values = kind == .extraColumn ? "" : " where its value is a scalar, ignored where it is a list or mapping"
            return InventoryWarning(kind, at: location, "\(what) '\(name)' is not a profile field: read as \(key)\(values) (--strict refuses it)")
        case .ignored(nil):
            return InventoryWarning(kind, at: location, "a \(what) with an empty name: ignored (--strict refuses it)")
        case .ignored(let reason?):
            return InventoryWarning(kind, at: location, "\(what) '\(name)' is not a profile field nor a label key (\(reason)): ignored (--strict refuses it)")
        }
    }
}

/// Extra keys of JSON and YAML rows: each row's entries are triaged by key, and the first
/// row with a key warns about it. Rows are rewritten only when they hold such a key.
struct ExtraFields {
    /// Extra columns or distinct keys warned about before one last `more-extra-fields`
    /// warning, so that a file with a new key in every row (or a header of thousands of
    /// columns) neither prints a line for each nor keeps every key.
    static let warningLimit = 100

    let strict: Bool
    private(set) var warnings: [InventoryWarning] = []
    private var seen: [String: ExtraName] = [:]
    private var overLimit = false

    init(strict: Bool) { self.strict = strict }

    /// The row's entries with extra keys read as labels or dropped. Strict, they are kept,
    /// and the decoder refuses them as unknown fields.
    mutating func filter(_ entries: [RawEntry]) -> [RawEntry] {
        if strict || entries.allSatisfy({ ProfileSchema.byName[$0.key] != nil }) { return entries }
        var kept: [RawEntry] = []
        kept.reserveCapacity(entries.count)
        for var entry in entries {
            switch triage(entry) {
            case .known, .nearMiss:
                kept.append(entry)
            case .label(let key):
                switch entry.value {
                case .scalar, .null:
                    entry.key = key
                    kept.append(entry)
                case .mapping, .sequence:
                    break  // no label value: dropped, as the warning says
                }
            case .ignored:
                break
            }
        }
        return kept
    }

    private mutating func triage(_ entry: RawEntry) -> ExtraName {
        if let known = seen[entry.key] { return known }
        let name = ExtraName(entry.key)
        if name == .known { return name }
        guard seen.count < Self.warningLimit else {
            if !overLimit {
                overLimit = true
                warnings.append(InventoryWarning(.moreExtraFields, at: entry.keyLocation,
                                                 "more than \(Self.warningLimit) field names are not profile fields; the others are not listed"))
            }
            return name
        }
        seen[entry.key] = name
        if let warning = name.warning(.extraField, "field", name: entry.key, at: entry.keyLocation) { warnings.append(warning) }
        return name
    }
}
