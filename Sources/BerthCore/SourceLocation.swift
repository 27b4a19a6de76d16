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

    public var description: String { "\(file):\(line):\(column)" }
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
