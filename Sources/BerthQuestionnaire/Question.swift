import BerthCore
import Yams

/// What a question fills: a profile field, or one label (`labels.kubernetes`).
public enum QuestionTarget: Sendable, Equatable {
    case field(ProfileField)
    case label(String)
}

/// The talk's criterion a question rests on: a section heading of the talk notes and the
/// talk's own words under it.
public struct Citation: Sendable, Equatable {
    public var section: String
    public var point: String
}

/// How an answer is typed and checked. Derived from the profile schema, never written twice.
public enum AnswerKind: Sendable, Equatable {
    case text
    case name
    case choice([String])
    case bool
    case integer(min: Int, max: Int)
    case number(NumberRange)
}

/// When a question is asked, over the fields of earlier questions (docs/ask.md).
public indirect enum AskCondition: Sendable, Equatable {
    case isIn(String, [String])
    case notIn(String, [String])
    case all([AskCondition])
    case any([AskCondition])
    case not(AskCondition)

    /// `value(key)` is the current value of a field as a person writes it.
    public func holds(_ value: (String) -> String) -> Bool {
        switch self {
        case .isIn(let key, let values): return values.contains(value(key))
        case .notIn(let key, let values): return !values.contains(value(key))
        case .all(let conditions): return conditions.allSatisfy { $0.holds(value) }
        case .any(let conditions): return conditions.contains { $0.holds(value) }
        case .not(let condition): return !condition.holds(value)
        }
    }

    var keys: [String] {
        switch self {
        case .isIn(let key, _), .notIn(let key, _): return [key]
        case .all(let cs), .any(let cs): return cs.flatMap(\.keys)
        case .not(let c): return c.keys
        }
    }
}

/// One question of the questionnaire.
public struct Question: Sendable {
    /// The profile key it fills: a field name or `labels.KEY`.
    public let id: String
    public let target: QuestionTarget
    public let prompt: Localized
    public let help: Localized
    public let cites: Citation
    public let kind: AnswerKind
    /// Labels shown beside the choices, by choice value.
    public let choiceLabels: [String: Localized]
    /// The default as a person would type it; nil when there is none (unknown, or required).
    public let defaultText: String?
    public let required: Bool
    public let askWhen: AskCondition?
    public let skipWhenMoot: Bool
    /// Values tried for "what would have to change": the choices, both booleans, or these numbers.
    public let whatIf: [String]
    public let location: SourceLocation

    /// Every value a what-if may try for this question (excluding nothing).
    public var alternatives: [String] {
        switch kind {
        case .choice(let choices): return choices
        case .bool: return ["true", "false"]
        case .integer, .number: return whatIf
        case .text, .name: return []
        }
    }
}

/// Why the question file is refused.
public struct QuestionnaireError: LocatedError, Equatable {
    public var location: SourceLocation?
    public var message: String
    public var code: String { "bad-question" }
    public var category: ErrorCategory { .badInput }

    public init(at location: SourceLocation?, _ message: String) {
        self.location = location
        self.message = message
    }
}

/// The list of questions, as read from `data/questions.yaml`.
public struct Questionnaire: Sendable {
    public static let bundledPath = "data/questions.yaml"

    public let questions: [Question]

    public init(questions: [Question]) { self.questions = questions }

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

    /// The questionnaire compiled into the binary.
    public static func bundled() throws -> Questionnaire {
        guard let text = BundledText.questions else {
            throw QuestionnaireError(at: nil, "the questionnaire (\(bundledPath)) is not bundled with this binary")
        }
        return try parse(text, file: bundledPath)
    }

    /// Reads and checks a question file: ids are profile fields, both languages are there,
    /// choice labels match the schema's choices, conditions read only earlier questions' fields.
    public static func parse(_ text: String, file: String) throws -> Questionnaire {
        guard let root = try YAMLSupport.compose(text, file: file) else {
            throw QuestionnaireError(at: SourceLocation(file: file, line: 1), "the question file is empty")
        }
        let reader = Reader(file: file)
        guard let list = root.mapping?["questions"]?.sequence else {
            throw QuestionnaireError(at: reader.at(root), "expected a mapping with a 'questions' list")
        }
        var questions: [Question] = []
        for node in list {
            let question = try reader.question(node, earlier: questions)
            questions.append(question)
        }
        return Questionnaire(questions: questions)
    }

    private struct Reader {
        let file: String

