import BerthCore

// The bundled prices in BerthCore's compact form: the bundle tool (Sources/BerthCompileTool)
// reads and checks data/prices.yaml at build time and writes them with this; `berth` reads
// them back (BerthCompiled) instead of decoding and checking the YAML on every run.
extension PriceCatalog {
    public var compactForm: String {
        var w = CompactWriter()
        w.string(file)
        w.list(regions) { $0.string($1) }
        w.list(prices.values.sorted { $0.key < $1.key }) { w, entry in
            w.string(entry.key)
            w.string(entry.unit)
            w.string(entry.description)
            w.list(entry.values) { $0.price($1) }
        }
        w.list(instances.values.sorted { $0.name < $1.name }) { w, type in
            w.string(type.name)
            w.string(type.arch)
            w.optional(type.vcpu) { $0.double($1) }
            w.optional(type.memoryGiB) { $0.double($1) }
            w.int(type.gpus)
            w.optional(type.gpuModel) { $0.string($1) }
            w.list(type.prices) { $0.price($1) }
        }
        w.list(facts.values.sorted { $0.key < $1.key }) { w, fact in
            w.string(fact.key)
            w.string(fact.unit)
            w.string(fact.description)
            w.list(fact.values) { w, v in
                w.string(v.since)
                w.value(v.value)
                w.string(v.source)
                w.string(v.confidence)
                w.location(v.location)
            }
        }
        w.list(assumptions.values.sorted { $0.key < $1.key }) { w, assumption in
            w.string(assumption.key)
            w.string(assumption.description)
            w.list(assumption.values) { w, v in
                w.string(v.since)
                w.optional(v.region) { $0.string($1) }
                w.optional(v.family) { $0.string($1) }
                w.double(v.typical)
                w.optional(v.low) { $0.double($1) }
                w.optional(v.high) { $0.double($1) }
                w.string(v.source)
                w.string(v.confidence)
                w.location(v.location)
            }
        }
        return w.text
    }

    public init(compactForm: String) {
        self = CompactReader.read(compactForm) { r in
            let file = r.string()
            let regions = r.list { $0.string() }
            let prices = r.list { r in PriceEntry(key: r.string(), unit: r.string(), description: r.string(), values: r.list { $0.price() }) }
            let instances = r.list { r in
                InstanceType(name: r.string(), arch: r.string(), vcpu: r.optional { $0.double() }, memoryGiB: r.optional { $0.double() },
                             gpus: r.int(), gpuModel: r.optional { $0.string() }, prices: r.list { $0.price() })
            }
            let facts = r.list { r in
                Fact(key: r.string(), unit: r.string(), description: r.string(), values: r.list { r in
                    FactValue(since: r.string(), value: r.value(), source: r.string(), confidence: r.string(), location: r.location())
                })
            }
            let assumptions = r.list { r in
                Assumption(key: r.string(), description: r.string(), values: r.list { r in
                    AssumptionValue(since: r.string(), region: r.optional { $0.string() }, family: r.optional { $0.string() },
                                    typical: r.double(), low: r.optional { $0.double() }, high: r.optional { $0.double() },
                                    source: r.string(), confidence: r.string(), location: r.location())
                })
            }
            return PriceCatalog(file: file, regions: regions,
                                prices: Dictionary(uniqueKeysWithValues: prices.map { ($0.key, $0) }),
                                instances: Dictionary(uniqueKeysWithValues: instances.map { ($0.name, $0) }),
                                facts: Dictionary(uniqueKeysWithValues: facts.map { ($0.key, $0) }),
                                assumptions: Dictionary(uniqueKeysWithValues: assumptions.map { ($0.key, $0) }))
        }
    }
}

extension CompactWriter {
    mutating func price(_ v: PriceValue) {
        string(v.since)
        string(v.region)
        list(v.tiers) { w, tier in
            w.optional(tier.upTo) { $0.double($1) }
            w.double(tier.usd)
            w.string(tier.confidence)
        }
        string(v.source)
        string(v.confidence)
        location(v.location)
    }
}

extension CompactReader {
    mutating func price() -> PriceValue {
        PriceValue(since: string(), region: string(),
                   tiers: list { r in PriceTier(upTo: r.optional { $0.double() }, usd: r.double(), confidence: r.string()) },
                   source: string(), confidence: string(), location: location())
    }
}
