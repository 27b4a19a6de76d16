import BerthCore

/// Everything that can be wrong with a rule, a pack, the catalog or a pack test,
/// found when loading (before anything is evaluated).
public struct RuleError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        case syntax
        case unknownName = "unknown-name"
        case typeMismatch = "type-mismatch"
        case badRule = "bad-rule"
        case duplicateID = "duplicate-id"
        case badCatalog = "bad-catalog"
        case badPack = "bad-pack"
        case badExample = "bad-example"
        case badTest = "bad-test"
        case notFound = "not-found"
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
