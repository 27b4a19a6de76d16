import BerthCore

/// Everything the questionnaire says to a person, in their language. The questions themselves
/// are data (data/questions.yaml); these are the words around them.
public struct Messages: Sendable {
    public let language: Language
    public init(_ language: Language) { self.language = language }
    private var ja: Bool { language == .ja }

    public var intro: String {
        ja ? """
        berth ask: ワークロードについていくつか質問し、AWS のどこで動かすべきかとその理由を示します。
        [ ] 内が既定値で、Enter でそのまま進みます。? で質問の意図、back で前の質問に戻ります。
        Ctrl-D か Ctrl-C で中断すると、何も保存しません。
        """ : """
        berth ask: a few questions about one workload, then where it should run on AWS and why.
        Enter takes the value in [brackets]; ? explains a question; back returns to the previous one.
        Ctrl-D or Ctrl-C stops without saving anything.
        """
    }

    public func question(_ q: Question, number: Int, of total: Int) -> String {
        let left = total - number
        var out = "\n"
        if ja {
            out += "質問 \(number)/\(total)" + (left == 0 ? "（最後の質問）" : "（このあと残り \(left) 問）") + "\n"
        } else {
            out += "Question \(number) of \(total)" + (left == 0 ? " (the last one)" : " (\(left) more after this)") + "\n"
        }
        out += q.prompt(language)
        if case .choice(let choices) = q.kind {
            let width = choices.map(\.count).max() ?? 0
            for (i, choice) in choices.enumerated() {
                let label = q.choiceLabels[choice]?(language) ?? ""
                let padded = choice.padding(toLength: width, withPad: " ", startingAt: 0)
                out += "\n  \(i + 1)) \(padded)" + (label.isEmpty || label == choice ? "" : "  \(label)")
            }
        }
        return out
    }

    /// `(y/n) [no] > `, `[linux] > `, `[unknown] > `.
    public func promptLine(_ q: Question, current: String?) -> String {
        var out = ""
        if q.kind == .bool { out += "(y/n) " }
        if let current, !current.isEmpty {
            out += "[\(shown(current, for: q))] "
        } else if !q.required {
            out += q.kind == .text ? (ja ? "[仮の値] " : "[placeholder] ") : (ja ? "[不明] " : "[unknown] ")
        }
        return out + "> "
    }

    /// A value as shown to a person: yes/no (はい/いいえ) for booleans.
    public func shown(_ value: String, for q: Question?) -> String {
        if q?.kind == .bool {
            if value == "true" { return ja ? "はい" : "yes" }
            if value == "false" { return ja ? "いいえ" : "no" }
        }
        return value
    }

    public func help(_ q: Question) -> String {
        var out = indent(q.help(language))
        if ja {
            out += "\n  根拠: 講演（2018-08-03）「\(q.cites.section)」— \(q.cites.point)"
            out += "\n  項目: \(q.id)" + kindText(q)
        } else {
            out += "\n  From the talk (2018-08-03), \"\(q.cites.section)\": \(q.cites.point)"
            out += "\n  Field: \(q.id)" + kindText(q)
        }
        return out
    }

    private func kindText(_ q: Question) -> String {
        var parts: [String] = []
        switch q.kind {
        case .choice(let choices): parts.append(choices.joined(separator: ", "))
        case .bool: parts.append(ja ? "はい/いいえ" : "yes or no")
        case .integer(let min, let max): parts.append(max == Int.max ? (ja ? "\(min) 以上の整数" : "a whole number, at least \(min)") : (ja ? "\(min)〜\(max) の整数" : "a whole number, \(min) to \(max)"))
        case .number(let range):
            parts.append(ja ? "\(range.min) \(range.exclusive ? "より大きい" : "以上の")数" : "a number \(range.exclusive ? "above" : "at least") \(range.min)")
        case .name: parts.append(ja ? "DNS-1123 ラベル、必須" : "a DNS-1123 label, required")
        case .text: parts.append(ja ? "自由入力" : "free text")
        }
        if let d = q.defaultText { parts.append((ja ? "既定値 " : "default ") + shown(d, for: q)) }
        return ja ? "（" + parts.joined(separator: "、") + "）" : " (" + parts.joined(separator: "; ") + ")"
    }

