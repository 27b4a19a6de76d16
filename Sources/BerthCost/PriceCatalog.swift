import BerthCore

/// One band of a price: `usd` per unit up to `upTo` units a month (cumulative), the last
/// band with no bound. A flat price is a single unbounded band.
public struct PriceTier: Sendable, Equatable {
    public var upTo: Double?
    public var usd: Double
    public var confidence: String
}

/// One dated list price in one region.
public struct PriceValue: Sendable, Equatable {
    /// First day the price is known to be in force (YYYY-MM-DD).
    public var since: String
    public var region: String
    /// Oldest band first; one band for a flat price.
    public var tiers: [PriceTier]
    public var source: String
    /// H, M or L, as in prices.md.
    public var confidence: String
    public var location: SourceLocation

    /// The price of the first band (the only one of a flat price).
    public var usd: Double { tiers[0].usd }
}

/// A priced item: its unit and dated values.
public struct PriceEntry: Sendable, Equatable {
    public var key: String
    public var unit: String
    public var description: String
    public var values: [PriceValue]
}

/// An EC2 instance type: its shape (when known) and its Linux on-demand price per hour.
public struct InstanceType: Sendable, Equatable {
    public var name: String
    public var arch: String
    /// nil when the price source gives no shape; such a type is listed but never packed onto.
    public var vcpu: Double?
    public var memoryGiB: Double?
    public var gpus: Int
    public var gpuModel: String?
    public var prices: [PriceValue]

    /// `m7i` for `m7i.large`: what family-specific assumptions (RI discounts) match.
    public var family: String { String(name.split(separator: ".").first ?? Substring(name)) }

    public init(name: String, arch: String, vcpu: Double?, memoryGiB: Double?, gpus: Int, gpuModel: String?, prices: [PriceValue]) {
        self.name = name
        self.arch = arch
        self.vcpu = vcpu
        self.memoryGiB = memoryGiB
        self.gpus = gpus
        self.gpuModel = gpuModel
        self.prices = prices
    }
}

/// A dated billing rule: a number (increments, minimums, fee shares) or a yes/no.
public struct FactValue: Sendable, Equatable {
    public var since: String
    /// `.double` or `.bool`.
    public var value: Value
    public var source: String
    public var confidence: String
    public var location: SourceLocation

    public var number: Double? { value.asDouble }
}

public struct Fact: Sendable, Equatable {
    public var key: String
    public var unit: String
    public var description: String
    public var values: [FactValue]
}

/// A dated discount that is not a list price. `region` and `family` (an instance family
/// such as `g5`) narrow where it applies; nil means everywhere.
public struct AssumptionValue: Sendable, Equatable {
    public var since: String
    public var region: String?
    public var family: String?
    /// The share taken off (0.6 = 60% off); the one berth uses.
    public var typical: Double
    public var low: Double?
    public var high: Double?
    public var source: String
    public var confidence: String
    public var location: SourceLocation
}

public struct Assumption: Sendable, Equatable {
    public var key: String
    public var description: String
    public var values: [AssumptionValue]
}

/// The dated price catalog (data/prices.yaml, or a user's `--prices FILE`).
public struct PriceCatalog: Sendable, Equatable {
    /// The file the catalog was read from.
    public var file: String
    /// The regions the file prices, in file order.
    public var regions: [String]
    public var prices: [String: PriceEntry]
    public var instances: [String: InstanceType]
    public var facts: [String: Fact]
    public var assumptions: [String: Assumption]

    /// The bundled file's path relative to the package root (`Bundled.text(PriceCatalog.bundledPath)`).
    public static let bundledPath = "data/prices.yaml"

    /// The price of `key` in force in `region` on `date`.
    public func price(_ key: String, region: String, on date: String) -> PriceValue? {
        prices[key].flatMap { PriceCatalog.latest($0.values, region: region, on: date) }
    }

    public func fact(_ key: String, on date: String) -> FactValue? {
        facts[key]?.values.filter { $0.since <= date }.max { $0.since < $1.since }
    }

