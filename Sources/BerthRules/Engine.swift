import BerthCore
import Synchronization

/// The outcome of evaluating one profile, before it is rendered into prose:
/// cheap to compute and to keep (a batch keeps millions).
public struct Evaluation: Sendable {
    /// Indexes into `Engine.rules` of the rules whose condition held, in rule order.
    public var fired: [Int]
    /// Rules whose condition read an unknown value and could not be decided.
    public var undecided: [Int]
    /// Each platform's standing in the procedure: bit per step, the first step highest.
    public var standing: PlatformMap<UInt32>
    public var eligible: PlatformMap<Bool>
    public var recommendation: Platform?
    /// Per variant (`Variant.index`): the requirements it fails and those it could not be
    /// checked against, as bits over `Engine.requirements`' positions.
    public var failed: [UInt64]
    public var unknown: [UInt64]
    /// Each platform's best eligible variant (verified first), and whether it is verified.
    public var variant: PlatformMap<Variant?>
    public var verified: PlatformMap<Bool>

    /// Platforms best first: eligible before excluded, verified before unverified, then the
    /// procedure's steps in order, then the tie-break order.
    public var ranking: [Platform] {
        // Insertion sort of a handful: no closure, one allocation.
        var order = Platform.allCases
        for i in 1..<order.count {
            var j = i
            while j > 0, ranksBefore(order[j], order[j - 1]) {
                order.swapAt(j, j - 1)
                j -= 1
            }
        }
        return order
    }

    private func ranksBefore(_ a: Platform, _ b: Platform) -> Bool {
        let (ea, eb) = (eligible[a], eligible[b])
        if ea != eb { return ea }
        let (va, vb) = (verified[a], verified[b])
        if ea, va != vb { return va }
        let (sa, sb) = (standing[a], standing[b])
        if sa != sb { return sa > sb }
        return a < b
    }
}

/// Rules compiled for one date: decides profiles. Never reads files, prints or stores.
public final class Engine: Sendable {
    public let pack: RulePack
    public let asOf: String
    public var rules: [Rule] { pack.rules }
    /// Wrapped so the array stores each closure at its natural abstraction: calling through
    /// a bare `[TruthFn]` costs a reabstraction thunk per rule per profile.
    private struct Condition: Sendable { let holds: TruthFn }
    private let conditions: [Condition]
    /// Rules whose condition reads the profile; the others fold to a constant for this date.
    private let live: [Int]
    /// Rules whose condition is true on every profile at this date, and what they add up to.
    private let always: [Int]
    private let baseStanding: PlatformMap<UInt32>
    private let baseEligible: PlatformMap<Bool>
    /// Every rule's effects, flattened for the hot loop: rule i's are
    /// `effectPlatform[effectStart[i]..<effectStart[i + 1]]`, with `effectBit` its step's bit
    /// in the standing, 0 for an exclusion.
    private let effectStart: [Int]
    private let effectPlatform: [Platform]
    private let effectBit: [UInt32]
    /// `preferVariants` rules: applied once the variants are chosen.
    private let variantPreferences: [(rule: Int, bit: UInt32, step: String, has: [Bool])]
    private let ruleIDs: [String]
    /// Fields that some rule reads: the defaults and unknowns a decision may rely on.
    private let fieldsRead: [ProfileField]
    /// The fields and labels some rule's condition or requirement reads, and the fields the
    /// engine reads itself to choose a variant: all of a profile a decision depends on, but
    /// its name.
    public let fieldsDeciding: Set<ProfileField>
    public let labelsRead: Set<String>
    /// Each rule's rendered source, rendered when a decision with messages first cites the
    /// rule: it depends on the date only, not on the profile, and a `decide` cites a few rules
    /// of sixty.
    private let sources: Mutex<[String?]>
    /// The requirement rules, by rule index; bit `i` of `Evaluation.failed` is `requirements[i]`.
    public let requirements: [Int]
    /// `needs[i][v.index]`: requirement `i`'s condition for variant `v`.
    private let needs: [[Condition]]
    /// Per variant at this date: AWS runs its instances, it runs on-premises, it is Spot capacity.
    private let awsManaged: [Bool]
    private let onPremises: [Bool]
    private let spotCapacity: [Bool]
    /// Per variant, its catalog keys (`PREFIX.capability`), sorted: what `caveats` walks for
    /// every variant of every decision, so not sorted out of the whole catalog each time.
    private let variantKeys: [[String]]

