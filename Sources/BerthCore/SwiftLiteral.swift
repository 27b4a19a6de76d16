/// Swift source for the bundle tools, which embed files and compiled forms in the binary.
public enum SwiftLiteral {
    /// A raw multi-line string literal of `text`, its delimiter one that cannot occur in it.
    /// The literal reads a carriage return back as a line feed: callers for whom that
    /// changes the text refuse one.
    public static func rawString(_ text: String) -> String {
        var hashes = "#"
        while text.contains("\"" + hashes) || text.contains(hashes + "\"") || text.contains("\\" + hashes) { hashes += "#" }
        return "\(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)"
    }
}