    /// The assumption in force: a value for the family beats one for the region, which beats
    /// one for everywhere; among equals the latest wins.
    public func assumption(_ key: String, region: String, family: String? = nil, on date: String) -> AssumptionValue? {
        let candidates = assumptions[key]?.values.filter {
            $0.since <= date && ($0.region == nil || $0.region == region) && ($0.family == nil || $0.family == family)
        } ?? []
        return candidates.max { a, b in
            let ka = (a.family != nil ? 1 : 0, a.region != nil ? 1 : 0, a.since)
            let kb = (b.family != nil ? 1 : 0, b.region != nil ? 1 : 0, b.since)
            return ka < kb
        }
    }

    /// Instance types with a price in force in `region` on `date`, by name.
    public func instances(region: String, on date: String) -> [(type: InstanceType, price: PriceValue)] {
        instances.values.sorted { $0.name < $1.name }.compactMap { type in
            PriceCatalog.latest(type.prices, region: region, on: date).map { (type, $0) }
        }
    }

    static func latest(_ values: [PriceValue], region: String, on date: String) -> PriceValue? {
        values.filter { $0.region == region && $0.since <= date }.max { $0.since < $1.since }
    }
}

/// What is in force on one date in one region (for `berth prices list`), each part sorted by key.
public struct PriceSheet: Sendable, Equatable {
    public struct Price: Sendable, Equatable {
        public var key: String
        public var unit: String
        public var description: String
        public var value: PriceValue
    }
    public struct Instance: Sendable, Equatable {
        public var type: InstanceType
        public var price: PriceValue
    }
    public struct InForceFact: Sendable, Equatable {
        public var key: String
        public var unit: String
        public var description: String
        public var value: FactValue
    }
    public struct InForceAssumption: Sendable, Equatable {
        public var key: String
        public var description: String
        /// The value for the region (or everywhere) and each family-specific one.
        public var values: [AssumptionValue]
    }

    public var date: String
    public var region: String
    public var prices: [Price]
    public var instances: [Instance]
    public var facts: [InForceFact]
    public var assumptions: [InForceAssumption]
    /// Price keys with no value in force here (a reader sees the gaps too).
    public var notInForce: [String]
}

extension PriceCatalog {
    /// Everything in force on `date` in `region`. Throws `unknown-region` (listing the
    /// priced regions) or `bad-date`.
    public func sheet(on date: String, region: String) throws -> PriceSheet {
        let day = try CostInput.checkedDate(date)
        try checkRegion(region)
        var sheet = PriceSheet(date: day, region: region, prices: [], instances: [], facts: [], assumptions: [], notInForce: [])
        for entry in prices.values.sorted(by: { $0.key < $1.key }) {
            if let value = price(entry.key, region: region, on: day) {
                sheet.prices.append(.init(key: entry.key, unit: entry.unit, description: entry.description, value: value))
            } else {
                sheet.notInForce.append(entry.key)
            }
        }
        sheet.instances = instances(region: region, on: day).map { .init(type: $0.type, price: $0.price) }
        for fact in facts.values.sorted(by: { $0.key < $1.key }) {
            if let value = self.fact(fact.key, on: day) {
                sheet.facts.append(.init(key: fact.key, unit: fact.unit, description: fact.description, value: value))
            }
        }
        for assumption in assumptions.values.sorted(by: { $0.key < $1.key }) {
            var values: [AssumptionValue] = []
            if let general = self.assumption(assumption.key, region: region, on: day) { values.append(general) }
            let families = Set(assumption.values.compactMap(\.family)).sorted()
            for family in families {
                if let value = self.assumption(assumption.key, region: region, family: family, on: day), value.family != nil {
                    values.append(value)
                }
            }
            if !values.isEmpty {
                sheet.assumptions.append(.init(key: assumption.key, description: assumption.description, values: values))
            }
        }
        return sheet
    }

    /// Refuses a region the catalog does not price, naming the ones it does.
    public func checkRegion(_ region: String, at location: SourceLocation? = nil) throws {
        guard regions.contains(region) else {
            throw CostError(.unknownRegion, at: location, field: "region",
                            "region '\(region)' is not priced; priced regions: \(regions.sorted().joined(separator: ", ")) (a --prices file may add regions)")
        }
    }
}
