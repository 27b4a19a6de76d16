/// Escaping for the output formats. Every string that comes from an inventory, a rule
/// pack or the database goes through one of these.
enum Escape {
    /// HTML text and attribute values (double- or single-quoted): `& < > " '`.
    static func html(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where b == 38 || b == 60 || b == 62 || b == 34 || b == 39 { needs = true; break }
        guard needs else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Text inside GitHub-flavoured Markdown (paragraphs, list items, table cells): HTML
    /// special characters become entities (GitHub would otherwise take `<b>` as HTML),
    /// Markdown punctuation is backslash-escaped, `|` cannot end a table cell, and line
    /// breaks become spaces.
    static func markdown(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!", "{", "}": out += "\\"; out.unicodeScalars.append(ch)
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
    /// doubled. A text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is
    /// prefixed with `'`, so that a spreadsheet shows it rather than evaluating it as a
    /// formula (OWASP, "CSV Injection"). Numbers berth writes are not passed through here.
    static func csv(_ s: String) -> String {
        var text = s
        if let first = s.utf8.first, first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D {
            text = "'" + s
        }
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// An HTML id/fragment for a service name (names are DNS labels, but escape anyway).
    static func anchor(_ prefix: String, _ name: String) -> String {
        var out = prefix
        for ch in name.unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") || ch == "-" { out.unicodeScalars.append(ch) } else {
                out += "_\(ch.value)_"
            }
        }
        return out
    }
}
