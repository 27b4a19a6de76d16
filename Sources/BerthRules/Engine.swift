import BerthCore

/// The outcome of evaluating one profile, before it is rendered into prose:
/// cheap to compute and to keep (a batch keeps millions).
public struct Evaluation: Sendable {
    /// Indexes into `Engine.rules` of the rules whose condition held, in rule order.
    public var fired: [Int]
    /// Rules whose condition read an unknown value and could not be decided.
    public var undecided: [Int]
    /// Per platform, in `Platform.allCases` order.
    public var scores: [Int]
    public var eligible: [Bool]
    public var recommendation: Platform?

    /// Platforms best first: eligible before excluded, then score, then the tie-break order.
    public var ranking: [Platform] {
        Platform.allCases.sorted { a, b in
            let (ea, eb) = (eligible[a.order], eligible[b.order])
            if ea != eb { return ea }
            let (sa, sb) = (scores[a.order], scores[b.order])
            if sa != sb { return sa > sb }
            return a < b
        }
    }
}

/// Rules compiled for one date: decides profiles. Never reads files, prints or stores.
public final class Engine: @unchecked Sendable {
    public let pack: RulePack
    public let asOf: String
    public var rules: [Rule] { pack.rules }
    private let conditions: [TruthFn]
    /// Per rule: (platform order, effect) pairs.
    private let effects: [[(Int, Effect)]]
    /// Fields that some rule reads: the defaults and unknowns a decision may rely on.
    private let fieldsRead: [ProfileField]
    /// Each rule's rendered source: it depends on the date only, not on the profile.
    private let sources: [String]

    public init(pack: RulePack, asOf: String? = nil, today: String = RulePack.today()) {
        self.pack = pack
        let date = pack.date(override: asOf, today: today)
        self.asOf = date
        let compiler = Compiler(catalog: pack.catalog, asOf: date)
        conditions = pack.rules.map { compiler.truth($0.condition) }
        effects = pack.rules.map { $0.effect.effects.map { ($0.0.order, $0.1) } }
        var fields: [ProfileField] = []
        for rule in pack.rules {
            for case .field(let f) in rule.reads where !fields.contains(f) { fields.append(f) }
        }
        fieldsRead = ProfileField.allCases.filter { fields.contains($0) }
        sources = pack.rules.map { Engine.source(for: $0, catalog: pack.catalog, asOf: date) }
    }

    /// How one rule's condition comes out on a profile (for rule examples and `explain`).
    public func truth(ofRule index: Int, on profile: Profile) -> Truth {
        conditions[index](profile)
    }

    public func evaluate(_ profile: Profile) -> Evaluation {
        var fired: [Int] = []
        var undecided: [Int] = []
        var scores = [0, 0, 0, 0]
        var eligible = [true, true, true, true]
        for index in conditions.indices {
            switch conditions[index](profile) {
            case .yes:
                fired.append(index)
                for (platform, effect) in effects[index] {
                    switch effect {
                    case .exclude: eligible[platform] = false
                    case .score(let w): scores[platform] += w
                    }
                }
            case .unknown:
                undecided.append(index)
            case .no:
                break
            }
        }
        var best: Platform? = nil
        for platform in Platform.allCases where eligible[platform.order] {
            if let b = best, scores[b.order] >= scores[platform.order] { continue }
            best = platform
        }
        return Evaluation(fired: fired, undecided: undecided, scores: scores, eligible: eligible, recommendation: best)
    }

    /// `messages: false` leaves each reason's message and source empty: a batch that stores
    /// and prints rule ids only need not render prose for a million rows.
    public func decide(_ profile: Profile, messages: Bool = true) -> Decision {
        explain(evaluate(profile), for: profile, messages: messages)
    }

    /// Renders an evaluation into a decision with reasons, from the rules that fired and the
    /// values their conditions read.
    public func explain(_ evaluation: Evaluation, for profile: Profile, messages: Bool = true) -> Decision {
        var reasons: [[Reason]] = Array(repeating: [], count: Platform.allCases.count)
        for index in evaluation.fired {
            let rule = rules[index]
            let message = messages ? self.message(for: rule, on: profile) : ""
            let source = messages ? sources[index] : ""
            for (platform, effect) in effects[index] {
                reasons[platform].append(Reason(rule: rule.id, effect: effect, message: message, source: source))
            }
        }
        let candidates = evaluation.ranking.map { p in
            Candidate(platform: p, eligible: evaluation.eligible[p.order], score: evaluation.scores[p.order], reasons: reasons[p.order])
        }
        let assumptions = fieldsRead.compactMap { field -> Assumption? in
            guard !profile.has(field) else { return nil }
            let value = profile.value(of: field)
            return Assumption(field: field.rawValue, value: value, kind: value == .null ? "unknown" : "default")
        }
        let undecided = evaluation.undecided.map { index in
            Undecided(rule: rules[index].id, fields: rules[index].reads.compactMap { read in
                switch read {
                case .field(let f): return profile.value(of: f) == .null ? f.rawValue : nil
                case .label(let l): return profile.labels[l] == nil ? "labels.\(l)" : nil
                case .catalog(let k): return catalogValue(k) == .null ? "catalog.\(k)" : nil
                }
            })
        }
        var conflicts: [String] = []
        if evaluation.recommendation == nil {
            for index in evaluation.fired where effects[index].contains(where: { $0.1 == .exclude }) {
                conflicts.append(rules[index].id)
            }
        }
        return Decision(profile: profile.name, pack: pack.name, asOf: asOf, recommendation: evaluation.recommendation,
                        candidates: candidates, assumptions: assumptions, undecided: undecided, conflicts: conflicts)
    }

    public func catalogValue(_ key: String) -> Value {
        pack.catalog.entries[key]?.value(asOf: asOf)?.value ?? .null
    }

    /// The rule's title and what its condition read: `Windows containers: os = windows, catalog.fargate.windows = false`.
    public func message(for rule: Rule, on profile: Profile) -> String {
        let values = rule.reads.map { read -> String in
            switch read {
            case .field(let f): return "\(f.rawValue) = \(profile.value(of: f).plainText)"
            case .label(let l): return "labels.\(l) = \(profile.labels[l] ?? "unknown")"
            case .catalog(let k): return "catalog.\(k) = \(catalogValue(k).plainText)"
            }
        }
        return values.isEmpty ? rule.title : "\(rule.title) (\(values.joined(separator: ", ")))"
    }

    /// The talk's section, the rule's own citations, and the source of each catalog value read.
    public func source(for rule: Rule) -> String {
        Engine.source(for: rule, catalog: pack.catalog, asOf: asOf)
    }

    static func source(for rule: Rule, catalog: Catalog, asOf: String) -> String {
        var parts: [String] = []
        if let talk = rule.source.talk, !talk.isEmpty { parts.append("talk 2018-08-03: \(talk)") }
        parts += rule.source.facts
        for case .catalog(let key) in rule.reads {
            if let v = catalog.entries[key]?.value(asOf: asOf) {
                let since = v.since.map { " since \($0)" } ?? ""
                parts.append("\(key)\(since): \(v.source) [\(v.confidence)]")
            }
        }
        return parts.joined(separator: "; ")
    }
}
