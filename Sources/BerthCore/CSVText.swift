/// CSV as berth writes it (batch output, `import --format csv`): RFC 4180.
public enum CSVText {
    /// A cell, quoted when it holds a comma, a quote or a line break (quotes doubled).
    public static func cell(_ text: String) -> String {
        // Scan bytes, not Characters: the four special characters are all ASCII.
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
