/// Where a value came from in a text file: 1-based line and column.
public struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A whole file (one that cannot be read, say): no line or column.
    public static func file(_ path: String) -> SourceLocation { SourceLocation(file: path, line: 0, column: 0) }

    /// `file:line:col`, or just `file` for a whole file.
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

/// What an error means to the person who ran berth; the CLI turns it into the exit status
/// docs/cli.md documents, in one place.
public enum ErrorCategory: Sendable {
    /// The answer is no: a platform the rules excluded, a refused request.
    case refusal
    /// The command line is wrong: an unknown option, a value out of its set, a bad date.
    case usage
    /// A profile, rule, pack, inventory or other named input is wrong or cannot be read.
    case badInput
    /// The database or the file system failed.
    case environment
}

/// An error that knows what it means. Every error type of berth's libraries conforms.
public protocol CategorizedError: Error {
    var category: ErrorCategory { get }
}

/// Every error berth reports about input: a stable code, a location and a message.
/// The CLI prints it as `file:line:col: code: message`; library code never prints.
public protocol LocatedError: CategorizedError, CustomStringConvertible {
    var location: SourceLocation? { get }
    var code: String { get }
    var message: String { get }
    /// Every problem the error stands for, one `file:line:col: code: message` line each, in
    /// file order (a profile with four mistakes reports four).
    var lines: [String] { get }
}

extension LocatedError {
    public var description: String {
        if let location { return "\(location): \(code): \(message)" }
        return "\(code): \(message)"
    }

    public var lines: [String] { [description] }
}
