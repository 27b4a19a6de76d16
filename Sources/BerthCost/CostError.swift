import BerthCore

/// One problem with a price file or with the input of a cost calculation.
public struct CostError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        case syntax
        case badFile = "bad-price-file"
        case unknownKey = "unknown-key"
        case missingPrice = "missing-price"
        case duplicatePrice = "duplicate-price"
        case noDate = "no-date"
        case badDate = "bad-date"
        case unknownRegion = "unknown-region"
        case notANumber = "not-a-number"
        case outOfRange = "out-of-range"
        case missingSource = "missing-source"
        case badConfidence = "bad-confidence"
        case wrongUnit = "wrong-unit"
        case unknownVariant = "unknown-variant"
    }

    public var kind: Code
    public var location: SourceLocation?
    /// The input field concerned (`requests_per_month`, `region`), for input errors.
    public var field: String?
    public var message: String
    public var code: String { kind.rawValue }
    /// Price files and usage values are input.
    public var category: ErrorCategory { .badInput }

    public init(_ kind: Code, at location: SourceLocation?, field: String? = nil, _ message: String) {
        self.kind = kind
        self.location = location
        self.field = field
        self.message = message
    }
}

/// Every problem found in one price file, in file order. Loading reports them all at once
/// and yields no catalog (nothing half-loaded). As a `LocatedError` it shows the first;
/// `description` lists every one, one `file:line:col: code: message` a line.
public struct PriceFileError: LocatedError, Equatable {
    public var errors: [CostError]

    public var location: SourceLocation? { errors.first?.location }
    public var code: String { errors.first?.code ?? CostError.Code.badFile.rawValue }
    public var message: String { errors.first?.message ?? "" }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
    public var category: ErrorCategory { .badInput }
}
