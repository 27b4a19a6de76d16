import Foundation
import BerthCore
import Yams

/// Where a rule comes from: a section of the 2018 talk and/or the facts it rests on.
public struct RuleSource: Sendable, Equatable {
    /// Heading of the talk notes' section (`Fargate or EC2`).
    public var talk: String?
    /// Free-text citations beyond the catalog entries the condition reads (aws-facts.md rows).
    public var facts: [String]

    public var isEmpty: Bool { (talk ?? "").isEmpty && facts.isEmpty }
}

/// A profile a rule must (or must not) fire on, on a given date or on every pack's date.
public struct RuleExample: Sendable {
    public var profile: Profile
    public var asOf: String?
    public var fires: Bool
    public var location: SourceLocation
}

/// The languages a rule's and a pack's own words come in. English is always there; Japanese
/// is optional (`ja:` in a rule, `title_ja` in pack.yaml) and falls back to English.
/// The language of a rule's title and rationale.
public typealias RuleLanguage = Language

/// A rule's title and rationale in another language than English (`ja:` in a rule file).
/// The rationale may be left out; it then falls back to the English one.
public struct RuleText: Sendable, Equatable {
    public var title: String
    public var rationale: String?

    public init(title: String, rationale: String? = nil) {
        self.title = title
        self.rationale = rationale
    }
}

/// A rule as loaded and checked: it describes itself, and its examples are its tests.
public struct Rule: Sendable {
    public var id: String
    public var title: String
    public var rationale: String
    /// The title and rationale in Japanese (`ja:`), when the rule has them.
    public var ja: RuleText? = nil
    public var source: RuleSource
    /// The condition as written, for `rules show`.
    public var when: String
    public var effect: RuleEffect
    public var examples: [RuleExample]
    public var location: SourceLocation
    /// Profile fields, labels and catalog entries the condition reads, in order.
    public var reads: [Read]
    let condition: Checked
    /// For a requirement: its condition checked for each variant, with what it reads.
    var needs = VariantMap<(condition: Checked, reads: [Read])?>(repeating: nil)

    public var isRequirement: Bool { if case .require = effect { return true } else { return false } }

    /// What a requirement's condition reads for one variant (its facts under their full keys).
    public func reads(for variant: Variant) -> [Read] { needs[variant]?.reads ?? [] }

    /// The title in a language, falling back to English.
    public func title(in language: RuleLanguage) -> String {
        language == .ja ? (ja?.title ?? title) : title
    }

    /// The rationale in a language, falling back to English.
    public func rationale(in language: RuleLanguage) -> String {
        language == .ja ? (ja?.rationale ?? rationale) : rationale
    }
}

public enum RuleEffect: Sendable, Equatable {
    case exclude([Platform])
    /// Prefers these platforms at a step of the pack's procedure.
    case prefer([Platform], step: String)
    /// Prefers, at a step, every platform whose chosen variant has this boolean fact true at
    /// the date (`variants_with: aws_managed_instances`).
    case preferVariants(with: String, step: String)
    /// A requirement the profile states when the rule fires: every variant must satisfy the
    /// condition (written as in `require:`, reading its own facts as `catalog.self.KEY`), or
    /// it is excluded; a fact unknown at the date leaves the variant unverified.
    case require(String)

    /// Each platform the rule touches with what it does to it, in platform order. A
    /// `preferVariants` rule may touch any platform: which, depends on the variants chosen.
    public var effects: [(Platform, Effect)] {
        switch self {
        case .exclude(let platforms): return platforms.sorted().map { ($0, .exclude) }
        case .prefer(let platforms, let step): return platforms.sorted().map { ($0, .prefer(step: step)) }
        case .preferVariants(_, let step): return Platform.allCases.map { ($0, .prefer(step: step)) }
        case .require: return []
        }
    }

    /// The procedure step of a preference.
    public var step: String? {
        switch self {
        case .prefer(_, let step), .preferVariants(_, let step): return step
        case .exclude, .require: return nil
        }
    }

