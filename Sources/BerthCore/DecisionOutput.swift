/// The decision as JSON (`--format json`, the questionnaire, batch `json`/`jsonl`) and as
/// text for a person. Both are rendered from the same `Decision`.
extension Decision {
    public var json: JSONValue {
        .object([
            "profile": .string(profile),
            "rules": .object(["pack": .string(pack), "as_of": .string(asOf)]),
            "recommendation": recommendation.map { .string($0.id) } ?? .null,
            "candidates": .array(candidates.map(\.json)),
            "assumptions": .array(assumptions.map { a in
                .object(["field": .string(a.field), "value": JSONValue(a.value), "kind": .string(a.kind)])
            }),
            "undecided": .array(undecided.map { u in
                .object(["rule": .string(u.rule), "unknown": .array(u.fields.map { .string($0) })])
            }),
            "conflicts": .array(conflicts.map { .string($0) }),
        ])
    }

    /// For a person: the recommendation, why, and why each other platform lost.
    public func text(color: Bool = false) -> String {
        let bold = color ? "\u{1B}[1m" : "", dim = color ? "\u{1B}[2m" : "", reset = color ? "\u{1B}[0m" : ""
        var out = ""
        if let recommendation, let winner = candidate(recommendation) {
            out += "\(bold)\(profile): \(recommendation.id)\(reset) (\(recommendation.displayName))\n"
            out += "\(dim)rules: \(pack) as of \(asOf)\(reset)\n\n"
            out += "Why \(recommendation.id) (score \(winner.score)):\n"
            if winner.reasons.isEmpty { out += "  no rule counted for or against it; it wins the tie-break order\n" }
            for reason in winner.reasons { out += "  \(reason.line)\n" }
        } else {
            out += "\(bold)\(profile): no platform fits\(reset)\n"
            out += "\(dim)rules: \(pack) as of \(asOf)\(reset)\n\n"
            out += "Every platform was excluded; these rules conflict: \(conflicts.joined(separator: ", "))\n"
        }
        let others = candidates.filter { $0.platform != recommendation }
        if !others.isEmpty {
            out += "\nWhy not the others:\n"
            for c in others {
                if !c.eligible {
                    out += "  \(c.platform.id): excluded\n"
                    for reason in c.exclusions { out += "    \(reason.line)\n" }
                } else {
                    let best = recommendation.flatMap { candidate($0) }?.score ?? 0
                    let tie = c.score == best ? ", a tie lost on the tie-break order" : ""
                    out += "  \(c.platform.id): scored \(c.score) against \(best)\(tie)\n"
                    for reason in c.reasons { out += "    \(reason.line)\n" }
                }
            }
        }
        let defaults = assumptions.filter { $0.kind == "default" }
        let unknown = assumptions.filter { $0.kind == "unknown" }
        if !defaults.isEmpty || !unknown.isEmpty || !undecided.isEmpty { out += "\n" }
        if !defaults.isEmpty {
            out += "Assumed defaults: " + defaults.map { "\($0.field) = \($0.value.plainText)" }.joined(separator: ", ") + "\n"
        }
        if !unknown.isEmpty {
            out += "Unknown: " + unknown.map(\.field).joined(separator: ", ") + "\n"
        }
        for u in undecided {
            out += "Could not decide \(u.rule): \(u.fields.joined(separator: ", ")) unknown\n"
        }
        return out
    }
}

extension Candidate {
    public var json: JSONValue {
        .object([
            "platform": .string(platform.id),
            "eligible": .bool(eligible),
            "score": .int(score),
            "reasons": .array(reasons.map(\.json)),
        ])
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
