/// A small YAML writer for generated manifests and templates.
///
/// Why not Yams' emitter: generated files carry comments that say where each choice came
/// from (`# from answer: os=windows`), which Yams cannot write. And every string that may
/// come from a profile (names, descriptions, labels, image) is written double-quoted and
/// escaped, so no input can change the structure of the document.
indirect enum YAML: Equatable {
    /// A token the generator itself chose (numbers, booleans, enum words such as `TCP`).
    /// Written as is; never pass profile text here.
    case plain(String)
    /// Any string: always double-quoted and escaped.
    case string(String)
    /// A CloudFormation short-form intrinsic, e.g. `!GetAtt Queue.Arn`; generator text only.
    case tag(String, String)
    case map([YAMLEntry])
    case list([YAML])

    static func int(_ i: Int) -> YAML { .plain(String(i)) }
    static func bool(_ b: Bool) -> YAML { .plain(b ? "true" : "false") }
}

struct YAMLEntry: Equatable {
    var key: String
    var value: YAML
    /// Written after the value on the same line (after the key, for nested blocks).
    var comment: String?
    /// Whole-line comments written before the entry.
    var leading: [String]

    init(_ key: String, _ value: YAML, comment: String? = nil, leading: [String] = []) {
        self.key = key
        self.value = value
        self.comment = comment
        self.leading = leading
    }
}

enum YAMLEmitter {
    /// Documents joined by `---`, with optional whole-line comments at the top of the file.
    static func render(documents: [YAML], header: [String] = []) -> String {
        var out = ""
        for line in header { out += "# " + commentText(line) + "\n" }
        for (i, doc) in documents.enumerated() {
            if i > 0 { out += "---\n" }
            write(doc, indent: 0, into: &out)
        }
        return out
    }

    static func render(_ doc: YAML) -> String {
        var out = ""
        write(doc, indent: 0, into: &out)
        return out
    }

    private static func pad(_ n: Int) -> String { String(repeating: " ", count: n) }

    /// Writes a top-level or nested block value starting on a fresh line at `indent`.
    private static func write(_ node: YAML, indent: Int, into out: inout String) {
        switch node {
        case .map(let entries) where !entries.isEmpty:
            for entry in entries { writeEntry(entry, indent: indent, into: &out) }
        case .list(let items) where !items.isEmpty:
            for item in items { writeItem(item, indent: indent, into: &out) }
        default:
            out += pad(indent) + inline(node) + "\n"
        }
    }

    private static func writeEntry(_ entry: YAMLEntry, indent: Int, into out: inout String) {
        for line in entry.leading { out += pad(indent) + "# " + commentText(line) + "\n" }
        let key = quoteKey(entry.key)
        let comment = entry.comment.map { "  # " + commentText($0) } ?? ""
        switch entry.value {
        case .map(let entries) where !entries.isEmpty:
            out += pad(indent) + key + ":" + comment + "\n"
            write(entry.value, indent: indent + 2, into: &out)
        case .list(let items) where !items.isEmpty:
            out += pad(indent) + key + ":" + comment + "\n"
            write(entry.value, indent: indent + 2, into: &out)
        default:
            out += pad(indent) + key + ": " + inline(entry.value) + comment + "\n"
        }
    }

    private static func writeItem(_ item: YAML, indent: Int, into out: inout String) {
        switch item {
        case .map(let entries) where !entries.isEmpty:
            // The first entry shares the "- " line; the rest line up under it.
            for (i, entry) in entries.enumerated() {
                if i == 0 {
                    // The first entry shares the "- " line; the rest line up under it.
                    for line in entry.leading { out += pad(indent) + "# " + commentText(line) + "\n" }
                    var bare = entry
                    bare.leading = []
                    var block = ""
                    writeEntry(bare, indent: indent + 2, into: &block)
                    out += pad(indent) + "- " + String(block.dropFirst(indent + 2))
                } else {
                    writeEntry(entry, indent: indent + 2, into: &out)
                }
            }
        case .list(let items) where !items.isEmpty:
            out += pad(indent) + "-\n"
            write(.list(items), indent: indent + 2, into: &out)
        default:
            out += pad(indent) + "- " + inline(item) + "\n"
        }
    }

    /// A value on one line: scalars, tags and empty collections.
    private static func inline(_ node: YAML) -> String {
        switch node {
        case .plain(let s): return s
        case .string(let s): return quote(s)
        case .tag(let tag, let arg): return tag + " " + arg
        case .map: return "{}"
        case .list: return "[]"
        }
    }

    /// Keys the generator writes (`apiVersion`, `app.kubernetes.io/name`) stay plain;
    /// anything else, such as a profile label's key, is double-quoted, and so is a key that
    /// starts with a digit, which YAML may read as a number (`123`, `1e3`, `0x1F`).
    static func quoteKey(_ key: String) -> String {
        let bytes = Array(key.utf8)
        func safe(_ b: UInt8) -> Bool {
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 45 || b == 95 || b == 46 || b == 47
        }
        let reserved: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]
        if let first = bytes.first, safe(first), first != 45, first != 46, !(48...57).contains(first),
           bytes.allSatisfy(safe), !reserved.contains(key.lowercased()) {
            return key
        }
        return quote(key)
    }

    /// A YAML double-quoted scalar. Escapes quotes, backslashes, every control character,
    /// the characters YAML treats as line breaks (NEL, LS, PS) and the BOM, so the text
    /// reads back exactly and cannot end the scalar. Other Unicode (e.g. Japanese) stays as is.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || (v >= 0x80 && v <= 0x9F) || v == 0x2028 || v == 0x2029
                    || v == 0xFEFF || v == 0xFFFE || v == 0xFFFF {
                    out += "\\u" + hex4(v)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Comment text on one line: line breaks and control characters become spaces.
    static func commentText(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (v >= 0x80 && v <= 0x9F) || v == 0x2028 || v == 0x2029 || v == 0xFEFF {
                out += " "
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}