    /// How `rules list`/`show` and the report write the effect: `exclude lambda`,
    /// `prefer lambda at lambda-suits`, `prefer variants with aws_managed_instances at no-instances`.
    public var summary: String {
        switch self {
        case .exclude(let platforms): return platforms.sorted().map { "exclude \($0.id)" }.joined(separator: ", ")
        case .prefer(let platforms, let step): return "prefer \(platforms.sorted().map(\.id).joined(separator: ", ")) at \(step)"
        case .preferVariants(let fact, let step): return "prefer variants with \(fact) at \(step)"
        case .require(let need): return "require \(need)"
        }
    }
}

enum RuleParser {
    static let keys = ["id", "title", "rationale", "ja", "source", "when", "effect", "examples"]

    /// Parses and type-checks one rule document; its examples only when `examples`.
    /// `capabilities` is `Catalog.capabilityKinds(catalog)`, computed once per pack.
    static func parse(_ node: Node, file: String, text: String, catalog: Catalog, capabilities: [String: ValueKind],
                      examples: Bool) throws -> Rule {
        let at = YAMLNodes.location(node, file)
        let f = try YAMLNodes.fields(node, file: file, allowed: keys, what: "a rule")
        func required(_ key: String) throws -> Node {
            guard let n = f[key] else { throw RuleError(.badRule, at: at, "a rule needs '\(key)'") }
            return n
        }
        func string(_ key: String) throws -> String {
            let n = try required(key)
            // Folded (`>`) and literal (`|`) scalars end with a newline: not part of the text.
            guard let s = n.string?.trimmingWhitespace, !s.isEmpty else {
                throw RuleError(.badRule, at: YAMLNodes.location(n, file), "'\(key)' must be a non-empty string")
            }
            return s
        }
        let id = try string("id")
        let idOK = ProfileDecoder.isDNSLabel(id)
        guard idOK else { throw RuleError(.badRule, at: YAMLNodes.location(try required("id"), file), "rule ids are lowercase words joined by '-', got '\(id)'") }
        let title = try string("title")
        let rationale = try string("rationale")
        let ja = try f["ja"].map { try parseText($0, file: file, what: "'ja'") }
        let source = try parseSource(try required("source"), file: file)

        let whenNode = try required("when")
        guard case .scalar(let whenScalar) = whenNode else {
            throw RuleError(.badRule, at: YAMLNodes.location(whenNode, file), "'when' must be a condition (a string)")
        }
        let locate = offsetLocator(whenScalar, file: file, text: text)
        var parser = try Parser(whenScalar.string, locate: locate)
        let expr = try parser.parse()
        var checker = Checker(catalog: catalog, locate: locate)
        let condition = try checker.checkCondition(expr)

        let effectNode = try required("effect")
        let effect = try parseEffect(effectNode, file: file, catalog: catalog)
        var rule = Rule(id: id, title: title, rationale: rationale, ja: ja, source: source, when: whenScalar.string,
                        effect: effect, examples: [], location: at, reads: checker.reads, condition: condition)
        if case .require = effect, let needNode = effectNode.mapping?["require"], case .scalar(let needScalar) = needNode {
            let locateNeed = offsetLocator(needScalar, file: file, text: text)
            var needParser = try Parser(needScalar.string, locate: locateNeed)
            let needExpr = try needParser.parse()
            for variant in Variant.allCases {
                var variantChecker = Checker(catalog: catalog, locate: locateNeed, variant: variant, capabilities: capabilities)
                let need = try variantChecker.checkCondition(needExpr)
                rule.needs[variant] = (need, variantChecker.reads)
            }
        }
        if examples, let node = f["examples"] { rule.examples = try parseExamples(node, file: file) }
        return rule
    }

    /// `ja: {title: ..., rationale: ...}`: the title is required, the rationale optional.
    static func parseText(_ node: Node, file: String, what: String) throws -> RuleText {
        let f = try YAMLNodes.fields(node, file: file, allowed: ["title", "rationale"], what: what)
        func string(_ key: String) throws -> String? {
            guard let n = f[key] else { return nil }
            guard let s = n.string?.trimmingWhitespace, !s.isEmpty else {
                throw RuleError(.badRule, at: YAMLNodes.location(n, file), "'\(key)' in \(what) must be a non-empty string")
            }
            return s
        }
        guard let title = try string("title") else {
            throw RuleError(.badRule, at: YAMLNodes.location(node, file), "\(what) needs 'title'")
        }
        return RuleText(title: title, rationale: try string("rationale"))
    }

