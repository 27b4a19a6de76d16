/// The decision as JSON (`--format json`, the questionnaire, batch `json`/`jsonl`) and as
/// text for a person. Both are rendered from the same `Decision`.
extension Decision {
    public var json: JSONValue {
        .object([
            "profile": .string(profile),
            "rules": .object(["pack": .string(pack), "as_of": .string(asOf)]),
            "recommendation": recommendation.map { .string($0.id) } ?? .null,
            "variant": variant.map { .string($0.id) } ?? .null,
            "judgement_call": .bool(judgementCall),
            "unverified": .array(unverified.map { .string($0) }),
            "candidates": .array(candidates.map(\.json)),
            "assumptions": .array(assumptions.map { a in
                .object(["field": .string(a.field), "value": JSONValue(a.value), "kind": .string(a.kind)])
            }),
            "undecided": .array(undecided.map { u in
                .object(["rule": .string(u.rule), "unknown": .array(u.fields.map { .string($0) })])
            }),
            "conflicts": .array(conflicts.map { .string($0) }),
        ].merging(rankingJSON) { $1 })
    }

    /// `decide`'s JSON: the decision with its `what_if` and, when asked for, its `timeline`.
    public func json(whatIf: [WhatIf], timeline: [TimelineEntry]?) -> JSONValue {
        guard case .object(var members) = json else { return json }
        members["what_if"] = .array(whatIf.map(\.json))
        if let timeline { members["timeline"] = .array(timeline.map(\.json)) }
        return .object(members)
    }

    /// `decide`'s text: the decision, the first three what-if changes, and the timeline.
    public func text(color: Bool = false, language: Language = .en, whatIf: [WhatIf], timeline: [TimelineEntry]?) -> String {
        let t = DecisionWords(language)
        var out = text(color: color, language: language)
        if !whatIf.isEmpty {
            out += "\n\(t.whatIf)\n" + whatIf.prefix(3).map { "  \($0.line)\n" }.joined()
        }
        if let timeline {
            out += "\n\(t.timeline)\n" + timeline.map { "  \($0.line(language: language))\n" }.joined()
        }
        return out
    }

    /// For a person: the recommendation, why, and why each other platform lost.
    public func text(color: Bool = false, language: Language = .en) -> String {
        let t = DecisionWords(language)
        let bold = color ? "\u{1B}[1m" : "", dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        var out = ""
        if let recommendation, let winner = candidate(recommendation) {
            let variantText = winner.variant.map { " / \($0.id)" } ?? ""
            out += "\(bold)\(profile): \(recommendation.id)\(variantText)\(reset) (\(recommendation.displayName))\n"
            out += "\(dim)\(t.rules(pack, asOf))\(reset)\n"
            if !unverified.isEmpty { out += t.notVerified(unverified.joined(separator: ", ")) + "\n" }
            if judgementCall, candidates.count > 1, rankedBy != .costBreaksTie { out += t.judgementCall(candidates[1].platform.id) + "\n" }
            out += rankingText(t)
            out += "\n"
            out += t.why(recommendation.id, winner.score) + "\n"
            if winner.reasons.isEmpty { out += "  \(t.tieOnly)\n" }
            for reason in winner.reasons { out += "  \(reason.line)\n" }
        } else {
            out += "\(bold)\(profile): \(t.nothingFits)\(reset)\n"
            out += "\(dim)\(t.rules(pack, asOf))\(reset)\n\n"
            out += t.conflict(conflicts.joined(separator: ", ")) + "\n"
        }
        out += costText(t)
        let others = candidates.filter { $0.platform != recommendation }
        if !others.isEmpty {
            out += "\n\(t.whyNot)\n"
            for c in others {
                if !c.eligible {
                    out += "  \(c.platform.id): \(t.excluded)\n"
                    for reason in c.exclusions { out += "    \(reason.line)\n" }
                } else {
                    let best = recommendation.flatMap { candidate($0) }?.score ?? 0
                    out += "  \(c.platform.id): \(t.scored(c.score, best, tie: c.score == best, onCost: rankedBy == .costBreaksTie))\n"
                    for reason in c.reasons { out += "    \(reason.line)\n" }
                }
            }
        }
        let defaults = assumptions.filter { $0.kind == "default" }
        let unknown = assumptions.filter { $0.kind == "unknown" }
        if !defaults.isEmpty || !unknown.isEmpty || !undecided.isEmpty { out += "\n" }
        if !defaults.isEmpty {
            out += t.assumed + defaults.map { "\($0.field) = \($0.value.plainText)" }.joined(separator: ", ") + "\n"
        }
        if !unknown.isEmpty {
            out += t.unknown + unknown.map(\.field).joined(separator: ", ") + "\n"
        }
        for u in undecided {
            out += t.undecided(u.rule, u.fields.joined(separator: ", ")) + "\n"
        }
        return out
    }
}

