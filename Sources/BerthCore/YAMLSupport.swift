import Foundation
import Yams

/// Reading YAML (and JSON, which YAML 1.2 reads too) with the place of every node,
/// so that errors can name file, line and column.
public enum YAMLSupport {
    /// Decodes bytes as UTF-8 text, refusing binary input (NUL bytes, invalid UTF-8).
    public static func text(from data: Data, file: String) throws -> String {
        guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
            throw ProfileError(.notText, at: SourceLocation(file: file, line: 1), "not UTF-8 text (binary data?)")
        }
        return text
    }

    /// The first document's root node; nil for an empty (or comment-only) document.
    public static func compose(_ text: String, file: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw ProfileError(.syntax, at: SourceLocation(file: file, line: 1), "cannot read YAML: \(error)")
        }
    }

    /// Every document's root node (for files holding several `---` documents).
    public static func composeAll(_ text: String, file: String) throws -> [Node] {
        do {
            var sequence = try Yams.compose_all(yaml: text)
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
            return ProfileError(.duplicateField, at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                                field: duplicates.first, "key '\(duplicates.joined(separator: "', '"))' is given twice")
        default:
            return ProfileError(.syntax, at: SourceLocation(file: file, line: 1), "invalid YAML: \(error)")
        }
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
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileError(.notText, at: nil, "\(path): cannot read the file")
        }
        return try load(data: data, file: path)
    }

    public static func load(data: Data, file: String) throws -> Profile {
        let text = try YAMLSupport.text(from: data, file: file)
        guard let root = try YAMLSupport.compose(text, file: file) else {
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
