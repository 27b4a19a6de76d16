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

/// Every error berth reports about input: a stable code, a location and a message.
/// The CLI prints it as `file:line:col: code: message`; library code never prints.
public protocol LocatedError: Error, CustomStringConvertible {
    var location: SourceLocation? { get }
    var code: String { get }
    var message: String { get }
}

extension LocatedError {
    public var description: String {
        if let location { return "\(location): \(code): \(message)" }
        return "\(code): \(message)"
    }
}
