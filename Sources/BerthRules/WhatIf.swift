import BerthCore

/// Which profile changes a what-if may suggest.
public enum WhatIfScope: String, CaseIterable, Sendable {
    /// Changes a user could make: none that adds a requirement the workload does not have.
    case user
    /// Every change, including a GPU, privileged containers or exec access.
    case all
}

extension Engine {
    /// For each other platform that some change to the profile makes the recommendation, the
    /// smallest such change: one field, else two. Each is found by evaluating the changed
    /// profile, so it holds by construction. One-field changes first, then in the order of
    /// the current ranking.
    public func whatIf(_ profile: Profile, scope: WhatIfScope = .user) -> [WhatIf] {
        let base = evaluate(profile)
        // Per-platform maps, not sets and dictionaries keyed by platform: this runs in every
        // `decide`, where the first hashed container of a key type costs the Swift runtime a
        // scan of every protocol conformance in the process (about 0.3 million instructions).
        var found = PlatformMap<WhatIf?>(repeating: nil)
        var foundCount = 0
        let wantedCount = Platform.allCases.count - (base.recommendation == nil ? 0 : 1)
        func record(_ changed: Profile, _ change: [FieldChange]) {
            let e = evaluate(changed)
            guard let winner = e.recommendation, winner != base.recommendation, found[winner] == nil else { return }
            found[winner] = WhatIf(platform: winner, variant: e.variant[winner], change: change)
            foundCount += 1
        }
        var singles: [(FieldChange, Profile)] = []
        for (field, values) in whatIfValues(for: profile, scope: scope) {
            for value in values {
                let change = FieldChange(field: field, value: value)
                if let changed = Engine.applying(change, to: profile) { singles.append((change, changed)) }
            }
        }
        for (change, changed) in singles { record(changed, [change]) }
        let reachedByOne = found.map { $0 != nil }
        outer: for i in singles.indices {
            for j in singles.indices.dropFirst(i + 1) where singles[j].0.field != singles[i].0.field {
                if foundCount == wantedCount { break outer }
                guard let both = Engine.applying(singles[j].0, to: singles[i].1) else { continue }
                record(both, [singles[i].0, singles[j].0])
            }
        }
        return base.ranking.filter { reachedByOne[$0] }.compactMap { found[$0] }
            + base.ranking.filter { !reachedByOne[$0] }.compactMap { found[$0] }
    }

    /// The values a what-if tries for each field some rule reads, other than the profile's own:
    /// every option of an enum, the other boolean, and for a number each threshold the rules
    /// and the facts at this date compare it with, and one unit either side, nearest first.
    func whatIfValues(for profile: Profile, scope: WhatIfScope) -> [(ProfileField, [Value])] {
        // Indexed by field (see `whatIf` on hashed containers); sorted and made unique below.
        var read = FieldSet()
        var thresholds = [[Double]](repeating: [], count: ProfileField.allCases.count)
        var numbers: [Double] = []
        for rule in rules {
            let reads = rule.readsForAnyVariant
            numbers.removeAll(keepingCapacity: true)
            rule.condition.appendNumbers(to: &numbers)
            for case .catalog(let key) in reads { if let n = catalogValue(key).asDouble { numbers.append(n) } }
            for case .field(let f) in reads {
                read.insert(f)
                for n in numbers { thresholds[f.index].append(contentsOf: [n - 1, n, n + 1]) }
            }
        }
        return ProfileField.allCases.compactMap { field -> (ProfileField, [Value])? in
            guard read.contains(field) else { return nil }
            var numbers = thresholds[field.index]
            numbers.sort()
            numbers = numbers.enumerated().compactMap { i, n in i > 0 && numbers[i - 1] == n ? nil : n }
            let now = profile.value(of: field)
            var values: [Value]
            switch field.spec.access {
            case .choice(let choice): values = choice.options.map(Value.string)
            case .flag: values = [.bool(true), .bool(false)]
            case .integer(let min, let max, _, _):
                values = numbers.filter { $0 >= Double(min) && $0 <= Double(max) && $0 == $0.rounded() }.map { .int(Int($0)) }
            case .number(let range, _, _): values = numbers.filter { range.contains($0) }.map(Value.double)
            case .name, .text, .map: return nil
            }
            values = values.filter { $0 != now && (scope == .all || !Engine.addsRequirement($0, to: field, now: now)) }
            if let current = now.asDouble {
                values.sort { a, b in
                    let (x, y) = (a.asDouble ?? 0, b.asDouble ?? 0)
                    return (abs(x - current), x) < (abs(y - current), y)
                }
            } else if now == .null {
                values.sort { ($0.asDouble ?? 0) < ($1.asDouble ?? 0) }
            }
            return values.isEmpty ? nil : (field, values)
        }
    }

    /// A change that states a need the workload does not have: a GPU, privileged containers,
    /// a shell in running containers. A user would not make it to reach another platform.
    static func addsRequirement(_ value: Value, to field: ProfileField, now: Value) -> Bool {
        switch field {
        case .gpuCount: return now == .int(0) && value != .int(0)
        case .privileged, .execAccess: return value == .bool(true)
        default: return false
        }
    }

    /// The profile with one field set, as a profile file stating it would be; nil when the
    /// result is not a valid profile (max_tasks below min_tasks).
    static func applying(_ change: FieldChange, to profile: Profile) -> Profile? {
        var changed = profile
        switch (change.field.spec.access, change.value) {
        case (.choice(let choice), .string(let s)): guard choice.set(&changed, s) else { return nil }
        case (.flag(_, let set), .bool(let b)): set(&changed, b)
        case (.integer(_, _, _, let set), .int(let i)): set(&changed, i)
        case (.number(_, _, let set), let v): guard let d = v.asDouble else { return nil }; set(&changed, d)
        default: return nil
        }
        changed.given.insert(change.field)
        return changed.minTasks <= changed.maxTasks ? changed : nil
    }
}

extension Checked {
    /// Appends the numbers written in a checked condition (`max_duration_seconds > 900` ->
    /// 900; the checker folds nothing, so these are its literals), without lexing its text
    /// again; a number written twice is appended twice.
    func appendNumbers(to out: inout [Double]) {
        func append(_ value: Value) {
            switch value {
            case .int(let i): out.append(Double(i))
            case .double(let d): out.append(d)
            case .list(let items): for item in items { append(item) }
            case .null, .bool, .string: break
            }
        }
        switch self {
        case .constant(let value): append(value)
        case .field, .label, .catalog, .has, .hasLabel: break
        case .not(let c), .negate(let c): c.appendNumbers(to: &out)
        case .logic(_, let a, let b), .compare(_, let a, let b, _), .arithmetic(_, let a, let b), .member(let a, let b, _):
            a.appendNumbers(to: &out)
            b.appendNumbers(to: &out)
        }
    }
}

extension Rule {
    /// What the condition reads and, for a requirement, what every variant's check reads.
    var readsForAnyVariant: [Read] {
        var all = reads
        for variant in Variant.allCases { all.append(contentsOf: reads(for: variant)) }
        return all
    }
}
