import BerthCore

/// One line of the conversion report: something an import could not use, or had to
/// assume. Printed as `file:line:col: kind: message`, like errors.
public struct ImportNote: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// A key the format defines that no profile field holds (`volumes`, `command`).
        case notUsed = "not-used"
        /// A key the format does not define (a misspelling?).
        case unknownKey = "unknown-key"
        /// A Kubernetes manifest of a kind berth does not know.
        case unknownKind = "unknown-kind"
        /// A value behind `!Ref`, `${...}` and the like: unknown, not an error.
        case hiddenValue = "hidden-value"
        /// What the import had to assume (a default, a choice between values).
        case assumed
        /// Several containers: which one is the workload, and why.
        case chosenContainer = "chosen-container"
        /// A name that was made a DNS-1123 label.
        case renamed
        /// A file found in a folder that is none of the formats.
        case ignoredFile = "ignored-file"
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The profile the note concerns, when it concerns one.
    public var workload: String?
    public var message: String

    public init(_ kind: Kind, at location: SourceLocation, workload: String? = nil, _ message: String) {
        self.kind = kind
        self.location = location
        self.workload = workload
        self.message = message
    }

    public var description: String { "\(location): \(kind.rawValue): \(message)" }
}

/// Why a file, or one workload of it, was not imported.
public struct ImportError: LocatedError, Hashable {
    public enum Code: String, Sendable {
        case unreadable
        case notText = "not-text"
        case syntax
        case tooLarge = "too-large"
        case unknownFormat = "unknown-format"
        case badQuantity = "bad-quantity"
        case badValue = "bad-value"
        case missingKey = "missing-key"
        case invalidName = "invalid-name"
        case duplicateName = "duplicate-name"
        case unknownEnvironment = "unknown-environment"
    }

    public var code: String
    public var location: SourceLocation?
    public var message: String
    public var category: ErrorCategory { .badInput }

    public init(_ code: Code, at location: SourceLocation?, _ message: String) {
        self.code = code.rawValue
        self.location = location
        self.message = message
    }

    /// A profile check that failed on an imported value keeps the profile's code.
    init(_ error: ProfileError, workload: String) {
        code = error.code
        location = error.location
        message = "\(workload): \(error.message)"
    }
}

/// Collects the notes and errors of one import; importers read values through it so that
/// hidden values are reported once, where they are.
final class Collector {
    var notes: [ImportNote] = []
    var errors: [ImportError] = []
    let options: ImportOptions
    let format: ImportFormat
    /// The workload being read: an error marks it failed, and it is skipped.
    var current: Draft?

    init(options: ImportOptions, format: ImportFormat) {
        self.options = options
        self.format = format
    }

    func note(_ kind: ImportNote.Kind, at location: SourceLocation, workload: String?, _ message: String) {
        notes.append(ImportNote(kind, at: location, workload: workload, message))
    }

    func error(_ code: ImportError.Code, at location: SourceLocation, _ message: String) {
        errors.append(ImportError(code, at: location, message))
        current?.failed = true
    }

    /// What hides a value: a CloudFormation intrinsic (`!Ref`, `{"Fn::GetAtt": ...}`) or a
    /// variable (`${...}`); nil when the value is plain.
    func hider(of node: SourceNode) -> String? {
        if let tag = node.tag { return tag }
        if case .mapping(let entries) = node.value, entries.count == 1,
           entries[0].key == "Ref" || entries[0].key.hasPrefix("Fn::") { return entries[0].key }
        if let text = node.rawText, format.interpolates, text.contains("${") { return "${...}" }
        return nil
    }

    /// The text of a scalar, or nil after reporting why it cannot be used.
    func text(_ node: SourceNode?, workload: String?) -> String? {
        guard let node, !node.isNull else { return nil }
        if let hider = hider(of: node) {
            note(.hiddenValue, at: node.location, workload: workload,
                 "\(node.path) is \(hider) \(Shown.value(node)); its value is unknown to berth, so it is left out")
            return nil
        }
        guard let text = node.rawText else {
            error(.badValue, at: node.location, "\(node.path) must be a single value, not \(node.isMapping ? "a mapping" : "a list")")
            return nil
        }
        return text
    }

    /// Reports every key of `node` that is neither `read` nor an extension (`x-`): as not
    /// used when the format defines it (`known`), else as unknown.
    func unread(_ node: SourceNode, read: Set<String>, known: Set<String>, workload: String?, what: String) {
        for entry in node.entries where !read.contains(entry.key) && !entry.key.hasPrefix("x-") {
            let path = SourceNode.join(node.path, entry.key)
            if known.contains(entry.key) {
                note(.notUsed, at: entry.keyLocation, workload: workload, "\(path) is not used: no profile field holds it")
            } else {
                var message = "\(path) is not a key of \(what)"
                if let hint = ProfileSchema.closest(to: entry.key, among: known.sorted()) { message += " (did you mean '\(hint)'?)" }
                note(.unknownKey, at: entry.keyLocation, workload: workload, message + "; not used")
            }
        }
    }
}

/// Source text as the report shows it: clipped, control characters escaped.
enum Shown {
    static func text(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(60) {
            if scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 60 ? out + "…" : out
    }

    /// A node's value in quotes, or its shape (`a mapping`, `a list of 3`).
    static func value(_ node: SourceNode) -> String {
        switch node.value {
        case .scalar(let text, _): return "'" + Self.text(text) + "'"
        case .mapping(let entries):
            if entries.count == 1 { return "{\(Self.text(entries[0].key)): …}" }
            return "(a mapping)"
        case .sequence(let items): return "(a list of \(items.count))"
        case .null: return "(null)"
        }
    }

    /// A number as profiles write it (`0.5`, `2`).
    static func number(_ value: Double) -> String { Value.format(value) }
}
