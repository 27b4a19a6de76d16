import BerthCore

extension Engine {
    /// How the profile would have been decided from the talk (`Catalog.earliestDate`) to this
    /// engine's date: one entry at the talk, then one at each catalog date (a `since` of any
    /// entry) where the recommendation or its variant changes, with the facts the decision
    /// read that took a new value that day.
    public func timeline(_ profile: Profile) -> [TimelineEntry] {
        let dates = Set(pack.catalog.entries.values.flatMap { $0.values.compactMap(\.since) })
            .filter { $0 > Catalog.earliestDate && $0 <= asOf }.sorted()
        var previous = Engine(pack: pack, asOf: Catalog.earliestDate)
        var before = previous.evaluate(profile)
        var out = [TimelineEntry(since: Catalog.earliestDate, recommendation: before.recommendation,
                                 variant: before.recommendation.flatMap { before.variant[$0] }, because: [])]
        for date in dates {
            let engine = Engine(pack: pack, asOf: date)
            let now = engine.evaluate(profile)
            let variant = now.recommendation.flatMap { now.variant[$0] }
            if now.recommendation != out.last?.recommendation || variant != out.last?.variant {
                let read = previous.catalogKeysRead(before).union(engine.catalogKeysRead(now))
                let because = read.sorted().compactMap { key -> FactChange? in
                    guard let value = pack.catalog.entries[key]?.value(asOf: date), value.since == date else { return nil }
                    return FactChange(key: key, value: value.value)
                }
                out.append(TimelineEntry(since: date, recommendation: now.recommendation, variant: variant, because: because))
            }
            (previous, before) = (engine, now)
        }
        return out
    }

    /// The catalog entries an evaluation depended on: those the rules that fired read (for a
    /// requirement, every variant's facts), and the facts the engine reads to rank variants.
    func catalogKeysRead(_ evaluation: Evaluation) -> Set<String> {
        var keys: Set<String> = []
        for index in evaluation.fired {
            for case .catalog(let key) in rules[index].readsForAnyVariant { keys.insert(key) }
        }
        let (managed, onprem, spot) = Engine.preferenceCapabilities
        for v in Variant.allCases {
            for capability in [managed, onprem, spot] { keys.insert("\(v.catalogPrefix).\(capability)") }
        }
        return keys
    }
}