    private func indent(_ text: String) -> String {
        // Help is one paragraph; wrap it for an 80-column terminal (Japanese is not wrapped).
        guard !ja else { return "  " + text }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + word.count + 1 > 76 { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { "  " + $0 }.joined(separator: "\n")
    }

    public func refused(_ reason: Localized) -> String {
        "  ✗ " + reason(language)
    }

    public var atFirstQuestion: String {
        ja ? "  これが最初の質問です。" : "  This is the first question."
    }

    public var endedEarly: String {
        ja ? "\n最後の質問の前に終了しました。何も保存していません。" : "\nStopped before the last question; nothing was saved."
    }

    public var interrupted: String {
        ja ? "\n中断しました。何も保存していません。\n" : "\nInterrupted; nothing was saved.\n"
    }

    /// The answers, one per line, marking those that took the default.
    public func summary(_ records: [AnswerRecord], questionnaire: Questionnaire) -> String {
        var out = ja ? "回答のまとめ:\n" : "Your answers:\n"
        let width = records.map(\.key.count).max() ?? 0
        for record in records {
            let q = questionnaire.question(record.key)
            var value = record.value.isEmpty ? (record.source == .unknown ? (ja ? "不明" : "unknown") : (ja ? "（仮の値）" : "(placeholder)")) : shown(record.value, for: q)
            switch record.source {
            case .defaulted: value += ja ? "  （既定値）" : "  (default)"
            case .unknown: value += ja ? "  （未回答）" : "  (not answered)"
            case .answersFile(let loc): value += ja ? "  （回答ファイル \(loc.file):\(loc.line)）" : "  (answers file \(loc.file):\(loc.line))"
            default: break
            }
            out += "  " + record.key.padding(toLength: width + 2, withPad: " ", startingAt: 0) + value + "\n"
        }
        return out
    }

    /// For each platform that lost: the single answers that would make it the recommendation.
    public func whatIf(_ changes: [PlatformChanges], questionnaire: Questionnaire) -> String {
        guard !changes.isEmpty else { return "" }
        var out = ja ? "ほかのプラットフォームが選ばれるには（回答を 1 つだけ変えた場合）:\n" : "What would have to change for another platform to win (one answer at a time):\n"
        for entry in changes {
            let q = { (id: String) in questionnaire.question(id) }
            if entry.changes.isEmpty {
                out += ja ? "  \(entry.platform.id): 回答を 1 つ変えるだけでは選ばれません\n"
                          : "  \(entry.platform.id): no single answer makes it win\n"
                continue
            }
            let parts = entry.changes.map { c -> String in
                let to = shown(c.to, for: q(c.key)), from = c.from.isEmpty ? (ja ? "不明" : "unknown") : shown(c.from, for: q(c.key))
                return ja ? "\(c.key) を「\(to)」に（今は「\(from)」）" : "\(c.key) = \(to) (now \(from))"
            }
            out += "  \(entry.platform.id): " + parts.joined(separator: ja ? "、または " : "; or ") + "\n"
        }
        return out
    }

    public func writeSkeletonPrompt(_ folder: String) -> String {
        ja ? "デプロイ用のスケルトンを \(folder)/ に書き出しますか？（y/n、または別のフォルダー）[n] > "
           : "Write the deployment skeleton to \(folder)/? (y/n, or another folder) [n] > "
    }

    public func saveProfilePrompt(_ database: String) -> String {
        ja ? "プロファイルを \(database) に保存しますか？（y/n）[n] > " : "Store the profile in \(database)? (y/n) [n] > "
    }

    public func wroteSkeleton(_ folder: String, platform: String) -> String {
        ja ? "\(platform) のスケルトンを \(folder)/ に書き出しました:" : "\(platform) skeleton written to \(folder)/:"
    }

    public func wroteAnswers(_ path: String) -> String {
        ja ? "回答を \(path) に保存しました（berth ask --answers \(path) で再現できます）" : "Answers saved to \(path) (replay with: berth ask --answers \(path))"
    }
}
