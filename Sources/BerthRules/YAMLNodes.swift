import BerthCore
import Yams

/// Small helpers over Yams nodes for the rule, pack and catalog files; errors become RuleErrors.
enum YAMLNodes {
    static func compose(_ text: String, file: String) throws -> Node? {
        do { return try YAMLSupport.compose(text, file: file) } catch let e as ProfileError { throw RuleError(.syntax, at: e.location, e.message) }
    }

    static func composeAll(_ text: String, file: String) throws -> [Node] {
        do { return try YAMLSupport.composeAll(text, file: file) } catch let e as ProfileError { throw RuleError(.syntax, at: e.location, e.message) }
    }

    static func location(_ node: Node, _ file: String) -> SourceLocation { YAMLSupport.location(of: node, file: file) }

    /// A mapping's fields by key, refusing keys outside `allowed` (with a suggestion).
    static func fields(_ node: Node, file: String, allowed: [String], what: String) throws -> [String: Node] {
        guard let mapping = node.mapping else {
            throw RuleError(.badRule, at: location(node, file), "\(what) must be a mapping")
        }
        var out: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard allowed.contains(name) else {
                var message = "unknown key '\(name)' in \(what)"
                if let hint = ProfileSchema.closest(to: name, among: allowed) { message += "; did you mean '\(hint)'?" }
                throw RuleError(.badRule, at: location(key, file), message)
            }
            guard out[name] == nil else { throw RuleError(.badRule, at: location(key, file), "key '\(name)' is given twice in \(what)") }
            out[name] = value
        }
        return out
    }

    /// A scalar or list node as a Value, typing plain scalars the YAML way.
    static func value(_ node: Node, file: String) throws -> Value {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
            if ["", "~", "null", "Null", "NULL"].contains(text) { return .null }
            if let b = ProfileDecoder.parseBool(text) { return .bool(b) }
            if let i = Int(text) { return .int(i) }
            if let d = Double(text), d.isFinite { return .double(d) }
            return .string(text)
        case .sequence(let sequence):
            return .list(try sequence.map { try value($0, file: file) })
        default:
            throw RuleError(.badRule, at: location(node, file), "expected a value, not a mapping")
        }
    }
}
