import Foundation
import Yams

/// Reading YAML (and JSON, which YAML 1.2 reads too) with the place of every node,
/// so that errors can name file, line and column.
public enum YAMLSupport {
    /// Decodes bytes as UTF-8 text, refusing binary input (NUL bytes, invalid UTF-8) at the
    /// place of the first bad byte.
    public static func text(from data: Data, file: String) throws -> String {
        if let text = String(data: data, encoding: .utf8), !data.contains(0) { return text }
        var line = 1, column = 1
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar == "\0" { return try refuse(file, line, column, "a NUL byte") }
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .error:
                return try refuse(file, line, column, "bytes that are not UTF-8")
            case .emptyInput:
                return try refuse(file, 1, 1, "bytes that are not UTF-8")
            }
        }
    }

    private static func refuse(_ file: String, _ line: Int, _ column: Int, _ what: String) throws -> String {
        throw ProfileError(.notText, at: SourceLocation(file: file, line: line, column: column), "not UTF-8 text (binary data?): \(what) here")
    }

    /// The tag resolver every document is composed with: none. berth reads each scalar as
    /// text and gives it a type itself (`RawValue`, plain or quoted), never by Yams's tags, so
    /// Yams's default resolver, whose first use compiles its ICU regular expressions (about
    /// 1.5 ms of a 24 ms `berth decide`) and which runs them on every scalar, buys nothing.
    public static let resolver = Resolver.basic

    /// The constructor every document is composed with: one with no tables, for the same
    /// reason. berth never builds Swift values from tags (`Node.any`), and Yams's default
    /// builds its tables of functions anew on every use. A Constructor holds only those
    /// `let` tables, so sharing it is safe; Yams does not mark it Sendable.
    nonisolated(unsafe) public static let constructor = Constructor([:], [:], [:])

    /// The first document's root node; nil for an empty (or comment-only) document.
    /// Every way YAML comes in goes through here or `composeAll`, so `YAMLLimits` guards them all.
    public static func compose(_ text: String, file: String) throws -> Node? {
        try YAMLLimits.check(text, file: file)
        do {
            // UTF-8 named, not Yams's default, which copies the whole environment to look for an override.
            return try Yams.compose(yaml: text, resolver, constructor, .utf8)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw ProfileError(.syntax, at: SourceLocation(file: file, line: 1), "cannot read YAML: \(error)")
        }
    }

    /// Every document's root node (for files holding several `---` documents).
    public static func composeAll(_ text: String, file: String) throws -> [Node] {
        try YAMLLimits.check(text, file: file)
        do {
            var sequence = try Yams.compose_all(yaml: text, resolver, constructor, .utf8)
            var nodes: [Node] = []
            while let node = sequence.next() { nodes.append(node) }
            if let error = sequence.error { throw error }
            return nodes
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch let error as ProfileError {
            throw error
        } catch {
            throw ProfileError(.syntax, at: SourceLocation(file: file, line: 1), "cannot read YAML: \(error)")
        }
    }

    public static func syntaxError(_ error: YamlError, file: String) -> ProfileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ProfileError(.syntax, at: SourceLocation(file: file, line: mark.line, column: mark.column), "invalid YAML: \(problem)")
        case .reader(let problem, _, _, _):
            return ProfileError(.notText, at: SourceLocation(file: file, line: 1), "cannot read text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first occurrence; point at the repeat, as a person would look for it.
            let key = duplicates.first ?? ""
            let at = repeatedKey(key, after: context.mark, in: context.text)
                ?? SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
            return ProfileError(.duplicateField, at: SourceLocation(file: file, line: at.line, column: at.column),
                                field: key, "key '\(duplicates.joined(separator: "', '"))' is given twice")
        default:
            return ProfileError(.syntax, at: SourceLocation(file: file, line: 1), "invalid YAML: \(error)")
        }
    }

    /// The place of the second `key:` (or `"key":`) after the first one's mark.
    static func repeatedKey(_ key: String, after mark: Mark, in text: String) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count, !key.isEmpty else { return nil }
        for index in (mark.line - 1)..<lines.count {
            let line = Array(lines[index].unicodeScalars)
            // Skip past the first occurrence on its own line.
            var start = index == mark.line - 1 ? mark.column - 1 + key.unicodeScalars.count : 0
            while start < line.count {
                guard let found = find(key, in: line, from: start) else { break }
                var after = found.end
                if after < line.count, line[after] == "\"" || line[after] == "'" { after += 1 }
                while after < line.count, line[after] == " " { after += 1 }
                let before = found.start > 0 ? line[found.start - 1] : " "
                let boundary = before == " " || before == "\"" || before == "'" || before == "{" || before == ","
                if boundary, after < line.count, line[after] == ":" {
                    let column = found.start - ((before == "\"" || before == "'") ? 1 : 0) + 1
                    return SourceLocation(file: "", line: index + 1, column: column)
                }
                start = found.end
            }
        }
        return nil
    }

    private static func find(_ key: String, in line: [Unicode.Scalar], from start: Int) -> (start: Int, end: Int)? {
        let needle = Array(key.unicodeScalars)
        guard needle.count <= line.count else { return nil }
        var i = start
        while i + needle.count <= line.count {
            if Array(line[i..<(i + needle.count)]) == needle { return (i, i + needle.count) }
            i += 1
        }
        return nil
    }

    /// `text` as a YAML double-quoted scalar that reads back as exactly `text`: quotes and
    /// backslashes escaped, and every character YAML would not keep as it is (controls, DEL,
    /// C1, the line and paragraph separators, the byte-order mark) written as `\uXXXX`.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                let v = scalar.value
                let kept = (0x20...0x7E).contains(v) || (0xA0...0xD7FF).contains(v) && v != 0x2028 && v != 0x2029
                    || (0xE000...0xFFFD).contains(v) && v != 0xFEFF || v >= 0x10000
                if kept {
                    out.unicodeScalars.append(scalar)
                } else {
                    let hex = String(v, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
        }
        return out + "\""
    }

    /// A mapping key as written: plain when it is a simple name (`labels.team`), else quoted.
    public static func key(_ text: String) -> String {
        func letter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        let scalars = Array(text.unicodeScalars)
        let simple = scalars.first.map(letter) == true
            && scalars.allSatisfy { letter($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
        return simple ? text : quoted(text)
    }

    public static func location(of node: Node, file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// A node as a raw value: plain scalars keep their text for the schema to type,
    /// quoted ones are strings, `null`/`~`/empty are null.
    public static func raw(_ node: Node, file: String) -> RawValue {
        switch node {
        case .scalar(let scalar):
            let plain = scalar.style == .plain || scalar.style == .any
            if plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null }
            return .scalar(scalar.string, plain: plain)
        case .mapping(let mapping):
            return .mapping(entries(of: mapping, file: file))
        case .sequence:
            return .sequence
        case .alias:
            return .null
        }
    }

    public static func entries(of mapping: Node.Mapping, file: String) -> [RawEntry] {
        mapping.map { key, value in
            RawEntry(key: key.string ?? "\(key)", keyLocation: location(of: key, file: file),
                     value: raw(value, file: file), valueLocation: location(of: value, file: file))
        }
    }
}

/// Loads a profile file (YAML or JSON; `-` is standard input, read by the caller).
public enum ProfileFile {
    public static func load(path: String) throws -> Profile {
        try load(data: try read(path: path, what: "a profile file"), file: path)
    }

    /// A whole file's bytes, or an `unreadable` error naming the file and why: missing, a
    /// folder, or not readable. `what` names the kind of file expected ("a profile file").
    public static func read(path: String, what: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ProfileError(.unreadable, at: .file(path), "no such file")
        }
        guard !isDirectory.boolValue else { throw ProfileError(.unreadable, at: .file(path), "is a folder, not \(what)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileError(.unreadable, at: .file(path), "cannot read the file (permissions?)")
        }
        return data
    }

    public static func load(data: Data, file: String) throws -> Profile {
        try decode(root: try YAMLSupport.compose(try YAMLSupport.text(from: data, file: file), file: file), file: file)
    }

    /// The profile of a composed file's one document (nil: an empty file).
    public static func decode(root: Node?, file: String) throws -> Profile {
        guard let root else {
            throw ProfileError(.empty, at: SourceLocation(file: file, line: 1), "the profile is empty")
        }
        guard case .mapping(let mapping) = root else {
            throw ProfileError(.notAMapping, at: YAMLSupport.location(of: root, file: file),
                               "a profile must be a mapping of field names to values, not \(YAMLSupport.raw(root, file: file).typeName)")
        }
        return try ProfileDecoder.decode(YAMLSupport.entries(of: mapping, file: file),
                                         origin: YAMLSupport.location(of: root, file: file))
    }
}

extension String {
    /// The text without leading and trailing whitespace: the same as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` (Unicode's White_Space and, as
    /// Foundation has it, U+200B), at a small part of its cost, which was a tenth of loading
    /// a rule pack.
    public var trimmingWhitespace: String {
        func space(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace || s == "\u{200B}" }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !space($0) }), let last = scalars.lastIndex(where: { !space($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
