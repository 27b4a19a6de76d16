import BerthCore
import Foundation

/// The JSON of `runs list`, `runs show` and `diff` (docs/cli.md): plain members, snake_case,
/// every value a text shows also a field.
extension RunRecord {
    public var json: JSONValue {
        .object([
            "id": .int(Int(id)), "status": .string(status), "started_at": .string(startedAt),
            "finished_at": finishedAt.map { .string($0) } ?? .null,
            "pack": .string(pack), "as_of": .string(asOf),
            "input": .object(["path": .string(inputPath), "format": .string(inputFormat),
                              "sha256": inputSHA256.map { .string($0) } ?? .null]),
            "rows": .object(["total": .int(rowsTotal), "decided": .int(rowsDecided), "rejected": .int(rowsRejected)]),
            "recommended": .object(Dictionary(uniqueKeysWithValues: Platform.allCases.map { ($0.id, JSONValue.int(count(for: $0))) })),
            "none": .int(countNone),
        ])
    }
}

extension StoredDecision {
    /// One stored decision: the recommendation and its variant and cost, and per platform
    /// whether it was eligible, its variant, the rules that excluded it and the preferences
    /// that fired for it with their steps (the rules' messages come from `decide` or the report,
    /// which render them from the pack). `profile` is the given fields.
    public var json: JSONValue {
        let preferences = (try? JSONSerialization.jsonObject(with: Data(reasons.utf8))) as? [String: [String: Int]] ?? [:]
        let profileJSON = (try? ProfileFile.load(data: Data(profile.utf8), file: "run \(runID) row \(seq)"))?.givenJSON ?? .null
        return .object([
            "name": .string(name), "seq": .int(seq), "line": line.map { .int($0) } ?? .null,
            "recommendation": recommendation.map { .string($0.id) } ?? .null,
            "variant": variant.map { .string($0.id) } ?? .null,
            "monthly_usd": monthlyUSD.map { .double($0) } ?? .null,
            "platforms": .object(Dictionary(uniqueKeysWithValues: Platform.allCases.map { p in
                (p.id, JSONValue.object([
                    "eligible": .bool(isEligible(p)),
                    "variant": variants[p].map { .string($0.id) } ?? .null,
                    "excluded_by": .array((excludedBy[p] ?? []).map { .string($0) }),
                    "preferences": .object((preferences[p.id] ?? [:]).mapValues { .object(["step": .int($0)]) }),
                ]))
            })),
            "profile": profileJSON,
        ])
    }
}

extension ChangeReason {
    /// `{"kind": "field", "field", "before", "after"}`, `{"kind": "rule_now_fires", "rule",
    /// "platform", "effect"}`, `{"kind": "monthly_cost", "before", "after"}` ... with `text`, the
    /// line the text prints.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["text": .string(description)]
        func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        switch self {
        case .field(let name, let before, let after):
            members["kind"] = .string("field"); members["field"] = .string(name)
            members["before"] = string(before); members["after"] = string(after)
        case .pack(let before, let after):
            members["kind"] = .string("pack"); members["before"] = .string(before); members["after"] = .string(after)
        case .asOf(let before, let after):
            members["kind"] = .string("as_of"); members["before"] = .string(before); members["after"] = .string(after)
        case .ruleNowFires(let rule, let platform, let effect), .ruleNoLongerFires(let rule, let platform, let effect):
            if case .ruleNowFires = self { members["kind"] = .string("rule_now_fires") } else { members["kind"] = .string("rule_no_longer_fires") }
            members["rule"] = .string(rule); members["platform"] = .string(platform.id); members["effect"] = .string(effect)
        case .monthlyCost(let before, let after):
            members["kind"] = .string("monthly_cost")
            members["before"] = before.map { .double($0) } ?? .null
            members["after"] = after.map { .double($0) } ?? .null
        }
        return .object(members)
    }
}

extension RunDiff {
    public var json: JSONValue {
        func entry(_ e: Entry) -> JSONValue {
            var members: [String: JSONValue] = ["name": .string(e.name), "recommendation": e.recommendation.map { .string($0.id) } ?? .null]
            if let r = e.rejection {
                members["rejection"] = .object(["line": r.line.map { .int($0) } ?? .null, "field": r.field.map { .string($0) } ?? .null,
                                                "code": .string(r.code), "message": .string(r.message)])
            }
            return .object(members)
        }
        return .object([
            "from": from.json, "to": to.json,
            "run_changes": .array(runChanges.map(\.json)),
            "added": .array(addedServices.map(entry)),
            "removed": .array(removedServices.map(entry)),
            "now_decided": .array(nowDecided.map(entry)),
            "now_rejected": .array(nowRejected.map(entry)),
            "changed": .array(changed.map { c in
                .object(["name": .string(c.name), "before": c.before.map { .string($0.id) } ?? .null,
                         "after": c.after.map { .string($0.id) } ?? .null, "reasons": .array(c.reasons.map(\.json))])
            }),
        ])
    }
}
