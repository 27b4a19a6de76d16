/// Prose for a terminal: lines longer than the width are broken at spaces, continuation lines
/// indented two past the line's own indent (so `+ reason` and `x reason` lines hang under
/// their text). A word longer than the width is never split. Colour escapes take no room;
/// East Asian wide characters take two columns.
public enum TextWrap {
    public static func wrap(_ text: String, width: Int) -> String {
        guard width > 0 else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 16)
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if n > 0 { out += "\n" }
            out += wrapLine(Substring(line), width: width)
        }
        return out
    }

    static func wrapLine(_ line: Substring, width: Int) -> String {
        guard columns(line) > width else { return String(line) }
        // The indent is the spaces before the first visible character, after any colour escape.
        var lead = line.startIndex
        var indent = 0
        while lead < line.endIndex {
            if line[lead] == "\u{1B}", let end = line[lead...].firstIndex(of: "m") {
                lead = line.index(after: end)
            } else if line[lead] == " " {
                indent += 1
                lead = line.index(after: lead)
            } else {
                break
            }
        }
        let hanging = String(repeating: " ", count: min(indent + 2, width / 2))
        var out = String(line[..<lead])
        var used = indent
        var first = true
        for word in line[lead...].split(separator: " ", omittingEmptySubsequences: false) {
            let w = columns(word)
            if !first, used + 1 + w > width {
                out += "\n" + hanging
                used = hanging.count
            } else if !first {
                out += " "
                used += 1
            }
            out += word
            used += w
            first = false
        }
        return out
    }

    /// Terminal columns a text takes.
    public static func columns<S: StringProtocol>(_ s: S) -> Int {
        var n = 0
        var inEscape = false
        for scalar in s.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; continue }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            n += isWide(scalar.value) ? 2 : 1
        }
        return n
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x20000...0x3FFFD).contains(v)
    }
}
