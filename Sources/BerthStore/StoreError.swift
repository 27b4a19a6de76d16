import BerthCore

/// What can go wrong with the database, as berth reports it. SQLite failures are wrapped
/// with the operation that failed; the CLI prints `code: message`.
public struct StoreError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        /// The file cannot be opened or is not a berth database.
        case cannotOpen = "db-open"
        /// The database was written by a newer berth (a migration this build does not know).
        case tooNew = "db-too-new"
        case notFound = "not-found"
        /// A SQLite error while reading or writing.
        case sqlite
        /// A run was used after it was finished, or the like.
        case misuse
    }

    public var kind: Code
    public var message: String
    public var location: SourceLocation? { nil }
    public var code: String { kind.rawValue }
    /// A missing database, profile or run is a wrong name on the command line; the rest is
    /// the database failing.
    public var category: ErrorCategory {
        switch kind {
        case .notFound: return .badInput
        case .cannotOpen, .tooNew, .sqlite, .misuse: return .environment
        }
    }

    public init(_ kind: Code, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