    /// The variant facts the engine reads itself to choose among feasible variants.
    public static let preferenceCapabilities = (managed: "aws_managed_instances", onprem: "onprem", spot: "spot")

    /// At most this many requirement rules in a pack (one bit each).
    public static let maxRequirements = 64

    public init(pack: RulePack, asOf: String? = nil, today: String = RulePack.today()) {
        self.pack = pack
        let date = pack.date(override: asOf, today: today)
        self.asOf = date
        let compiler = Compiler(catalog: pack.catalog, asOf: date)
        conditions = pack.rules.map { Condition(holds: compiler.truth($0.condition)) }
        var live: [Int] = [], always: [Int] = []
        for (index, rule) in pack.rules.enumerated() {
            switch compiler.constant(rule.condition) {
            case .bool(true)?: always.append(index)
            case .bool(false)?: break
            default: live.append(index)  // reads the profile, or is unknown (kept to be reported)
            }
        }
        self.live = live
        self.always = always
        func bit(_ step: String) -> UInt32 {
            let position = pack.procedure.firstIndex { $0.id == step } ?? 0
            return 1 << UInt32(pack.procedure.count - 1 - position)
        }
        var start = [0], platforms: [Platform] = [], bits: [UInt32] = []
        var variantPreferences: [(rule: Int, bit: UInt32, step: String, has: [Bool])] = []
        for (index, rule) in pack.rules.enumerated() {
            if case .preferVariants(let fact, let step) = rule.effect {
                let has = Variant.allCases.map { pack.catalog.entries["\($0.catalogPrefix).\(fact)"]?.value(asOf: date)?.value == .bool(true) }
                variantPreferences.append((index, bit(step), step, has))
            } else {
                for (platform, effect) in rule.effect.effects {
                    platforms.append(platform)
                    bits.append(effect.step.map(bit) ?? 0)
                }
            }
            start.append(platforms.count)
        }
        effectStart = start
        effectPlatform = platforms
        effectBit = bits
        self.variantPreferences = variantPreferences
        ruleIDs = pack.rules.map(\.id)
        var standing = PlatformMap<UInt32>(repeating: 0), eligible = PlatformMap(repeating: true)
        for index in always {
            for e in start[index]..<start[index + 1] {
                if bits[e] != 0 { standing[platforms[e]] |= bits[e] } else { eligible[platforms[e]] = false }
            }
        }
        baseStanding = standing
        baseEligible = eligible
        var fields: [ProfileField] = []
        for rule in pack.rules {
            for case .field(let f) in rule.reads where !fields.contains(f) { fields.append(f) }
        }
        fieldsRead = ProfileField.allCases.filter { fields.contains($0) }
        // Read by `preference` and `caveats` themselves, besides the rules.
        var deciding: Set<ProfileField> = [.onpremInterop, .purchasing, .avoidInstanceManagement, .os, .trigger, .loadBalancer]
        var labels = Set<String>()
        for rule in pack.rules {
            for read in rule.readsForAnyVariant {
                switch read {
                case .field(let f): deciding.insert(f)
                case .label(let l): labels.insert(l)
                case .catalog: break
                }
            }
        }
        fieldsDeciding = deciding
        labelsRead = labels
        sources = Mutex(Array(repeating: nil, count: pack.rules.count))
        let requirements = pack.rules.indices.filter { pack.rules[$0].isRequirement }.prefix(Engine.maxRequirements)
        self.requirements = Array(requirements)
        var needs: [[Condition]] = []
        for index in requirements {
            var perVariant: [Condition] = []
            for v in Variant.allCases {
                let unknown: TruthFn = { _ in .unknown }
                let holds: TruthFn = pack.rules[index].needs[v].map { compiler.truth($0.condition) } ?? unknown
                perVariant.append(Condition(holds: holds))
            }
            needs.append(perVariant)
        }
        self.needs = needs
        func fact(_ v: Variant, _ capability: String) -> Bool {
            pack.catalog.entries["\(v.catalogPrefix).\(capability)"]?.value(asOf: date)?.value == .bool(true)
        }
        let (managed, onprem, spot) = Engine.preferenceCapabilities
        awsManaged = Variant.allCases.map { fact($0, managed) }
        onPremises = Variant.allCases.map { fact($0, onprem) }
        spotCapacity = Variant.allCases.map { fact($0, spot) }
        // Sorted keys put each variant's together: a variant's are a range, found by bisection.
        let keys = pack.catalog.keys
        func firstIndex(notBelow bound: String) -> Int {
            var (lo, hi) = (0, keys.count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if keys[mid] < bound { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        variantKeys = Variant.allCases.map { v in
            // Keys are ASCII: "/" is the byte after ".", so [PREFIX., PREFIX/) holds those with the prefix.
            Array(keys[firstIndex(notBelow: v.catalogPrefix + ".")..<firstIndex(notBelow: v.catalogPrefix + "/")])
        }
    }

    /// What a lean decision depends on (what a batch memoises decisions by), worked out on
    /// each call from the conditions' constants: a batch asks once, `decide` never.
    public func leanKey() -> LeanDecisionKey {
        let compiler = Compiler(catalog: pack.catalog, asOf: asOf)
        var thresholds: [ProfileField: [Double]?] = [:]
        for rule in pack.rules {
            compiler.thresholds(rule.condition, into: &thresholds)
            for case (_, let need?) in rule.needs.entries { compiler.thresholds(need.condition, into: &thresholds) }
        }
        return LeanDecisionKey(fields: fieldsDeciding, thresholds: thresholds, labels: labelsRead)
    }

    /// Rule `index`'s rendered source (`Engine.source(for:catalog:asOf:)`), rendered once.
    private func source(ofRule index: Int) -> String {
        if let known = sources.withLock({ $0[index] }) { return known }
        let rendered = Engine.source(for: pack.rules[index], catalog: pack.catalog, asOf: asOf)
        sources.withLock { $0[index] = rendered }
        return rendered
    }

    /// How one rule's condition comes out on a profile (for rule examples and `explain`).
    public func truth(ofRule index: Int, on profile: Profile) -> Truth {
        conditions[index].holds(profile)
    }

    private func excludes(_ rule: Int) -> Bool {
        (effectStart[rule]..<effectStart[rule + 1]).contains { effectBit[$0] == 0 }
    }

    public func evaluate(_ profile: Profile) -> Evaluation {
        var fired = always
        var undecided: [Int] = []
        var standing = baseStanding
        var eligible = baseEligible
        // Buffer pointers: the hot loop runs once per rule per profile, and array accesses
        // through `self` would retain and release each array every time.
        conditions.withUnsafeBufferPointer { conditions in
            effectStart.withUnsafeBufferPointer { start in
                effectPlatform.withUnsafeBufferPointer { platform in
                    effectBit.withUnsafeBufferPointer { bit in
                        for index in live {
                            switch conditions[index].holds(profile) {
                            case .yes:
                                fired.append(index)
                                for e in start[index]..<start[index + 1] {
                                    if bit[e] != 0 { standing[platform[e]] |= bit[e] } else { eligible[platform[e]] = false }
                                }
                            case .unknown:
                                undecided.append(index)
                            case .no:
                                break
                            }
                        }
                    }
                }
            }
        }
        if !always.isEmpty { fired.sort() }
        var failed = [UInt64](repeating: 0, count: Variant.allCases.count)
        var unknown = failed
        for (bit, rule) in requirements.enumerated() where fired.contains(rule) {
            let mask: UInt64 = 1 << UInt64(bit)
            for v in 0..<failed.count {
                switch needs[bit][v].holds(profile) {
                case .no: failed[v] |= mask
                case .unknown: unknown[v] |= mask
                case .yes: break
                }
            }
        }
        var variant = PlatformMap<Variant?>(repeating: nil)
        var verified = PlatformMap(repeating: false)
        for platform in Platform.allCases {
            var best: (variant: Variant, key: Int)? = nil
            for v in Variant.of(platform) where failed[v.index] == 0 {
                let key = preference(v, unknown: unknown[v.index] != 0, for: profile)
                if best == nil || key < best!.key { best = (v, key) }
            }
            variant[platform] = best?.variant
            verified[platform] = best.map { unknown[$0.variant.index] == 0 } ?? false
            if best == nil { eligible[platform] = false }
        }
        for preference in variantPreferences where fired.contains(preference.rule) {
            for platform in Platform.allCases {
                if let v = variant[platform], preference.has[v.index] { standing[platform] |= preference.bit }
            }
        }
        var best: Platform? = nil
        for platform in Platform.allCases where eligible[platform] {
            if let b = best, verified[b] && !verified[platform] { continue }
            if let b = best, verified[b] == verified[platform], standing[b] >= standing[platform] { continue }
            best = platform
        }
        return Evaluation(fired: fired, undecided: undecided, standing: standing, eligible: eligible, recommendation: best,
                          failed: failed, unknown: unknown, variant: variant, verified: verified)
    }

    /// How well a feasible variant fits, lower first (docs/decision.md, "Variants"): verified
    /// before unverified; then on-premises when the workload must also run there; Spot
    /// capacity when it is bought as Spot; AWS-run instances when the team does not want to
    /// manage EC2; then the order of `Variant.allCases`.
    private func preference(_ v: Variant, unknown: Bool, for profile: Profile) -> Int {
        var key = unknown ? 8 : 0
        if profile.onpremInterop && !onPremises[v.index] { key += 4 }
        if profile.purchasing == .spot && !spotCapacity[v.index] { key += 2 }
        if profile.avoidInstanceManagement && !awsManaged[v.index] { key += 1 }
        return key
    }

    /// `messages: false` gives a lean decision: reasons carry rule ids, effects and the
    /// defaults they read but no message or source, and the recommendation's met requirements
    /// and caveats are left out. A batch that stores and prints rule ids only need not render
    /// prose for a million rows; assumptions and undecided rules cost no prose and stay.
    /// `language` chooses the rules' titles in the messages (English when a rule has none).
    public func decide(_ profile: Profile, messages: Bool = true, language: Language = .en) -> Decision {
        explain(evaluate(profile), for: profile, messages: messages, language: language)
    }

    /// Renders an evaluation into a decision with reasons, from the rules that fired and the
    /// values their conditions read.
    public func explain(_ evaluation: Evaluation, for profile: Profile, messages: Bool = true, language: Language = .en) -> Decision {
        var reasons = PlatformMap<[Reason]>(repeating: [])
        for index in evaluation.fired {
            let rule = pack.rules[index]
            let message = messages ? self.message(for: rule, on: profile, language: language) : ""
            let source = messages ? source(ofRule: index) : ""
            let defaults = defaultsRead(by: rule, on: profile)
            func reason(_ effect: Effect) -> Reason {
                Reason(rule: ruleIDs[index], effect: effect, message: message, source: source, defaults: defaults)
            }
            for e in effectStart[index]..<effectStart[index + 1] {
                reasons[effectPlatform[e]].append(reason(effectBit[e] == 0 ? .exclude : rule.effect.step.map { .prefer(step: $0) } ?? .exclude))
            }
            if let preference = variantPreferences.first(where: { $0.rule == index }) {
                for p in Platform.allCases {
                    if let v = evaluation.variant[p], preference.has[v.index] { reasons[p].append(reason(.prefer(step: preference.step))) }
                }
            }
        }
        let candidates = evaluation.ranking.map { p in
            Candidate(platform: p, eligible: evaluation.eligible[p], score: Int(evaluation.standing[p]), reasons: reasons[p],
                      variant: evaluation.variant[p], verified: evaluation.verified[p],
                      variants: Variant.of(p).map { verdict($0, evaluation, profile, messages: messages, language: language) })
        }
        var conflicts: [String] = []
        if evaluation.recommendation == nil {
            // What blocks every platform: the rules that excluded one, and the requirements
            // some variant failed, in rule order.
            let failedAny = evaluation.failed.reduce(0, |)
            for index in evaluation.fired {
                let blocksVariant = requirements.firstIndex(of: index).map { failedAny & (1 << UInt64($0)) != 0 } ?? false
                if blocksVariant || excludes(index) { conflicts.append(ruleIDs[index]) }
            }
        }
        let assumptions = fieldsRead.compactMap { field -> Assumption? in
            guard !profile.has(field) else { return nil }
            let value = profile.value(of: field)
            return Assumption(field: field.rawValue, value: value, kind: value == .null ? "unknown" : "default")
        }
        let undecided = evaluation.undecided.map { index in
            Undecided(rule: ruleIDs[index], fields: pack.rules[index].reads.compactMap { read in
                switch read {
                case .field(let f): return profile.value(of: f) == .null ? f.rawValue : nil
                case .label(let l): return profile.labels[l] == nil ? "labels.\(l)" : nil
                case .catalog(let k): return catalogValue(k) == .null ? "catalog.\(k)" : nil
                }
            }, platforms: pack.rules[index].isRequirement ? Platform.allCases : Array(Set(pack.rules[index].effect.effects.map(\.0))).sorted())
        }
        var decision = Decision(profile: profile.name, pack: pack.name, asOf: asOf, recommendation: evaluation.recommendation,
                                candidates: candidates, assumptions: assumptions, undecided: undecided, conflicts: conflicts)
        decision.procedure = pack.procedure
        if messages, let recommendation = evaluation.recommendation, let v = evaluation.variant[recommendation] {
            let mask = evaluation.failed[v.index] | evaluation.unknown[v.index]
            decision.met = requirements.enumerated().compactMap { bit, index in
                guard evaluation.fired.contains(index), mask & (1 << UInt64(bit)) == 0 else { return nil }
                let rule = pack.rules[index]
                return MetRequirement(rule: rule.id, message: message(for: rule, on: profile, variant: v, language: language),
                                      source: source(for: rule, variant: v))
            }
            decision.caveats = caveats(of: v, for: profile)
        }
        return decision
    }

    /// The variant's limits that apply to the profile (Windows ones for Windows) and the
    /// capabilities it lacks at the date, from its catalog facts: limits first, then the
    /// missing capabilities by name.
    public func caveats(of variant: Variant, for profile: Profile) -> [Caveat] {
        let prefix = variant.catalogPrefix + "."
        func fact(_ capability: String) -> (key: String, value: CatalogValue)? {
            let key = prefix + capability
            return pack.catalog.entries[key]?.value(asOf: asOf).map { (key, $0) }
        }
        func note(_ f: (key: String, value: CatalogValue)) -> Caveat {
            Caveat(fact: f.key, value: f.value.value, since: f.value.since, source: f.value.source)
        }
        var out: [Caveat] = []
        let windows = profile.os == .windows
        let limits: [(unbounded: String, keys: [String])] = [
            ("unbounded_size", ["max_vcpu", "max_memory_mib"]),
            ("unbounded_storage", ["max_ephemeral_storage_gib"]),
            ("unbounded_duration", ["max_duration_seconds"]),
        ]
        for (unbounded, keys) in limits where fact(unbounded)?.value.value != .bool(true) {
            for key in keys {
                if let f = (windows ? fact("windows_" + key) : nil) ?? fact(key), f.value.value != .null { out.append(note(f)) }
            }
        }
        if profile.trigger == .http, profile.loadBalancer == .none, let f = fact("http_direct_max_duration_seconds"), f.value.value != .null {
            out.append(note(f))
        }
        let notCaveats: Set<String> = ["available", Engine.preferenceCapabilities.managed]
        for key in variantKeys[variant.index] {
            let capability = String(key.dropFirst(prefix.count))
            guard !notCaveats.contains(capability), !capability.hasPrefix("unbounded_"), let f = fact(capability), f.value.value == .bool(false) else { continue }
            out.append(note(f))
        }
        return out
    }

    /// The profile fields a rule's condition read that the profile does not give.
    private func defaultsRead(by rule: Rule, on profile: Profile) -> [String] {
        rule.reads.compactMap { read in
            guard case .field(let f) = read, !profile.has(f), profile.value(of: f) != .null else { return nil }
            return f.rawValue
        }
    }

    /// One variant's standing: the requirements it fails, with messages, and those unknown.
    private func verdict(_ v: Variant, _ evaluation: Evaluation, _ profile: Profile, messages: Bool, language: Language) -> VariantVerdict {
        var reasons: [Reason] = [], unverified: [String] = []
        for (bit, index) in requirements.enumerated() {
            let mask: UInt64 = 1 << UInt64(bit)
            let rule = pack.rules[index]
            if evaluation.failed[v.index] & mask != 0 {
                reasons.append(Reason(rule: rule.id, effect: .exclude,
                                      message: messages ? message(for: rule, on: profile, variant: v, language: language) : "",
                                      source: messages ? source(for: rule, variant: v) : ""))
            } else if evaluation.unknown[v.index] & mask != 0 {
                unverified.append(rule.id)
            }
        }
        return VariantVerdict(variant: v, eligible: evaluation.failed[v.index] == 0, reasons: reasons, unverified: unverified)
    }

    /// A requirement's message for one variant: its title, then the values its condition and
    /// the variant's facts read.
    public func message(for rule: Rule, on profile: Profile, variant: Variant, language: RuleLanguage) -> String {
        let base = message(for: rule, on: profile, language: language)
        let facts = rule.reads(for: variant).map { describe($0, on: profile) }
        guard !facts.isEmpty else { return base }
        return base.hasSuffix(")") ? String(base.dropLast()) + ", " + facts.joined(separator: ", ") + ")" : "\(base) (\(facts.joined(separator: ", ")))"
    }

    /// A requirement's sources for one variant: the rule's, and the source of each fact read.
    public func source(for rule: Rule, variant: Variant) -> String {
        var parts = [source(for: rule)].filter { !$0.isEmpty }
        for case .catalog(let key) in rule.reads(for: variant) {
            if let v = pack.catalog.entries[key]?.value(asOf: asOf) {
                parts.append("\(key)\(v.since.map { " since \($0)" } ?? ""): \(v.source) [\(v.confidence)]")
            } else {
                parts.append("\(key): no fact at \(asOf)")
            }
        }
        return parts.joined(separator: "; ")
    }

    public func catalogValue(_ key: String) -> Value {
        pack.catalog.entries[key]?.value(asOf: asOf)?.value ?? .null
    }

    /// The rule's title and what its condition read: `Fargate runs no Windows containers (os = windows,
    /// catalog.fargate.windows = false)`.
    public func message(for rule: Rule, on profile: Profile) -> String {
        message(for: rule, on: profile, language: .en)
    }

    /// The same in a language: the rule's title in that language (English when the rule has
    /// none), followed by the values read, which are written the same in every language.
    public func message(for rule: Rule, on profile: Profile, language: RuleLanguage) -> String {
        let title = rule.title(in: language)
        let values = rule.reads.map { describe($0, on: profile) }
        return values.isEmpty ? title : "\(title) (\(values.joined(separator: ", ")))"
    }

    /// One value a condition read, as messages show it: `os = windows`, `catalog.KEY = false`.
    private func describe(_ read: Read, on profile: Profile) -> String {
        switch read {
        case .field(let f): return "\(f.rawValue) = \(profile.value(of: f).plainText)"
        case .label(let l): return "labels.\(l) = \(profile.labels[l] ?? "unknown")"
        case .catalog(let k): return "catalog.\(k) = \(catalogValue(k).plainText)"
        }
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
