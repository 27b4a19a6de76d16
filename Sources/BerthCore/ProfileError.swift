/// Why a profile (a file, an inventory row, an answer) was refused.
public struct ProfileError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        case unreadable
        case notText = "not-text"
        case syntax
        case empty
        case notAMapping = "not-a-mapping"
        case unknownField = "unknown-field"
        case duplicateField = "duplicate-field"
        case missingField = "missing-field"
        case wrongType = "wrong-type"
        case outOfRange = "out-of-range"
        case unknownValue = "unknown-value"
        case invalidName = "invalid-name"
        case duplicateName = "duplicate-name"
        case controlCharacter = "control-character"
        case invalidImage = "invalid-image"
        case invalidSchedule = "invalid-schedule"
        case invalidPath = "invalid-path"
        case invalidVariable = "invalid-variable"
        case invalidSecret = "invalid-secret"
    }

    public var kind: Code
    public var location: SourceLocation?
    /// The profile field concerned, when there is one (`labels.team` for a label).
    public var field: String?
    public var message: String
    /// The other problems of the same profile, in file order, after this first one.
    public var more: [ProfileError] = []

    public var lines: [String] { [description] + more.map(\.description) }

    public var code: String { kind.rawValue }
    public var category: ErrorCategory { .badInput }

    public init(_ kind: Code, at location: SourceLocation?, field: String? = nil, _ message: String) {
        self.kind = kind
        self.location = location
        self.field = field
        self.message = message
    }
}