        func at(_ node: Node) -> SourceLocation { YAMLSupport.location(of: node, file: file) }

        func question(_ node: Node, earlier: [Question]) throws -> Question {
            guard let map = node.mapping else { throw QuestionnaireError(at: at(node), "a question must be a mapping") }
            let known: Set = ["id", "prompt", "help", "cites", "choices", "default", "ask_when", "skip_when_moot", "what_if"]
            for (key, _) in map {
                guard let k = key.string, known.contains(k) else {
                    throw QuestionnaireError(at: at(key), "unknown key '\(key.string ?? "?")' in a question")
                }
            }
            guard let id = map["id"]?.string, !id.isEmpty else { throw QuestionnaireError(at: at(node), "a question needs an 'id'") }
            if earlier.contains(where: { $0.id == id }) { throw QuestionnaireError(at: at(node), "question '\(id)' is given twice") }
            let target: QuestionTarget
            if id.hasPrefix("labels.") {
                target = .label(String(id.dropFirst("labels.".count)))
            } else if let field = ProfileSchema.byName[id], !field.isMap {
                target = .field(field)
            } else {
                var message = "question id '\(id)' is not a profile field"
                if let hint = ProfileSchema.suggestion(for: id) { message += "; did you mean '\(hint)'?" }
                throw QuestionnaireError(at: at(node), message)
            }
            let prompt = try localized(map["prompt"], "prompt", of: id, node)
            let help = try localized(map["help"], "help", of: id, node)
            guard let cites = map["cites"]?.mapping, let section = cites["section"]?.string, !section.isEmpty,
                  let point = cites["point"]?.string, !point.isEmpty else {
                throw QuestionnaireError(at: at(node), "question '\(id)' needs 'cites: {section: ..., point: ...}' naming the talk's criterion")
            }
            var labels: [String: Localized] = [:]
            var labelOrder: [String] = []
            if let choices = map["choices"] {
                guard let cm = choices.mapping else { throw QuestionnaireError(at: at(choices), "'choices' must map each value to {en, ja}") }
                for (k, v) in cm {
                    guard let value = k.string else { continue }
                    labels[value] = try localized(v, "choice '\(value)'", of: id, k)
                    labelOrder.append(value)
                }
            }
            let kind: AnswerKind
            var defaultText: String?
            var required = false
            switch target {
            case .label:
                guard !labelOrder.isEmpty else { throw QuestionnaireError(at: at(node), "label question '\(id)' needs 'choices'") }
                kind = .choice(labelOrder)
                defaultText = map["default"]?.string
                if let d = defaultText, !labelOrder.contains(d) {
                    throw QuestionnaireError(at: at(map["default"]!), "default '\(d)' of '\(id)' is not one of its choices")
                }
            case .field(let field):
                if let d = map["default"] {
                    throw QuestionnaireError(at: at(d), "'\(id)' takes its default from the profile schema; remove 'default'")
                }
                let spec = field.spec
                switch spec.type {
                case .string: kind = .text
                case .dnsLabel: kind = .name
                case .choice(let options):
                    kind = .choice(options)
                    if !labelOrder.isEmpty, Set(labelOrder) != Set(options) {
                        throw QuestionnaireError(at: at(map["choices"]!), "choices of '\(id)' must label exactly \(options.joined(separator: ", "))")
                    }
                case .bool: kind = .bool
                case .integer(let min, let max): kind = .integer(min: min, max: max)
                case .number(let range): kind = .number(range)
                case .map: throw QuestionnaireError(at: at(node), "ask for one label as 'labels.KEY'")
                }
                if case .choice = kind {} else if !labelOrder.isEmpty {
                    throw QuestionnaireError(at: at(map["choices"]!), "'\(id)' is not a choice field; remove 'choices'")
                }
                required = spec.required
                if let value = spec.defaultValue, !(field == .image || field == .description) { defaultText = value.plainText }
            }
            var askWhen: AskCondition?
            if let condition = map["ask_when"] {
                askWhen = try self.condition(condition, earlier: earlier, of: id)
            }
            let skipWhenMoot = map["skip_when_moot"]?.bool ?? false
            if skipWhenMoot, case .choice = kind {} else if skipWhenMoot, kind != .bool {
                throw QuestionnaireError(at: at(node), "skip_when_moot needs a choice or yes/no question")
            }
            var whatIf: [String] = []
            if let values = map["what_if"] {
                guard let seq = values.sequence else { throw QuestionnaireError(at: at(values), "'what_if' must be a list of numbers") }
                for v in seq {
                    guard let text = v.string, Double(text) != nil else { throw QuestionnaireError(at: at(v), "'what_if' values must be numbers") }
                    whatIf.append(text)
                }
                switch kind {
                case .integer, .number: break
                default: throw QuestionnaireError(at: at(values), "'what_if' is for number questions; choices and yes/no are tried anyway")
                }
            }
            return Question(id: id, target: target, prompt: prompt, help: help, cites: Citation(section: section, point: point),
                            kind: kind, choiceLabels: labels, defaultText: defaultText, required: required,
                            askWhen: askWhen, skipWhenMoot: skipWhenMoot, whatIf: whatIf, location: at(node))
        }

