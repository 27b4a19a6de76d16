import BerthCore
import Foundation

/// Talks to the person: shows text and reads one answer line. Injected, so tests script it;
/// `berth ask` reads a terminal through libedit (its `LineEditorPrompter`).
public protocol Prompter: AnyObject {
    /// Shows a block of text (a question, help, a reason), followed by a newline.
    func show(_ text: String)
    /// Shows `prompt` (no newline) and reads one line without its newline; nil at the end of
    /// input (Ctrl-D).
    func ask(_ prompt: String) -> String?
}

/// Plays a fixed list of lines, as if typed; the end of the list is the end of input.
public final class ScriptedPrompter: Prompter {
    public private(set) var remaining: [String]
    /// Everything shown and typed, as a terminal would show it.
    public private(set) var transcript = ""
    /// Every prompt line shown, in order (one per question asked, repeats included).
    public private(set) var prompts: [String] = []

    public init(_ lines: [String]) { remaining = lines }

    public func show(_ text: String) { transcript += text + "\n" }

    public func ask(_ prompt: String) -> String? {
        prompts.append(prompt)
        transcript += prompt
        guard !remaining.isEmpty else { transcript += "^D\n"; return nil }
        let line = remaining.removeFirst()
        transcript += line + "\n"
        return line
    }
}

/// How an interactive questionnaire ended.
public enum Outcome: Sendable {
    case completed(Completed)
    /// The input ended (Ctrl-D) before the last question: nothing decided, nothing to save.
    case endOfInput
}

/// One interactive run of the questionnaire: asks, checks, lets the person go back, decides.
public struct Session {
    public let questionnaire: Questionnaire
    public let language: Language
    public let prompter: Prompter
    public let decide: (Profile) -> Decision

    public init(questionnaire: Questionnaire, language: Language, prompter: Prompter, decide: @escaping (Profile) -> Decision) {
        self.questionnaire = questionnaire
        self.language = language
        self.prompter = prompter
        self.decide = decide
    }

    public func run() -> Outcome {
        let text = Messages(language)
        let questions = questionnaire.questions
        var answers = AnswerSet()
        var history: [Int] = []
        var index = 0
        var showQuestion = true
        prompter.show(text.intro)
        while index < questions.count {
            let flags = questionnaire.askedFlags(answers, decide: decide)
            guard flags[index] else { index += 1; showQuestion = true; continue }
            let q = questions[index]
            let number = flags[..<index].filter { $0 }.count + 1
            let total = flags.filter { $0 }.count
            if showQuestion { prompter.show(text.question(q, number: number, of: total)) }
            let shown = answers[q.id].map { q.normalise($0.text) } ?? q.defaultText
            guard let line = prompter.ask(text.promptLine(q, current: shown)) else { return .endOfInput }
            let input = line.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{3000}")))
            showQuestion = false
            if ["?", "？", "help", "ヘルプ"].contains(input.lowercased()) {
                prompter.show(text.help(q))
                continue
            }
            if ["back", "戻る", "もどる"].contains(input.lowercased()) {
                if let previous = history.popLast() {
                    index = previous
                    showQuestion = true
                } else {
                    prompter.show(text.atFirstQuestion)
                }
                continue
            }
            var candidate = answers
            if input.isEmpty {
                if answers[q.id] == nil, q.required {
                    prompter.show(text.refused(Localized(en: "an answer is needed; there is no default", ja: "この質問には既定値がないので、答えを入力してください")))
                    continue
                }
                // Enter keeps the answer given before (after `back`), or the default.
                if let draft = try? questionnaire.build(candidate, draft: true), let reason = questionnaire.crossCheck(q, draft) {
                    prompter.show(text.refused(reason.text))
                    continue
                }
            } else {
                switch questionnaire.check(input, for: q, with: answers, language: language) {
                case .failure(let reason):
                    prompter.show(text.refused(reason.text))
                    continue
                case .success(let answer):
                    candidate[q.id] = answer
                }
            }
            answers = candidate
            history.append(index)
            index += 1
            showQuestion = true
        }
        do {
            return .completed(try questionnaire.complete(answers, keepSkipped: false, decide: decide))
        } catch {
            // Every answer was checked as it was given; a failure here is a bug in the checks.
            prompter.show("\(error)")
            return .endOfInput
        }
    }
}
