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
            "decided_by": separation.json,
            "unverified": .array(unverified.map { .string($0) }),
            "candidates": .array(candidates.enumerated().map { rank, c in c.json(rank: rank + 1, lostAt: lostAt(c)) }),
            "assumptions": .array(assumptions.map { a in
                .object(["field": .string(a.field), "value": JSONValue(a.value), "kind": .string(a.kind)])
            }),
            "undecided": .array(undecided.map { u in
                .object(["rule": .string(u.rule), "unknown": .array(u.fields.map { .string($0) }),
                         "platforms": .array(u.platforms.map { .string($0.id) })])
            }),
            "met": .array(met.map { m in
                .object(["rule": .string(m.rule), "message": .string(m.message), "source": .string(m.source)])
            }),
            "caveats": .array(caveats.map { c in
                .object(["fact": .string(c.fact), "value": JSONValue(c.value), "since": c.since.map { .string($0) } ?? .null,
                         "source": .string(c.source)])
            }),
            "conflicts": .array(conflicts.map { .string($0) }),
        ].merging(rankingJSON) { $1 })
    }

    /// The version of `decide`'s document (docs/schema/decision.schema.json): it changes when a
    /// member is removed or changes meaning, not when one is added.
    public static let schemaVersion = 1

    /// `decide`'s JSON: the decision with its `what_if` and, when asked for, its `timeline`.
    public func json(whatIf: [WhatIf], timeline: [TimelineEntry]?) -> JSONValue {
        guard case .object(var members) = json else { return json }
        members["schema_version"] = .int(Decision.schemaVersion)
        members["what_if"] = .array(whatIf.map(\.json))
        if let timeline { members["timeline"] = .array(timeline.map(\.json)) }
        return .object(members)
    }

    /// `decide`'s text: the decision, the first three what-if changes, and the timeline.
    public func text(color: Bool = false, language: Language = .en, verbose: Bool = false, whatIf: [WhatIf], timeline: [TimelineEntry]?) -> String {
        let t = DecisionWords(language)
        var out = text(color: color, language: language, verbose: verbose)
        if !whatIf.isEmpty {
            out += "\n\(t.whatIf)\n" + whatIf.prefix(3).map { "  \($0.line)\n" }.joined()
        }
        if let timeline {
            out += "\n\(t.timeline)\n" + timeline.map { "  \($0.line(language: language))\n" }.joined()
        }
        return out
    }

    /// For a person: the recommendation, what decided it with the sources of every reason, the
    /// requirements its variant meets and the limits it comes with, and why each other platform
    /// lost. An excluded platform shows its first exclusion, and rules that could act only on
    /// excluded platforms are left out, unless `verbose`.
    public func text(color: Bool = false, language: Language = .en, verbose: Bool = false) -> String {
        let t = DecisionWords(language)
        let bold = color ? "\u{1B}[1m" : "", dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        var out = ""
        let separation = self.separation
        if let recommendation, let winner = candidate(recommendation) {
            let variantText = winner.variant.map { " / \($0.id)" } ?? ""
            out += "\(bold)\(profile): \(recommendation.id)\(variantText)\(reset) (\(recommendation.displayName))\n"
            out += "\(dim)\(t.rules(pack, asOf))\(reset)\n"
            if !unverified.isEmpty { out += t.notVerified(unverified.joined(separator: ", ")) + "\n" }
            if let why = judgementCallReason(language: language) { out += t.judgementCallPrefix + why + "\n" }
            out += rankingText(t)
            out += "\n"
            out += t.why(recommendation.id) + "\n"
            if let line = t.decided(separation) { out += "  \(line)\n" }
            for reason in inProcedureOrder(winner.reasons) {
                out += "  \(line(reason))\n"
                if !reason.source.isEmpty { out += "\(dim)      \(reason.source)\(reset)\n" }
            }
            let name = recommendation.id + variantText
            if !met.isEmpty {
                out += "\n\(t.meets(name))\n"
                for m in met {
                    out += "  ✓ \(m.message) [\(m.rule)]\n"
                    if !m.source.isEmpty { out += "\(dim)      \(m.source)\(reset)\n" }
                }
            }
            let limits = caveats.filter { $0.value != .bool(false) }, missing = caveats.filter { $0.value == .bool(false) }
            if !limits.isEmpty {
                out += "\n" + t.limits(name, asOf) + limits.map { c in
                    "\(c.capability) = \(c.value.plainText)" + (c.since.map { " (\(t.since) \($0))" } ?? "")
                }.joined(separator: ", ") + "\n"
            }
            if !missing.isEmpty { out += (limits.isEmpty ? "\n" : "") + t.notSupported(name) + missing.map(\.capability).joined(separator: ", ") + "\n" }
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
                    let exclusions = c.exclusions
                    for reason in verbose ? exclusions : Array(exclusions.prefix(1)) {
                        out += "    \(line(reason))\n"
                        if !reason.source.isEmpty { out += "\(dim)        \(reason.source)\(reset)\n" }
                    }
                    if !verbose, exclusions.count > 1 { out += "    \(t.more(exclusions.count - 1))\n" }
                } else {
                    out += "  \(c.platform.id): \(lostAt(c).map(t.lost) ?? "")\n"
                    for reason in inProcedureOrder(c.reasons) { out += "    \(line(reason))\n" }
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
        for u in undecided where verbose || u.platforms.contains(where: isEligible) {
            out += t.undecided(u.rule, u.fields.joined(separator: ", ")) + "\n"
        }
        return out
    }

    /// Why an eligible candidate ranks below the recommendation; nil for the recommendation
    /// itself and for excluded candidates.
    public func lostAt(_ c: Candidate) -> Separation? {
        guard c.eligible, let recommendation, c.platform != recommendation, let winner = candidate(recommendation) else { return nil }
        return Separation(winner: winner, other: c, procedure: procedure, rankedBy: rankedBy)
    }

    /// Exclusions first, then preferences by their step (a stable sort: rule order within one).
    func inProcedureOrder(_ reasons: [Reason]) -> [Reason] {
        reasons.enumerated().sorted { a, b in
            let (x, y) = (stepNumber(of: a.element.effect) ?? 0, stepNumber(of: b.element.effect) ?? 0)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }

    /// `x Fargate has no GPUs (gpu_count = 1) [gpu-not-on-fargate]`, or for a preference
    /// `+ step 2: Event-driven work suits Lambda (trigger = event) [lambda-event-driven]`.
    public func line(_ reason: Reason) -> String {
        guard let step = stepNumber(of: reason.effect) else { return "x \(reason.message) [\(reason.rule)]" }
        return "+ step \(step): \(reason.message) [\(reason.rule)]"
    }

    /// Why the decision is a judgement call (the runner-up and what separates them); nil when
    /// it is not one.
    public func judgementCallReason(language: Language = .en) -> String? {
        let s = separation
        guard s.judgementCall else { return nil }
        return DecisionWords(language).judgementCall(s, defaults: defaultValues(s.defaults))
    }

    /// Why a feasible candidate ranks below the recommendation, as the text says it.
    public func lossReason(_ c: Candidate, language: Language = .en) -> String? {
        lostAt(c).map(DecisionWords(language).lost)
    }

    /// `field = value` for fields the decision assumed, as the text quotes them.
    func defaultValues(_ fields: [String]) -> String {
        fields.map { f in "\(f) = \(assumptions.first { $0.field == f }?.value.plainText ?? "?")" }.joined(separator: ", ")
    }
}

/// The words of the decision's text, in English and Japanese.
struct DecisionWords {
    let ja: Bool
    init(_ language: Language) { ja = language == .ja }

    func rules(_ pack: String, _ asOf: String) -> String {
        ja ? "ルール: \(pack)（\(asOf) 時点）" : "rules: \(pack) as of \(asOf)"
    }
    func why(_ platform: String) -> String {
        ja ? "\(platform) を推奨する理由:" : "Why \(platform):"
    }
    func stepTitle(_ s: Separation) -> String {
        guard let step = s.step else { return "" }
        let title = step.title(in: ja ? .ja : .en)
        return ja ? "手順 \(s.position + 1)/\(s.steps)「\(title)」" : "step \(s.position + 1) of \(s.steps), \"\(title)\""
    }
    /// What put the recommendation ahead of the runner-up.
    func decided(_ s: Separation) -> String? {
        let runner = s.runnerUp?.id ?? ""
        switch s.kind {
        case .none: return nil
        case .onlyFeasible: return ja ? "この日付で動かせるのはこのプラットフォームだけです" : "the only platform that can run it at this date"
        case .verification: return ja ? "\(runner) も動かせますが、この日付の事実で裏付けられない要件があります" : "\(runner) could run it too, but no fact at this date confirms all of its requirements"
        case .step: return ja ? "\(runner) との差は\(stepTitle(s))で決まりました" : "ahead of \(runner) at \(stepTitle(s))"
        case .cost: return nil  // the ranking line says it
        case .tieOrder: return ja ? "\(runner) とすべての手順で同じで、同点時の優先順で選ばれました" : "stands equal with \(runner) at every step; the tie-break order decides"
        }
    }
    /// Why another feasible candidate ranks lower.
    func lost(_ s: Separation) -> String {
        switch s.kind {
        case .step: return ja ? "\(stepTitle(s))で負け" : "lost at \(stepTitle(s))"
        case .verification: return ja ? "動かせるが、この日付の事実で裏付けられない要件がある" : "feasible, but not verified at this date"
        case .cost: return ja ? "コストで負け" : "lost on cost"
        case .tieOrder: return ja ? "すべての手順で同じで、同点時の優先順で負け" : "stands equal at every step, lost on the tie-break order"
        case .none, .onlyFeasible: return ja ? "除外" : "excluded"
        }
    }
    func notVerified(_ requirements: String) -> String {
        ja ? "未検証: この日付の事実で裏付けられない要件があります: \(requirements)" : "not verified: no fact at this date confirms \(requirements)"
    }
    var judgementCallPrefix: String { ja ? "判断の分かれ目: " : "judgement call: " }
    func judgementCall(_ s: Separation, defaults: String) -> String {
        let runner = s.runnerUp?.id ?? ""
        if s.kind == .tieOrder {
            return ja ? "\(runner) と同点で、同点時の優先順で決まりました" : "tied with \(runner), decided by the tie-break order"
        }
        if !s.defaults.isEmpty {
            return ja ? "\(runner) との差は誰も指定していないデフォルト値（\(defaults)）だけによります。指定して確かめてください"
                : "only default values nobody gave (\(defaults)) put it ahead of \(runner); state them to confirm"
        }
        return ja ? "\(runner) との差は最後の手順（\(stepTitle(s))）だけです"
            : "only the procedure's last preference (\(stepTitle(s))) puts it ahead of \(runner)"
    }
    var nothingFits: String { ja ? "条件を満たすプラットフォームがありません" : "no platform fits" }
    func conflict(_ rules: String) -> String {
        ja ? "この日付ではどのプラットフォームでも動かせません。妨げている要件とルール: \(rules)"
            : "No platform can run it at this date; blocked by: \(rules)"
    }
    var whyNot: String { ja ? "ほかのプラットフォームを選ばなかった理由:" : "Why not the others:" }
    var excluded: String { ja ? "除外" : "excluded" }
    func meets(_ variant: String) -> String { ja ? "\(variant) が満たす要件:" : "Requirements \(variant) meets:" }
    func limits(_ variant: String, _ date: String) -> String {
        ja ? "\(variant) の上限（\(date) 時点）: " : "Limits of \(variant) at \(date): "
    }
    var since: String { ja ? "開始" : "since" }
    func notSupported(_ variant: String) -> String { ja ? "\(variant) が対応していないもの: " : "Not supported by \(variant): " }
    func more(_ n: Int) -> String {
        ja ? "ほかに \(n) 件（--verbose で表示）" : "and \(n) more (--verbose lists them)"
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
    /// The procedure steps that prefer it, in the order of its reasons.
    public var preferredAt: [String] {
        var out: [String] = []
        for case .prefer(let step) in reasons.map(\.effect) where !out.contains(step) { out.append(step) }
        return out
    }

    /// Its entry in the decision's `candidates`: `rank` is its place (1 first), `lost_at`
    /// what separates it from the recommendation when it is feasible and ranks lower.
    public func json(rank: Int, lostAt: Separation?) -> JSONValue {
        .object([
            "platform": .string(platform.id),
            "eligible": .bool(eligible),
            "verified": .bool(verified),
            "rank": .int(rank),
            "preferred_at": .array(preferredAt.map { .string($0) }),
            "lost_at": lostAt.map { .string($0.kind == .step ? ($0.step?.id ?? "") : $0.kind.rawValue) } ?? .null,
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
        if let step = effect.step { members["step"] = .string(step) }
        if !defaults.isEmpty { members["defaults"] = .array(defaults.map { .string($0) }) }
        return .object(members)
    }

}