    static func parseSource(_ node: Node, file: String) throws -> RuleSource {
        if let s = node.string { return RuleSource(talk: s, facts: []) }
        let f = try YAMLNodes.fields(node, file: file, allowed: ["talk", "facts"], what: "'source'")
        var facts: [String] = []
        if let list = f["facts"] {
            if let s = list.string { facts = [s] } else { facts = (list.sequence ?? []).compactMap(\.string) }
        }
        return RuleSource(talk: f["talk"]?.string, facts: facts)
    }

    static func parseEffect(_ node: Node, file: String, catalog: Catalog) throws -> RuleEffect {
        let at = YAMLNodes.location(node, file)
        if let score = node.mapping?["score"] {
            throw RuleError(.badRule, at: YAMLNodes.location(score, file),
                            "'score' weights were replaced by preferences in an ordered procedure: write {prefer: [PLATFORM], step: STEP} (docs/rules.md)")
        }
        let f = try YAMLNodes.fields(node, file: file, allowed: ["exclude", "prefer", "step", "require"], what: "'effect'")
        let kinds = ["exclude", "prefer", "require"].filter { f[$0] != nil }
        guard kinds.count == 1 else { throw RuleError(.badRule, at: at, "'effect' has one of 'exclude', 'prefer' (with 'step') or 'require'") }
        if let need = f["require"] {
            guard f["step"] == nil else { throw RuleError(.badRule, at: YAMLNodes.location(f["step"]!, file), "'step' goes with 'prefer' only") }
            guard let text = need.string?.trimmingWhitespace, !text.isEmpty else {
                throw RuleError(.badRule, at: YAMLNodes.location(need, file), "'require' is a condition every variant must meet (a string)")
            }
            return .require(text)
        }
        func platforms(_ n: Node, _ key: String) throws -> [Platform] {
            let items = n.sequence.map(Array.init) ?? [n]
            let out = try items.map { n -> Platform in
                guard let id = n.string, let p = Platform.named(id) else {
                    let name = n.string ?? "?"
                    var message = "unknown platform '\(name)'; platforms are \(Platform.allCases.map(\.id).joined(separator: ", "))"
                    if let hint = ProfileSchema.closest(to: name, among: Platform.allCases.map(\.id)) { message += "; did you mean '\(hint)'?" }
                    throw RuleError(.badRule, at: YAMLNodes.location(n, file), message)
                }
                return p
            }
            guard !out.isEmpty else { throw RuleError(.badRule, at: YAMLNodes.location(n, file), "'\(key)' names at least one platform") }
            return out
        }
        if let ex = f["exclude"] {
            guard f["step"] == nil else { throw RuleError(.badRule, at: YAMLNodes.location(f["step"]!, file), "'step' goes with 'prefer' only") }
            return .exclude(try platforms(ex, "exclude"))
        }
        let prefer = f["prefer"]!
        guard let stepNode = f["step"], let step = stepNode.string, ProfileDecoder.isDNSLabel(step) else {
            throw RuleError(.badRule, at: f["step"].map { YAMLNodes.location($0, file) } ?? at,
                            "'prefer' needs 'step': the id of a step of the pack's procedure (procedure.yaml)")
        }
        if let mapping = prefer.mapping {
            let g = try YAMLNodes.fields(prefer, file: file, allowed: ["variants_with"], what: "'prefer'")
            guard let factNode = g["variants_with"], let fact = factNode.string, !mapping.isEmpty else {
                throw RuleError(.badRule, at: YAMLNodes.location(prefer, file), "'prefer' is a platform, a list of platforms, or {variants_with: FACT}")
            }
            guard Catalog.capabilityKinds(catalog)[fact] == .bool else {
                throw RuleError(.badRule, at: YAMLNodes.location(factNode, file), "'variants_with' names a true/false fact of the variants (data/variants.yaml), got '\(fact)'")
            }
            return .preferVariants(with: fact, step: step)
        }
        return .prefer(try platforms(prefer, "prefer"), step: step)
    }