        func localized(_ node: Node?, _ what: String, of id: String, _ parent: Node) throws -> Localized {
            guard let map = node?.mapping, let en = map["en"]?.string, let ja = map["ja"]?.string,
                  !en.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                  !ja.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw QuestionnaireError(at: at(node ?? parent), "\(what) of '\(id)' needs both 'en' and 'ja'")
            }
            return Localized(en: en.trimmingCharacters(in: .whitespacesAndNewlines), ja: Self.unfold(ja.trimmingCharacters(in: .whitespacesAndNewlines)))
        }

        /// YAML folds a line break into a space; Japanese puts no space between sentences, so
        /// a space with Japanese on both sides, or after Japanese punctuation, goes.
        static func unfold(_ text: String) -> String {
            let chars = Array(text)
            var out = ""
            for (i, c) in chars.enumerated() {
                if c == " ", i > 0, i + 1 < chars.count, !chars[i - 1].isASCII,
                   !chars[i + 1].isASCII || "。、）」".contains(chars[i - 1]) { continue }
                out.append(c)
            }
            return out
        }

        func condition(_ node: Node, earlier: [Question], of id: String) throws -> AskCondition {
            guard let map = node.mapping, map.count >= 1 else {
                throw QuestionnaireError(at: at(node), "ask_when of '\(id)' must be a mapping such as {field: trigger, in: [event]}")
            }
            if let list = map["all"] ?? map["any"] {
                guard map.count == 1, let seq = list.sequence, !seq.isEmpty else {
                    throw QuestionnaireError(at: at(node), "'all' and 'any' take a non-empty list of conditions, alone")
                }
                let parts = try seq.map { try condition($0, earlier: earlier, of: id) }
                return map["all"] != nil ? .all(parts) : .any(parts)
            }
            if let inner = map["not"] {
                guard map.count == 1 else { throw QuestionnaireError(at: at(node), "'not' stands alone") }
                return .not(try condition(inner, earlier: earlier, of: id))
            }
            guard let key = map["field"]?.string, map.count == 2 else {
                throw QuestionnaireError(at: at(node), "a condition is {field: F, in|not_in|equals: ...}, {all: [...]}, {any: [...]} or {not: ...}")
            }
            guard let source = earlier.first(where: { $0.id == key }) else {
                throw QuestionnaireError(at: at(node), "ask_when of '\(id)' reads '\(key)', which is not an earlier question")
            }
            let values: [String]
            let negated: Bool
            if let v = map["equals"] {
                values = [v.string ?? ""]; negated = false
            } else if let seq = map["in"]?.sequence {
                values = seq.map { $0.string ?? "" }; negated = false
            } else if let seq = map["not_in"]?.sequence {
                values = seq.map { $0.string ?? "" }; negated = true
            } else {
                throw QuestionnaireError(at: at(node), "a field condition needs 'in', 'not_in' or 'equals'")
            }
            for value in values {
                let valid: Bool
                switch source.kind {
                case .choice(let choices): valid = choices.contains(value)
                case .bool: valid = value == "true" || value == "false"
                case .integer, .number: valid = Double(value) != nil
                case .text, .name: valid = true
                }
                if !valid { throw QuestionnaireError(at: at(node), "ask_when of '\(id)': '\(value)' is not a possible value of '\(key)'") }
            }
            return negated ? .notIn(key, values) : .isIn(key, values)
        }
    }
}

import BerthBundled
import Foundation

enum BundledText {
    static var questions: String? { Bundled.text(Questionnaire.bundledPath) }
}
