import BerthCore

/// Why an inventory cannot be read at all. Thrown before any row is produced (or, for an
/// I/O failure part-way, by `next()`); problems with single rows are `ProfileError`s
/// carried by the row instead, so that the rest of the inventory is still decided.
public struct InventoryError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        /// Missing file, no permission, a directory, a read failure.
        case unreadable
        /// Binary data or invalid UTF-8 where text is expected.
        case notText = "not-text"
        /// No header row (CSV) or nothing at all.
        case empty
        /// A CSV header column that is not a profile field or `labels.KEY`.
        case unknownColumn = "unknown-column"
        case duplicateColumn = "duplicate-column"
        /// A CSV header without a `name` column.
        case missingNameColumn = "missing-name-column"
        /// Malformed YAML/JSON, or a CSV header that is not valid CSV.
        case syntax
        /// YAML/JSON whose top level is not a list of profiles.
        case notAList = "not-a-list"
        /// The format could not be told from the file name.
        case unknownFormat = "unknown-format"
        /// One record larger than the reader accepts (a quote never closed, usually).
        case recordTooLarge = "record-too-large"
    }

    public var kind: Code
    public var location: SourceLocation?
    public var message: String
    public var code: String { kind.rawValue }
    public var category: ErrorCategory { .badInput }

    public init(_ kind: Code, at location: SourceLocation?, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }
}