/// The words of the decision's text, in English and Japanese.
struct DecisionWords {
    let ja: Bool
    init(_ language: Language) { ja = language == .ja }

    func rules(_ pack: String, _ asOf: String) -> String {
        ja ? "ルール: \(pack)（\(asOf) 時点）" : "rules: \(pack) as of \(asOf)"
    }
    func why(_ platform: String, _ score: Int) -> String {
        ja ? "\(platform) を推奨する理由（スコア \(score)）:" : "Why \(platform) (score \(score)):"
    }
    var tieOnly: String {
        ja ? "加点・減点したルールはなく、同点時の優先順で選ばれました" : "no rule counted for or against it; it wins the tie-break order"
    }
    func notVerified(_ requirements: String) -> String {
        ja ? "未検証: この日付の事実で裏付けられない要件があります: \(requirements)" : "not verified: no fact at this date confirms \(requirements)"
    }
    func judgementCall(_ runnerUp: String) -> String {
        ja ? "判断の分かれ目: \(runnerUp) と同点で、同点時の優先順で決まりました" : "judgement call: tied with \(runnerUp), decided by the tie-break order"
    }
    var nothingFits: String { ja ? "条件を満たすプラットフォームがありません" : "no platform fits" }
    func conflict(_ rules: String) -> String {
        ja ? "この日付ではどのプラットフォームでも動かせません。妨げている要件とルール: \(rules)"
            : "No platform can run it at this date; blocked by: \(rules)"
    }
    var whyNot: String { ja ? "ほかのプラットフォームを選ばなかった理由:" : "Why not the others:" }
    var excluded: String { ja ? "除外" : "excluded" }
    func scored(_ score: Int, _ best: Int, tie: Bool, onCost: Bool = false) -> String {
        if ja { return "スコア \(score)（推奨は \(best)）" + (tie ? (onCost ? "、同点のためコストで負け" : "、同点のため優先順で負け") : "") }
        return "scored \(score) against \(best)" + (tie ? (onCost ? ", a tie lost on cost" : ", a tie lost on the tie-break order") : "")
    }
    var whatIf: String { ja ? "推奨が変わるプロファイルの変更:" : "What would change the recommendation:" }
    var timeline: String { ja ? "カタログの日付ごとの推奨:" : "The recommendation over time:" }
    var assumed: String { ja ? "仮定したデフォルト値: " : "Assumed defaults: " }
    var unknown: String { ja ? "不明: " : "Unknown: " }
    func undecided(_ rule: String, _ fields: String) -> String {
        ja ? "\(rule) は判定できませんでした（\(fields) が不明）" : "Could not decide \(rule): \(fields) unknown"
    }
}

extension Candidate {
    public var json: JSONValue {
        .object([
            "platform": .string(platform.id),
            "eligible": .bool(eligible),
            "verified": .bool(verified),
            "score": .int(score),
            "reasons": .array(reasons.map(\.json)),
            "variant": variant.map { .string($0.id) } ?? .null,
            "variants": .array(variants.map(\.json)),
        ].merging(cost?.json ?? [:]) { $1 })
    }
}

extension VariantVerdict {
    public var json: JSONValue {
        .object([
            "id": .string(variant.id),
            "eligible": .bool(eligible),
            "verified": .bool(verified),
            "reasons": .array(reasons.map(\.json)),
            "unverified": .array(unverified.map { .string($0) }),
        ].merging(cost?.json ?? [:]) { $1 })
    }
}

extension Reason {
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "rule": .string(rule),
            "effect": .string(effect.name),
            "message": .string(message),
            "source": .string(source),
        ]
        if let weight = effect.weight { members["weight"] = .int(weight) }
        return .object(members)
    }

    /// `- Fargate has no GPUs (gpu_count = 1) [gpu-not-on-fargate]` / `+2 ...`.
    public var line: String {
        let mark: String
        switch effect {
        case .exclude: mark = "x"
        case .score(let w): mark = w > 0 ? "+\(w)" : "\(w)"
        }
        return "\(mark) \(message) [\(rule)]"
    }
}
