import BerthCore

/// What batch JSON says once per run rather than in every row: the pack, the date, the
/// procedure's steps and every rule with its title, effect and source. An outcome names rules
/// by id; `decide NAME`, `runs show` and the report give the full reasons.
public struct BatchJSONHeader: Sendable {
    public struct RuleEntry: Sendable {
        public var id: String
        public var title: String
        /// As `rules list` writes it: `exclude lambda`, `prefer fargate at fargate-otherwise`.
        public var effect: String
        public var step: String?
        /// The talk's section, the rule's citations and each catalog fact read, with its date.
        public var source: String

        public init(id: String, title: String, effect: String, step: String?, source: String) {
            self.id = id
            self.title = title
            self.effect = effect
            self.step = step
            self.source = source
        }
    }

    public var pack: String
    public var asOf: String
    public var procedure: [ProcedureStep]
    public var rules: [RuleEntry]

    public init(pack: String, asOf: String, procedure: [ProcedureStep], rules: [RuleEntry]) {
        self.pack = pack
        self.asOf = asOf
        self.procedure = procedure
        self.rules = rules
    }

    /// Written straight after the opening brace: `"as_of":...`, the members that sort before
    /// `decisions` (the JSON array document puts its rows there).
    func writeLeadingMembers(_ w: inout JSONWriter) {
        w.raw("\"as_of\":")
        w.string(asOf)
    }

    /// `"pack":...,"procedure":[...],"rules":{...},"schema_version":2`: the members after
    /// `decisions` and `outcomes`.
    func writeTrailingMembers(_ w: inout JSONWriter) {
        w.raw("\"pack\":")
        w.string(pack)
        w.raw(",\"procedure\":[")
        for (i, step) in procedure.enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.raw("{\"id\":")
            w.string(step.id)
            w.raw(",\"title\":")
            w.string(step.title)
            w.byte(0x7D)
        }
        w.raw("],\"rules\":{")
        var seen = Set<String>()
        let unique = rules.filter { seen.insert($0.id).inserted }.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        for (i, rule) in unique.enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.string(rule.id)
            w.raw(":{\"effect\":")
            w.string(rule.effect)
            w.raw(",\"source\":")
            w.string(rule.source)
            w.raw(",\"step\":")
            if let step = rule.step { w.string(step) } else { w.raw("null") }
            w.raw(",\"title\":")
            w.string(rule.title)
            w.byte(0x7D)
        }
        w.raw("},\"schema_version\":")
        w.int(BatchJSONRow.schemaVersion)
    }
}

/// Batch JSON's rows and outcomes, written member by member in key order (no tree, no sort
/// per object: a million rows). A row says what is the service's own (its place, name and
/// costs) and names its outcome: what the decision says but for costs, written once per
/// output the first time a row has it. A million synthetic rows have a few ten thousand
/// outcomes, so the rows stay about 200 bytes. The members are docs/cli.md's, "batch".
enum BatchJSONRow {
    static let schemaVersion = 2

