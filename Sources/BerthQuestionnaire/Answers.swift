import BerthCore
import Foundation
import Yams

/// One answer that was given (an answer left to its default is simply absent).
public struct Answer: Sendable, Equatable {
    public var value: RawValue
    /// `.person` (typed at the prompt) or `.answersFile(location)`.
    public var source: FieldSource
    public var location: SourceLocation

    public init(value: RawValue, source: FieldSource, location: SourceLocation) {
        self.value = value
        self.source = source
        self.location = location
    }

    /// The answer as a person writes it.
    public var text: String {
        switch value {
        case .scalar(let s, _): return s
        case .null: return ""
        case .mapping, .sequence: return value.typeName
        }
    }
}

/// The answers given so far, by profile key (a question id, or any profile key an answers file
/// sets), in the order they were first given.
public struct AnswerSet: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var values: [String: Answer] = [:]

    public init() {}

    public subscript(key: String) -> Answer? {
        get { values[key] }
        set {
            if let newValue {
                if values[key] == nil { keys.append(key) }
                values[key] = newValue
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public var isEmpty: Bool { keys.isEmpty }
}

/// Where a person's typed answers are said to come from, in the few errors that point at them.
public let promptLocation = SourceLocation(file: "<prompt>", line: 1)

/// A value every question's field takes when a draft has no name yet (only conditions and
/// what-ifs read a draft; none reads the name).
private let draftName = "draft"

extension Question {
    /// Reads what a person typed (or an answers file holds) as the field's canonical text:
    /// `y`/`はい` for yes, a choice's number, label or unique prefix, `1,024` for 1024.
    public func normalise(_ input: String) -> String {
        let text = input.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}")))
        let lower = text.lowercased()
        switch kind {
        case .bool:
            if ["y", "yes", "true", "はい", "t"].contains(lower) { return "true" }
            if ["n", "no", "false", "いいえ", "f"].contains(lower) { return "false" }
            return text
        case .choice(let choices):
            if choices.contains(text) { return text }
            let dashed = lower.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
            if let exact = choices.first(where: { $0.lowercased() == dashed }) { return exact }
            if let n = Int(text), n >= 1, n <= choices.count { return choices[n - 1] }
            if let labelled = choices.first(where: { c in
                choiceLabels[c].map { $0.en.lowercased() == lower || $0.ja.lowercased() == lower } ?? false
            }) { return labelled }
            if ["y", "はい"].contains(lower), choices.contains("yes") { return "yes" }
            if ["n", "いいえ"].contains(lower), choices.contains("no") { return "no" }
            let prefixed = choices.filter { $0.lowercased().hasPrefix(dashed) }
            if !dashed.isEmpty, prefixed.count == 1 { return prefixed[0] }
            return text
        case .integer:
            return text.replacingOccurrences(of: ",", with: "")
        case .number, .text, .name:
            return text
        }
    }

    /// The current value of this question's field in a profile, as a person writes it.
    public func current(in profile: Profile) -> String {
        switch target {
        case .field(let field):
            let value = profile.value(of: field)
            return value == .null ? "" : value.plainText
        case .label(let key):
            return profile.labels[key] ?? defaultText ?? ""
        }
    }

    /// The profile with this question's field set to `text` (already normalised), checked by
    /// the profile decoder.
    func applying(_ text: String, to profile: Profile) throws -> Profile {
        var decoder = ProfileDecoder(sourceOf: nil)
        decoder.profile = profile
        try decoder.assign(RawEntry(key: id, keyLocation: promptLocation, value: .scalar(text, plain: true), valueLocation: promptLocation))
        return decoder.profile
    }
}

extension Questionnaire {
    /// Value of a profile key (field or `labels.KEY`) as a person writes it, for conditions.
    static func value(of key: String, in profile: Profile) -> String {
        if key.hasPrefix("labels.") { return profile.labels[String(key.dropFirst(7))] ?? "" }
        guard let field = ProfileSchema.byName[key] else { return "" }
        let value = profile.value(of: field)
        return value == .null ? "" : value.plainText
    }

    /// Builds a profile from answers. `draft`: no name needed and no whole-profile checks (for
    /// conditions, validation and what-ifs while answering); otherwise the real thing.
    func build(_ answers: AnswerSet, keys: [String]? = nil, draft: Bool, origin: SourceLocation = promptLocation) throws -> Profile {
        var decoder = ProfileDecoder(sourceOf: nil)
        let keys = keys ?? orderedKeys(answers)
        if draft, !keys.contains("name") {
            try decoder.assign(.name, .scalar(draftName, plain: false), at: origin)
        }
        for key in keys {
            guard let answer = answers[key] else { continue }
            let source = answer.source
            decoder.sourceOf = { _ in source }
            try decoder.assign(RawEntry(key: key, keyLocation: answer.location, value: answer.value, valueLocation: answer.location))
        }
        if draft { return decoder.profile }
        return try decoder.finish(origin: origin)
    }

    /// Answer keys in question order, then any other keys in the order given.
    func orderedKeys(_ answers: AnswerSet) -> [String] {
        let ids = questions.map(\.id)
        return ids.filter { answers[$0] != nil } + answers.keys.filter { !ids.contains($0) }
    }

    /// Which questions are asked, given these answers. A question's condition (and its
    /// mootness) is judged on the answers to the asked questions before it, defaults for the rest.
    public func askedFlags(_ answers: AnswerSet, decide: (Profile) -> Decision) -> [Bool] {
        var kept = AnswerSet()
        for key in answers.keys where question(key) == nil { kept[key] = answers[key] }
        var flags: [Bool] = []
        for q in questions {
            let draft = (try? build(kept, draft: true)) ?? Profile(name: draftName)
            let asked = isAsked(q, on: draft, decide: decide)
            flags.append(asked)
            if asked, let answer = answers[q.id] { kept[q.id] = answer }
        }
        return flags
    }

    func isAsked(_ q: Question, on profile: Profile, decide: (Profile) -> Decision) -> Bool {
        if let condition = q.askWhen, !condition.holds({ Self.value(of: $0, in: profile) }) { return false }
        if q.skipWhenMoot { return !isMoot(q, on: profile, decide: decide) }
        return true
    }

    /// True when no value of the question changes the recommendation for this profile.
    func isMoot(_ q: Question, on profile: Profile, decide: (Profile) -> Decision) -> Bool {
        let now = decide(profile).recommendation
        for alternative in q.alternatives {
            guard let changed = try? q.applying(alternative, to: profile) else { continue }
            if decide(changed).recommendation != now { return false }
        }
        return true
    }

    /// Checks one typed answer against the schema with the other answers so far. Returns the
    /// canonical answer, or a short reason in the person's language.
    public func check(_ input: String, for q: Question, with answers: AnswerSet, language: Language) -> Result<Answer, Refusal> {
        let text = q.normalise(input)
        var candidate = answers
        let answer = Answer(value: .scalar(text, plain: true), source: .person, location: promptLocation)
        candidate[q.id] = answer
        do {
            let profile = try build(candidate, draft: true)
            if let reason = crossCheck(q, profile) { return .failure(reason) }
        } catch let error as ProfileError {
            return .failure(Refusal(error: error, question: q))
        } catch {
            return .failure(Refusal(en: "\(error)", ja: "\(error)"))
        }
        return .success(answer)
    }

    /// Checks that need two answers (max_tasks against min_tasks), for the question being answered.
    func crossCheck(_ q: Question, _ profile: Profile) -> Refusal? {
        if q.id == ProfileField.maxTasks.rawValue, profile.minTasks > profile.maxTasks {
            return Refusal(en: "must be at least min_tasks (\(profile.minTasks))",
                          ja: "最低タスク数（\(profile.minTasks)）以上にしてください")
        }
        return nil
    }
}

/// Why an answer was refused, short, in both languages.
public struct Refusal: Error, Sendable, Equatable {
    public var text: Localized

    public init(en: String, ja: String) { text = Localized(en: en, ja: ja) }

    init(error: ProfileError, question q: Question) {
        let en = error.message
        let ja: String
        switch q.kind {
        case .choice(let choices):
            ja = "次のどれかで答えてください: \(choices.joined(separator: ", "))"
        case .bool:
            ja = "y（はい）か n（いいえ）で答えてください"
        case .integer(let min, let max):
            ja = max == Int.max ? "\(min) 以上の整数で答えてください" : "\(min) から \(max) までの整数で答えてください"
        case .number(let range):
            ja = range.exclusive ? "\(range.min) より大きい数で答えてください（0.25 など）" : "\(range.min) 以上の数で答えてください"
        case .name:
            ja = "英小文字・数字・ハイフンだけで、英小文字で始まり英小文字か数字で終わる 63 文字以内の名前にしてください"
        case .text:
            ja = error.message
        }
        var message = en
        if let field = error.field, message.hasPrefix("'\(field)' ") { message = String(message.dropFirst(field.count + 3)) }
        text = Localized(en: message, ja: ja)
    }
}

/// A finished questionnaire: the answers, the profile they make and its decision.
public struct Completed: Sendable {
    public var answers: AnswerSet
    public var profile: Profile
    public var decision: Decision
    /// Every question that was asked, in order, with its value and where that came from;
    /// then any other key an answers file set.
    public var records: [AnswerRecord]
}

/// One line of the summary, of the saved answers and of the provenance handed to a sink.
public struct AnswerRecord: Sendable, Equatable {
    /// The profile key (field name or `labels.KEY`).
    public var key: String
    /// The value as a person writes it; empty when unknown.
    public var value: String
    /// `.person`, `.answersFile(loc)`, `.defaulted` or `.unknown`.
    public var source: FieldSource
    /// True for a question that was asked (or would have been, with an answers file).
    public var asked: Bool
}

extension Questionnaire {
    /// Turns answers into a checked profile and its decision. `keepSkipped`: keep answers to
    /// questions that are not asked (an answers file says what it says); a person's answers to
    /// questions that a later `back` made irrelevant are dropped.
    public func complete(_ answers: AnswerSet, keepSkipped: Bool, origin: SourceLocation = promptLocation,
                         decide: (Profile) -> Decision) throws -> Completed {
        let flags = askedFlags(answers, decide: decide)
        var kept = AnswerSet()
        for (index, q) in questions.enumerated() where flags[index] || keepSkipped {
            if let answer = answers[q.id] { kept[q.id] = answer }
        }
        for key in answers.keys where question(key) == nil { kept[key] = answers[key] }
        let profile: Profile
        do {
            profile = try build(kept, draft: false, origin: origin)
        } catch var error as ProfileError {
            let key = error.field ?? ""
            if let q = question(key) ?? question(error.kind == .missingField ? "name" : "") {
                if error.kind == .missingField {
                    error.message = "question '\(q.id)' (\(q.prompt.en)) has no answer, and it has no default"
                } else {
                    error.message = "question '\(q.id)' (\(q.prompt.en)): \(error.message)"
                }
            }
            throw error
        }
        var records: [AnswerRecord] = []
        for (index, q) in questions.enumerated() where flags[index] || kept[q.id] != nil {
            let source: FieldSource
            if let answer = kept[q.id] {
                source = answer.source
            } else if q.defaultText != nil || q.kind == .text {
                source = .defaulted
            } else {
                source = .unknown
            }
            records.append(AnswerRecord(key: q.id, value: kept[q.id].map { q.normalise($0.text) } ?? q.current(in: profile),
                                        source: source, asked: flags[index]))
        }
        for key in kept.keys where question(key) == nil {
            let answer = kept[key]!
            if case .mapping(let entries) = answer.value {
                for entry in entries {
                    if case .scalar(let text, _) = entry.value {
                        records.append(AnswerRecord(key: "\(key).\(entry.key)", value: text, source: answer.source, asked: false))
                    }
                }
            } else {
                records.append(AnswerRecord(key: key, value: answer.text, source: answer.source, asked: false))
            }
        }
        return Completed(answers: kept, profile: profile, decision: decide(profile), records: records)
    }

    /// Reads an answers file: a YAML mapping of question ids (or any profile keys) to answers,
    /// read as the prompt reads them. Answers are checked when the questionnaire completes.
    public func answers(fromYAML text: String, file: String) throws -> AnswerSet {
        var answers = AnswerSet()
        guard let root = try YAMLSupport.compose(text, file: file) else { return answers }
        guard case .mapping(let mapping) = root else {
            throw ProfileError(.notAMapping, at: YAMLSupport.location(of: root, file: file),
                               "answers must be a mapping of question ids to answers, not \(YAMLSupport.raw(root, file: file).typeName)")
        }
        for entry in YAMLSupport.entries(of: mapping, file: file) {
            var value = entry.value
            if case .scalar(let s, let plain) = value, plain, let q = question(entry.key) {
                value = .scalar(q.normalise(s), plain: true)
            }
            if answers[entry.key] != nil {
                throw ProfileError(.duplicateField, at: entry.keyLocation, field: entry.key, "question '\(entry.key)' is answered twice")
            }
            if ProfileSchema.byName[entry.key] == nil, !entry.key.hasPrefix("labels.") {
                var message = "'\(entry.key)' is not a question"
                if let hint = ProfileSchema.closest(to: entry.key, among: questions.map(\.id)) { message += "; did you mean '\(hint)'?" }
                throw ProfileError(.unknownField, at: entry.keyLocation, field: entry.key, message)
            }
            answers[entry.key] = Answer(value: value, source: .answersFile(entry.valueLocation), location: entry.valueLocation)
        }
        return answers
    }

    /// Every answer of a completed questionnaire as an answers file for `--answers`. Answers
    /// left to their default are written commented out, so that a replay keeps them defaults
    /// (and records them so) while showing what they were.
    public func answersYAML(_ completed: Completed) -> String {
        var out = "# berth ask answers. Replay with: berth ask --answers FILE\n"
        out += "# A line starting with '#' took the default; remove the '#' and change the value to answer it.\n"
        for record in completed.records {
            let q = question(record.key)
            let given = !record.source.isAssumed
            // Keys come from answers files too: quoted, one cannot end a line or a comment.
            let key = YAMLSupport.key(record.key)
            let value: String
            if record.value.isEmpty && !given {
                out += "# \(key):    # \(record.source == .unknown ? "unknown" : "default")\n"
                continue
            }
            var isLabel = false
            if case .label? = q?.target { isLabel = true }
            switch q?.kind {
            case .choice?, .bool?, .integer?, .number?:
                value = isLabel ? YAMLSupport.quoted(record.value) : record.value
            default:
                value = YAMLSupport.quoted(record.value)
            }
            out += given ? "\(key): \(value)\n" : "# \(key): \(value)\n"
        }
        return out
    }
}
