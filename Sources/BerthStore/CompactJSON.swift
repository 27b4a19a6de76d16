import BerthCore

/// The store's own compact encodings of a decision.
extension JSONWriter {
    /// Scoring rules by platform: `{"lambda":{"rule-a":-1,"rule-b":2}}`, platforms by id,
    /// rules in the order the pack lists them (each rule scores a platform at most once).
    /// Exclusions are not here: they are in the `<platform>_excluded_by` columns.
    mutating func reasons(_ decision: Decision) {
        byte(0x7B)
        var firstPlatform = true
        for platform in Self.platformsByID {
            guard let index = decision.candidates.firstIndex(where: { $0.platform == platform }) else { continue }
            var firstRule = true
            for reason in decision.candidates[index].reasons {
                guard let weight = reason.effect.weight else { continue }
                if firstRule {
                    if !firstPlatform { byte(0x2C) }
                    firstPlatform = false
                    string(platform.rawValue)
                    raw(":{")
                    firstRule = false
                } else {
                    byte(0x2C)
                }
                string(reason.rule)
                byte(0x3A)
                int(weight)
            }
            if !firstRule { byte(0x7D) }
        }
        byte(0x7D)
    }

    static let platformsByID = Platform.allCases.sorted { $0.rawValue < $1.rawValue }

    /// Rule ids joined with commas (the `*_excluded_by` columns).
    mutating func exclusions(_ candidate: Candidate) {
        var first = true
        for reason in candidate.exclusions {
            if !first { byte(0x2C) }
            first = false
            rawText(reason.rule)
        }
    }
}