    static func parseExamples(_ node: Node, file: String) throws -> [RuleExample] {
        let f = try YAMLNodes.fields(node, file: file, allowed: ["fires", "does_not_fire"], what: "'examples'")
        var out: [RuleExample] = []
        for (key, fires) in [("fires", true), ("does_not_fire", false)] {
            guard let list = f[key] else { continue }
            guard let items = list.sequence else {
                throw RuleError(.badExample, at: YAMLNodes.location(list, file), "'\(key)' is a list of profiles")
            }
            for item in items {
                let (profile, asOf) = try exampleProfile(item, file: file)
                out.append(RuleExample(profile: profile, asOf: asOf, fires: fires, location: YAMLNodes.location(item, file)))
            }
        }
        return out
    }

    /// An example is a partial profile, or `{profile: {...}, as_of: DATE}`; name defaults to `example`.
    static func exampleProfile(_ node: Node, file: String) throws -> (Profile, String?) {
        let at = YAMLNodes.location(node, file)
        guard let mapping = node.mapping else { throw RuleError(.badExample, at: at, "an example is a mapping of profile fields") }
        var profileNode: Node = node
        var asOf: String? = nil
        if mapping["profile"] != nil {
            let f = try YAMLNodes.fields(node, file: file, allowed: ["profile", "as_of"], what: "an example")
            profileNode = f["profile"] ?? node
            if let dateNode = f["as_of"] {
                guard let text = dateNode.string, let day = Catalog.normalise(date: text) else {
                    throw RuleError(.badExample, at: YAMLNodes.location(dateNode, file), "'as_of' must be YYYY-MM-DD")
                }
                asOf = day
            }
        }
        return (try partialProfile(profileNode, file: file), asOf)
    }

    /// Decodes a profile whose `name` may be left out (examples and tests).
    static func partialProfile(_ node: Node, file: String) throws -> Profile {
        let at = YAMLNodes.location(node, file)
        guard case .mapping(let mapping) = node else { throw RuleError(.badExample, at: at, "a profile is a mapping of fields") }
        var decoder = ProfileDecoder()
        do {
            let entries = YAMLSupport.entries(of: mapping, file: file)
            if !entries.contains(where: { $0.key == "name" }) {
                try decoder.assign(.name, .scalar("example", plain: true), at: at)
            }
            for entry in entries { try decoder.assign(entry) }
            return try decoder.finish(origin: at)
        } catch let error as ProfileError {
            throw RuleError(.badExample, at: error.location, error.message)
        }
    }

    /// Maps an offset in a condition to its place in the rule file. Single-line scalars sit
    /// on their mark's line; block scalars (`|`, `>`) start on the next line, indented.
    static func offsetLocator(_ scalar: Node.Scalar, file: String, text: String) -> (Int) -> SourceLocation {
        let mark = scalar.mark
        let condition = Array(scalar.string.utf8)
        let block = scalar.style == .literal || scalar.style == .folded
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        return { offset in
            let line = mark?.line ?? 1
            let column = mark?.column ?? 1
            let before = condition.prefix(offset)
            let newlines = before.filter { $0 == 10 }.count
            let lastLineStart = before.lastIndex(of: 10).map { $0 + 1 } ?? 0
            let inLine = String(decoding: condition[lastLineStart..<min(offset, condition.count)], as: UTF8.self).count
            if !block && newlines == 0 {
                return SourceLocation(file: file, line: line, column: column + inLine + (quoted ? 1 : 0))
            }
            let target = line + (block ? 1 : 0) + newlines
            // Only errors ask for a place: the file is searched for the line then, never
            // split into lines for every condition of every pack load.
            let source = target >= 1 ? text.split(separator: "\n", maxSplits: target, omittingEmptySubsequences: false).dropFirst(target - 1).first ?? "" : ""
            let indent = source.prefix { $0 == " " }.count
            return SourceLocation(file: file, line: target, column: indent + inLine + 1)
        }
    }
}
