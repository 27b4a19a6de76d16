/// A value the rule language works with: what a profile field, a label or a catalog entry holds.
/// `null` stands for "unknown" (an optional field left out, a label not set, a catalog value
/// with no date in force).
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])

    public var description: String {
        switch self {
        case .null: return "unknown"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return Value.format(d)
        case .string(let s): return "\"\(s)\""
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// The value as a person would write it in a profile (no quotes on strings).
    public var plainText: String {
        if case .string(let s) = self { return s }
        return description
    }

    /// Shortest decimal text for a double: 0.5, 2 (not 2.0), 0.25.
    public static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }

    public var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}