    /// Platforms in the order of their ids, as sorted keys need.
    private static let platformsByID = Platform.allCases.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }

    /// The members that differ between rows of one shape (`DecidedRow.shape`).
    enum Hole { case index, line, name }

    /// A row but for its index, line and name: written once per shape, then filled in.
    struct Template {
        let bytes: [UInt8]
        /// Where the index, line and name go.
        let index: Int, line: Int, name: Int

        init(_ decision: Decision, outcome: Int) {
            var w = JSONWriter(capacity: 256)
            var at = (index: 0, line: 0, name: 0)
            BatchJSONRow.write(decision, outcome: outcome, into: &w) { hole, w in
                switch hole {
                case .index: at.index = w.bytes.count
                case .line: at.line = w.bytes.count
                case .name: at.name = w.bytes.count
                }
            }
            bytes = w.bytes.withUnsafeBufferPointer { Array($0) }
            (index, line, name) = at
        }

        func write(_ row: DecidedRow, into w: inout JSONWriter) {
            bytes.withUnsafeBufferPointer { b in
                w.bytes.append(contentsOf: b[..<index])
                w.int(row.index)
                w.bytes.append(contentsOf: b[index..<line])
                w.int(row.location.line)
                w.bytes.append(contentsOf: b[line..<name])
                w.string(row.decision.profile)
                w.bytes.append(contentsOf: b[name...])
            }
        }
    }

    static func write(_ row: DecidedRow, outcome: Int, into w: inout JSONWriter) {
        write(row.decision, outcome: outcome, into: &w) { hole, w in
            switch hole {
            case .index: w.int(row.index)
            case .line: w.int(row.location.line)
            case .name: w.string(row.decision.profile)
            }
        }
    }

    /// `{index, line, monthly_usd, name, outcome, platform_monthly_usd: {PLATFORM: usd}, recommendation,
    /// variant}`, with `fill` writing what differs between rows of one shape.
    private static func write(_ d: Decision, outcome: Int, into w: inout JSONWriter, fill: (Hole, inout JSONWriter) -> Void) {
        w.raw("{\"index\":")
        fill(.index, &w)
        w.raw(",\"line\":")
        fill(.line, &w)
        w.raw(",\"monthly_usd\":")
        usd(d.recommendation.flatMap { d.candidate($0)?.cost?.monthlyUSD }, &w)
        w.raw(",\"name\":")
        fill(.name, &w)
        w.raw(",\"outcome\":")
        w.int(outcome)
        w.raw(",\"platform_monthly_usd\":{")
        for (i, platform) in platformsByID.enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.string(platform.id)
            w.byte(0x3A)
            usd(d.candidate(platform)?.cost?.monthlyUSD, &w)
        }
        w.raw("},\"recommendation\":")
        if let r = d.recommendation { w.string(r.id) } else { w.raw("null") }
        w.raw(",\"variant\":")
        if let v = d.variant { w.string(v.id) } else { w.raw("null") }
        w.byte(0x7D)
    }

    /// The outcome of `d`: `{assumptions, conflicts, decided_by, id, judgement_call, platforms,
    /// recommendation, undecided, unverified, variant}` but for the id's value, and where it goes.
    static func writeOutcome(_ d: Decision, into w: inout JSONWriter) -> Int {
        let separation = d.separation
        w.raw("{\"assumptions\":[")
        for (i, a) in d.assumptions.enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.raw("{\"field\":")
            w.string(a.field)
            w.raw(",\"kind\":")
            w.string(a.kind)
            w.raw(",\"value\":")
            w.value(a.value)
            w.byte(0x7D)
        }
        w.raw("],\"conflicts\":")
        strings(d.conflicts, &w)
        w.raw(",\"decided_by\":")
        write(separation, &w)
        w.raw(",\"id\":")
        let id = w.bytes.count
        w.raw(",\"judgement_call\":")
        w.bool(separation.judgementCall)
        w.raw(",\"platforms\":{")
        for (i, platform) in platformsByID.enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.string(platform.id)
            w.byte(0x3A)
            if let rank = d.candidates.firstIndex(where: { $0.platform == platform }) {
                candidate(d, d.candidates[rank], rank: rank + 1, &w)
            } else {
                w.raw("null")
            }
        }
        w.raw("},\"recommendation\":")
        if let r = d.recommendation { w.string(r.id) } else { w.raw("null") }
        w.raw(",\"undecided\":[")
        for (i, u) in d.undecided.enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.raw("{\"platforms\":")
            strings(u.platforms.map(\.id), &w)
            w.raw(",\"rule\":")
            w.string(u.rule)
            w.raw(",\"unknown\":")
            strings(u.fields, &w)
            w.byte(0x7D)
        }
        w.raw("],\"unverified\":")
        strings(d.unverified, &w)
        w.raw(",\"variant\":")
        if let v = d.variant { w.string(v.id) } else { w.raw("null") }
        w.byte(0x7D)
        return id
    }

    /// `{eligible, excluded_by, lost_at, preferences: {RULE: {step}}, rank, variant, verified}`.
    private static func candidate(_ d: Decision, _ c: Candidate, rank: Int, _ w: inout JSONWriter) {
        w.raw("{\"eligible\":")
        w.bool(c.eligible)
        w.raw(",\"excluded_by\":")
        strings(c.exclusions.map(\.rule), &w)
        w.raw(",\"lost_at\":")
        if let lost = d.lostAt(c) { w.string(lost.kind == .step ? (lost.step?.id ?? "") : lost.kind.rawValue) } else { w.raw("null") }
        w.raw(",\"preferences\":{")
        var preferences: [(rule: String, step: String)] = []
        for reason in c.reasons {
            guard let step = reason.effect.step, !preferences.contains(where: { $0.rule == reason.rule }) else { continue }
            preferences.append((reason.rule, step))
        }
        preferences.sort { $0.rule.utf8.lexicographicallyPrecedes($1.rule.utf8) }
        for (i, p) in preferences.enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.string(p.rule)
            w.raw(":{\"step\":")
            w.string(p.step)
            w.byte(0x7D)
        }
        w.raw("},\"rank\":")
        w.int(rank)
        w.raw(",\"variant\":")
        if let v = c.variant { w.string(v.id) } else { w.raw("null") }
        w.raw(",\"verified\":")
        w.bool(c.verified)
        w.byte(0x7D)
    }

    /// `decide`'s `decided_by`, the same members in the same order.
    private static func write(_ s: Separation, _ w: inout JSONWriter) {
        w.raw("{\"kind\":")
        w.string(s.kind.rawValue)
        if let step = s.step {
            w.raw(",\"of\":")
            w.int(s.steps)
            w.raw(",\"position\":")
            w.int(s.position + 1)
            w.raw(",\"rests_on_defaults\":")
            strings(s.defaults, &w)
            w.raw(",\"rules\":")
            strings(s.rules, &w)
            w.raw(",\"runner_up\":")
            if let r = s.runnerUp { w.string(r.id) } else { w.raw("null") }
            w.raw(",\"step\":")
            w.string(step.id)
        } else {
            w.raw(",\"runner_up\":")
            if let r = s.runnerUp { w.string(r.id) } else { w.raw("null") }
        }
        w.byte(0x7D)
    }

    private static func strings(_ items: [String], _ w: inout JSONWriter) {
        w.byte(0x5B)
        for (i, item) in items.enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.string(item)
        }
        w.byte(0x5D)
    }

    private static func usd(_ amount: Double?, _ w: inout JSONWriter) {
        if let amount { w.double(amount) } else { w.raw("null") }
    }
}
