import BerthCore

// The built-in packs and catalog in BerthCore's compact form: the bundle tool
// (Sources/BerthCompileTool) loads and checks them at build time with `PackLoader` and
// writes them with these; `berth` reads them back (BerthCompiled) instead of decoding and
// checking the YAML on every run. A pack's form leaves out its examples and tests (only
// `rules test`, `lint` and `show` read them, from the YAML) and its catalog, which is the
// bundled one and has its own form.

extension Catalog {
    public var compactForm: String {
        var w = CompactWriter()
        w.list(entries.values.sorted { $0.key < $1.key }) { w, entry in
            w.string(entry.key)
            w.case(entry.kind)
            w.string(entry.description)
            w.list(entry.values) { w, v in
                w.optional(v.since) { $0.string($1) }
                w.value(v.value)
                w.string(v.source)
                w.string(v.confidence)
            }
            w.location(entry.location)
        }
        return w.text
    }

    public init(compactForm: String) {
        let list = CompactReader.read(compactForm) { r in
            r.list { r in
                CatalogEntry(key: r.string(), kind: r.case(), description: r.string(),
                             values: r.list { r in CatalogValue(since: r.optional { $0.string() }, value: r.value(), source: r.string(), confidence: r.string()) },
                             location: r.location())
            }
        }
        var entries: [String: CatalogEntry] = [:]
        entries.reserveCapacity(list.count)
        for entry in list { entries[entry.key] = entry }
        self.init(entries: entries, sortedKeys: list.map(\.key))  // written in key order
    }
}

extension RulePack {
    /// The pack without its examples, tests and catalog.
    public var compactForm: String {
        var w = CompactWriter()
        w.string(name)
        w.string(title)
        w.optional(titleJA) { $0.string($1) }
        w.optional(asOf) { $0.string($1) }
        w.list(rules) { $0.rule($1) }
        w.list(procedure) { w, step in
            w.string(step.id)
            w.string(step.title)
            w.optional(step.titleJA) { $0.string($1) }
            w.string(step.talk)
            w.string(step.quote)
        }
        w.bool(ownsCatalog)
        w.bool(isBuiltin)
        w.optional(folder) { $0.string($1) }
        return w.text
    }

    /// A pack `compactForm` wrote, reading `catalog`.
    public init(compactForm: String, catalog: Catalog) {
        self = CompactReader.read(compactForm) { r in
            RulePack(name: r.string(), title: r.string(), titleJA: r.optional { $0.string() }, asOf: r.optional { $0.string() },
                     rules: r.list { $0.rule() },
                     procedure: r.list { r in
                         ProcedureStep(id: r.string(), title: r.string(), titleJA: r.optional { $0.string() }, talk: r.string(), quote: r.string())
                     },
                     tests: [], catalog: catalog, ownsCatalog: r.bool(), isBuiltin: r.bool(), folder: r.optional { $0.string() })
        }
    }
}

extension CompactWriter {
    mutating func rule(_ rule: Rule) {
        string(rule.id)
        string(rule.title)
        string(rule.rationale)
        optional(rule.ja) { w, ja in
            w.string(ja.title)
            w.optional(ja.rationale) { $0.string($1) }
        }
        optional(rule.source.talk) { $0.string($1) }
        list(rule.source.facts) { $0.string($1) }
        string(rule.when)
        switch rule.effect {
        case .exclude(let platforms): int(0); list(platforms) { $0.case($1) }
        case .prefer(let platforms, let step): int(1); list(platforms) { $0.case($1) }; string(step)
        case .preferVariants(let fact, let step): int(2); string(fact); string(step)
        case .require(let need): int(3); string(need)
        }
        location(rule.location)
        list(rule.reads) { $0.read($1) }
        checked(rule.condition)
        for variant in Variant.allCases {
            optional(rule.needs[variant]) { w, need in
                w.checked(need.condition)
                w.list(need.reads) { $0.read($1) }
            }
        }
    }

    mutating func read(_ read: Read) {
        switch read {
        case .field(let f): int(0); self.case(f)
        case .label(let l): int(1); string(l)
        case .catalog(let k): int(2); string(k)
        }
    }

    mutating func checked(_ c: Checked) {
        switch c {
        case .constant(let v): int(0); value(v)
        case .field(let f): int(1); self.case(f)
        case .label(let l): int(2); string(l)
        case .catalog(let k): int(3); string(k)
        case .has(let f): int(4); self.case(f)
        case .hasLabel(let l): int(5); string(l)
        case .not(let a): int(6); checked(a)
        case .negate(let a): int(7); checked(a)
        case .logic(let op, let a, let b): int(8); string(op); checked(a); checked(b)
        case .compare(let op, let a, let b, let kind): int(9); string(op); checked(a); checked(b); self.case(kind)
        case .arithmetic(let op, let a, let b): int(10); string(op); checked(a); checked(b)
        case .member(let a, let b, let kind): int(11); checked(a); checked(b); self.case(kind)
        }
    }
}

extension CompactReader {
    mutating func rule() -> Rule {
        let id = string(), title = string(), rationale = string()
        let ja = optional { r in RuleText(title: r.string(), rationale: r.optional { $0.string() }) }
        let source = RuleSource(talk: optional { $0.string() }, facts: list { $0.string() })
        let when = string()
        let effect: RuleEffect
        switch int() {
        case 0: effect = .exclude(list { $0.case() })
        case 1: effect = .prefer(list { $0.case() }, step: string())
        case 2: effect = .preferVariants(with: string(), step: string())
        case 3: effect = .require(string())
        case let kind: preconditionFailure("CompactReader: no rule effect of kind \(kind)")
        }
        var rule = Rule(id: id, title: title, rationale: rationale, ja: ja, source: source, when: when, effect: effect, examples: [],
                        location: location(), reads: list { $0.read() }, condition: checked())
        for variant in Variant.allCases {
            if let need = optional({ r in (condition: r.checked(), reads: r.list { $0.read() }) }) { rule.needs[variant] = need }
        }
        return rule
    }

    mutating func read() -> Read {
        switch int() {
        case 0: return .field(self.case())
        case 1: return .label(string())
        case 2: return .catalog(string())
        case let kind: preconditionFailure("CompactReader: no read of kind \(kind)")
        }
    }

    mutating func checked() -> Checked {
        switch int() {
        case 0: return .constant(value())
        case 1: return .field(self.case())
        case 2: return .label(string())
        case 3: return .catalog(string())
        case 4: return .has(self.case())
        case 5: return .hasLabel(string())
        case 6: return .not(checked())
        case 7: return .negate(checked())
        case 8: return .logic(string(), checked(), checked())
        case 9: return .compare(string(), checked(), checked(), self.case())
        case 10: return .arithmetic(string(), checked(), checked())
        case 11: return .member(checked(), checked(), self.case())
        case let kind: preconditionFailure("CompactReader: no condition of kind \(kind)")
        }
    }
}
