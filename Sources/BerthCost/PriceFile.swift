import BerthCore
import Yams

extension PriceCatalog {
    /// Reads a price file (data/prices.yaml's format, docs/cost.md). Every problem of the file
    /// is reported at once, as a `PriceFileError`; no catalog is returned unless there are none.
    /// `file` names the text in errors (`data/prices.yaml`, or the path given to `--prices`).
    public static func load(text: String, file: String) throws -> PriceCatalog {
        let root: Node?
        do {
            root = try YAMLSupport.compose(text, file: file)
        } catch let error as ProfileError {
            throw PriceFileError(errors: [CostError(.syntax, at: error.location, error.message)])
        }
        return try load(root: root, file: file)
    }

    /// The same from a file's root node, already composed.
    static func load(root: Node?, file: String) throws -> PriceCatalog {
        var reader = PriceFileReader(file: file)
        let catalog = reader.read(root)
        guard reader.errors.isEmpty, let catalog else {
            let ordered = reader.errors.enumerated().sorted { a, b in
                let la = a.element.location, lb = b.element.location
                return (la?.line ?? 0, la?.column ?? 0, a.offset) < (lb?.line ?? 0, lb?.column ?? 0, b.offset)
            }
            throw PriceFileError(errors: ordered.map(\.element))
        }
        return catalog
    }
}

/// Walks a price file's nodes, collecting every error instead of stopping at the first.
private struct PriceFileReader {
    let file: String
    var errors: [CostError] = []
    var regions: [String] = []
    /// Where each (what, region, family, since) was first given, to name the first of a duplicate.
    var seen: [String: SourceLocation] = [:]

    init(file: String) { self.file = file }

    mutating func read(_ root: Node?) -> PriceCatalog? {
        guard let root else {
            fail(.badFile, SourceLocation(file: file, line: 1), "the price file is empty")
            return nil
        }
        guard let top = fields(root, allowed: ["regions", "prices", "instances", "facts", "assumptions"], what: "the price file") else { return nil }
        for section in ["regions", "prices", "instances", "facts", "assumptions"] where top[section] == nil {
            fail(.badFile, at(root), "the price file has no '\(section):' section")
        }
        if let node = top["regions"] { regions = readRegions(node) }
        var catalog = PriceCatalog(file: file, regions: regions, prices: [:], instances: [:], facts: [:], assumptions: [:])
        if let node = top["prices"] {
            catalog.prices = readPrices(node)
            for key in absent(PriceSchema.prices.keys, from: node) {
                fail(.missingPrice, at(node), "the file has no price '\(key)' (per \(PriceSchema.prices[key]!)); berth's calculator reads it")
            }
        }
        if let node = top["instances"] { catalog.instances = readInstances(node) }
        if let node = top["facts"] {
            catalog.facts = readFacts(node)
            for key in absent(PriceSchema.facts.keys, from: node) {
                fail(.missingPrice, at(node), "the file has no fact '\(key)'; berth's calculator reads it")
            }
        }
        if let node = top["assumptions"] {
            catalog.assumptions = readAssumptions(node)
            for key in absent(PriceSchema.assumptions, from: node) {
                fail(.missingPrice, at(node), "the file has no assumption '\(key)'; berth's calculator reads it")
            }
        }
        return errors.isEmpty ? catalog : nil
    }

    // MARK: sections

    mutating func readRegions(_ node: Node) -> [String] {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            fail(.badFile, at(node), "'regions' is a non-empty list of region codes, e.g. [us-east-1, ap-northeast-1]")
            return []
        }
        var out: [String] = []
        for item in sequence {
            guard let name = item.scalar?.string, !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
                fail(.badFile, at(item), "a region is a code such as us-east-1")
                continue
            }
            if out.contains(name) { fail(.badFile, at(item), "region '\(name)' is listed twice") } else { out.append(name) }
        }
        return out
    }

    mutating func readPrices(_ node: Node) -> [String: PriceEntry] {
        var out: [String: PriceEntry] = [:]
        for (keyNode, entryNode) in entries(node, what: "'prices'") {
            guard let key = keyNode.string, let unit = PriceSchema.prices[key] else {
                unknown(keyNode, kind: "price", among: PriceSchema.prices.keys)
                continue
            }
            guard let f = fields(entryNode, allowed: ["unit", "description", "values"], what: "price '\(key)'") else { continue }
            checkUnit(f["unit"], expected: unit, key: key, owner: entryNode)
            var values: [PriceValue] = []
            for item in valueList(f["values"], key: key, owner: entryNode) {
                if let value = readPriceValue(item, key: key, tiered: true) { values.append(value) }
            }
            out[key] = PriceEntry(key: key, unit: unit, description: f["description"]?.string ?? "", values: values)
        }
        return out
    }

    mutating func readInstances(_ node: Node) -> [String: InstanceType] {
        var out: [String: InstanceType] = [:]
        for (nameNode, typeNode) in entries(node, what: "'instances'") {
            guard let name = nameNode.string, name.contains("."), !name.contains(" ") else {
                fail(.badFile, at(nameNode), "an instance type is named like m7i.large")
                continue
            }
            guard let f = fields(typeNode, allowed: ["arch", "vcpu", "memory_gib", "gpu", "gpu_model", "prices"], what: "instance type '\(name)'") else { continue }
            var arch = "x86_64"
            if let node = f["arch"], let text = node.string, PriceSchema.architectures.contains(text) {
                arch = text
            } else {
                fail(.badFile, at(f["arch"] ?? typeNode), "instance type '\(name)' needs 'arch': x86_64 or arm64")
            }
            let vcpu = f["vcpu"].flatMap { positive($0, what: "'vcpu' of '\(name)'") }
            let memory = f["memory_gib"].flatMap { positive($0, what: "'memory_gib' of '\(name)'") }
            if (f["vcpu"] == nil) != (f["memory_gib"] == nil) {
                fail(.badFile, at(typeNode), "instance type '\(name)' gives 'vcpu' and 'memory_gib' together or neither")
            }
            var gpus = 0
            if let node = f["gpu"], let count = number(node, what: "'gpu' of '\(name)'") {
                if count < 0 || count != count.rounded() {
                    fail(.outOfRange, at(node), "'gpu' of '\(name)' is a whole number >= 0")
                } else {
                    gpus = Int(count)
                }
            }
            var prices: [PriceValue] = []
            for item in valueList(f["prices"], key: name, owner: typeNode) {
                if let value = readPriceValue(item, key: name, tiered: false) { prices.append(value) }
            }
            out[name] = InstanceType(name: name, arch: arch, vcpu: vcpu, memoryGiB: memory, gpus: gpus,
                                     gpuModel: f["gpu_model"]?.string, prices: prices)
        }
        return out
    }

    mutating func readFacts(_ node: Node) -> [String: Fact] {
        var out: [String: Fact] = [:]
        for (keyNode, entryNode) in entries(node, what: "'facts'") {
            guard let key = keyNode.string, let unit = PriceSchema.facts[key] else {
                unknown(keyNode, kind: "fact", among: PriceSchema.facts.keys)
                continue
            }
            guard let f = fields(entryNode, allowed: ["unit", "description", "values"], what: "fact '\(key)'") else { continue }
            checkUnit(f["unit"], expected: unit, key: key, owner: entryNode)
            var values: [FactValue] = []
            for item in valueList(f["values"], key: key, owner: entryNode) {
                guard let v = fields(item, allowed: ["since", "value", "source", "confidence", "note"], what: "a value of fact '\(key)'") else { continue }
                let since = date(v["since"], owner: item, what: "fact '\(key)'")
                var value: Value?
                if let node = v["value"] {
                    if unit == "bool" {
                        if let text = node.string, let flag = ProfileDecoder.parseBool(text) { value = .bool(flag) } else {
                            fail(.badFile, at(node), "fact '\(key)' is true or false")
                        }
                    } else if let n = number(node, what: "fact '\(key)'") {
                        if n < 0 { fail(.outOfRange, at(node), "fact '\(key)' cannot be negative") } else { value = .double(n) }
                    }
                } else {
                    fail(.missingPrice, at(item), "a value of fact '\(key)' needs 'value'")
                }
                let (source, confidence) = provenance(v, owner: item, what: "fact '\(key)'")
                guard let since, let value, let source, let confidence,
                      unique("fact \(key)", region: nil, family: nil, since: since, at: at(item), what: "fact '\(key)' since \(since)") else { continue }
                values.append(FactValue(since: since, value: value, source: source, confidence: confidence, location: at(item)))
            }
            out[key] = Fact(key: key, unit: unit, description: f["description"]?.string ?? "", values: values)
        }
        return out
    }

    mutating func readAssumptions(_ node: Node) -> [String: Assumption] {
        var out: [String: Assumption] = [:]
        for (keyNode, entryNode) in entries(node, what: "'assumptions'") {
            guard let key = keyNode.string, PriceSchema.assumptions.contains(key) else {
                unknown(keyNode, kind: "assumption", among: PriceSchema.assumptions)
                continue
            }
            guard let f = fields(entryNode, allowed: ["description", "values"], what: "assumption '\(key)'") else { continue }
            var values: [AssumptionValue] = []
            for item in valueList(f["values"], key: key, owner: entryNode) {
                let allowed = ["since", "region", "family", "typical", "low", "high", "source", "confidence", "note"]
                guard let v = fields(item, allowed: allowed, what: "a value of assumption '\(key)'") else { continue }
                let since = date(v["since"], owner: item, what: "assumption '\(key)'")
                let region = v["region"].flatMap { knownRegion($0) }
                let family = v["family"]?.string
                var shares: [String: Double] = [:]
                for name in ["typical", "low", "high"] {
                    guard let node = v[name] else { continue }
                    guard let share = number(node, what: "'\(name)' of assumption '\(key)'") else { continue }
                    if share < 0 || share >= 1 {
                        fail(.outOfRange, at(node), "'\(name)' of assumption '\(key)' is a share taken off, 0 <= share < 1 (0.6 = 60% off)")
                    } else {
                        shares[name] = share
                    }
                }
                if v["typical"] == nil { fail(.missingPrice, at(item), "a value of assumption '\(key)' needs 'typical'") }
                if let typical = shares["typical"], (shares["low"].map { $0 > typical } ?? false) || (shares["high"].map { $0 < typical } ?? false) {
                    fail(.outOfRange, at(item), "assumption '\(key)': low <= typical <= high")
                }
                let (source, confidence) = provenance(v, owner: item, what: "assumption '\(key)'")
                guard let since, let typical = shares["typical"], let source, let confidence,
                      v["region"] == nil || region != nil,
                      unique("assumption \(key)", region: region, family: family, since: since, at: at(item),
                             what: "assumption '\(key)'\(region.map { " for \($0)" } ?? "")\(family.map { " for \($0)" } ?? "") since \(since)") else { continue }
                values.append(AssumptionValue(since: since, region: region, family: family, typical: typical, low: shares["low"],
                                              high: shares["high"], source: source, confidence: confidence, location: at(item)))
            }
            out[key] = Assumption(key: key, description: f["description"]?.string ?? "", values: values)
        }
        return out
    }

    // MARK: one price

    /// A dated price: `usd`, or (when `tiered`) `tiers` of `{up_to, usd}` with the last unbounded.
    mutating func readPriceValue(_ item: Node, key: String, tiered: Bool) -> PriceValue? {
        var allowed = ["since", "region", "usd", "source", "confidence", "note"]
        if tiered { allowed.append("tiers") }
        guard let v = fields(item, allowed: allowed, what: "a price of '\(key)'") else { return nil }
        let region: String?
        if let node = v["region"] { region = knownRegion(node) } else {
            region = nil
            fail(.badFile, at(item), "a price of '\(key)' needs 'region'")
        }
        let since = date(v["since"], owner: item, what: "the price of '\(key)'\(region.map { " for \($0)" } ?? "")")
        let (source, confidence) = provenance(v, owner: item, what: "the price of '\(key)'")
        var tiers: [PriceTier]?
        switch (v["usd"], v["tiers"]) {
        case (let node?, nil):
            if let usd = price(node, key: key) { tiers = [PriceTier(upTo: nil, usd: usd, confidence: confidence ?? "")] }
        case (nil, let node?):
            tiers = readTiers(node, key: key, confidence: confidence ?? "")
        case (nil, nil):
            fail(.missingPrice, at(item), "the price of '\(key)'\(region.map { " for \($0)" } ?? "")\(since.map { " since \($0)" } ?? "") has no 'usd'\(tiered ? " (or 'tiers')" : "")")
        case (_?, _?):
            fail(.badFile, at(item), "a price of '\(key)' gives 'usd' or 'tiers', not both")
        }
        guard let region, let since, let source, let confidence, let tiers,
              unique(key, region: region, family: nil, since: since, at: at(item), what: "the price of '\(key)' for \(region) since \(since)") else { return nil }
        return PriceValue(since: since, region: region, tiers: tiers, source: source, confidence: confidence, location: at(item))
    }

    mutating func readTiers(_ node: Node, key: String, confidence: String) -> [PriceTier]? {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            fail(.badFile, at(node), "'tiers' of '\(key)' is a list of {up_to, usd}, the last without 'up_to'")
            return nil
        }
        var tiers: [PriceTier] = []
        var ok = true
        for (index, item) in sequence.enumerated() {
            guard let t = fields(item, allowed: ["up_to", "usd", "confidence"], what: "a tier of '\(key)'") else { ok = false; continue }
            let last = index == sequence.count - 1
            var bound: Double?
            if let node = t["up_to"] {
                if last {
                    fail(.badFile, at(node), "the last tier of '\(key)' has no 'up_to' (it has no upper bound)")
                    ok = false
                } else if let b = positive(node, what: "'up_to' of a tier of '\(key)'") {
                    if let previous = tiers.last?.upTo, b <= previous {
                        fail(.outOfRange, at(node), "tiers of '\(key)' go up: \(Money.text(b)) is not above \(Money.text(previous))")
                        ok = false
                    }
                    bound = b
                } else { ok = false }
            } else if !last {
                fail(.badFile, at(item), "every tier of '\(key)' but the last needs 'up_to'")
                ok = false
            }
            var tierConfidence = confidence
            if let node = t["confidence"] {
                if let c = node.string, PriceSchema.confidences.contains(c) { tierConfidence = c } else {
                    fail(.badConfidence, at(node), "'confidence' is H, M or L")
                    ok = false
                }
            }
            guard let usdNode = t["usd"] else {
                fail(.missingPrice, at(item), "a tier of '\(key)' has no 'usd'")
                ok = false
                continue
            }
            guard let usd = price(usdNode, key: key) else { ok = false; continue }
            tiers.append(PriceTier(upTo: bound, usd: usd, confidence: tierConfidence))
        }
        return ok ? tiers : nil
    }

    // MARK: helpers

    mutating func fail(_ kind: CostError.Code, _ location: SourceLocation, _ message: String) {
        errors.append(CostError(kind, at: location, message))
    }

    func at(_ node: Node) -> SourceLocation { YAMLSupport.location(of: node, file: file) }

    /// The required keys a section does not mention at all, sorted.
    func absent(_ required: some Collection<String>, from section: Node) -> [String] {
        let present = Set(section.mapping?.keys.compactMap(\.string) ?? [])
        return required.filter { !present.contains($0) }.sorted()
    }

    /// A mapping's key and value nodes, in file order.
    mutating func entries(_ node: Node, what: String) -> [(Node, Node)] {
        guard let mapping = node.mapping else {
            fail(.badFile, at(node), "\(what) is a mapping")
            return []
        }
        return mapping.map { ($0.key, $0.value) }
    }

    /// A mapping's fields by name; unknown names are reported (with a suggestion) and skipped.
    mutating func fields(_ node: Node, allowed: [String], what: String) -> [String: Node]? {
        guard let mapping = node.mapping else {
            fail(.badFile, at(node), "\(what) is a mapping")
            return nil
        }
        var out: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if allowed.contains(name) { out[name] = value; continue }
            var message = "unknown key '\(name)' in \(what)"
            if let hint = ProfileSchema.closest(to: name, among: allowed) { message += "; did you mean '\(hint)'?" }
            fail(.unknownKey, at(key), message)
        }
        return out
    }

    mutating func unknown(_ keyNode: Node, kind: String, among known: some Collection<String>) {
        let name = keyNode.string ?? ""
        var message = "unknown \(kind) '\(name)'"
        if let hint = ProfileSchema.closest(to: name, among: known.sorted()) { message += "; did you mean '\(hint)'?" }
        fail(.unknownKey, at(keyNode), message)
    }

    mutating func valueList(_ node: Node?, key: String, owner: Node) -> [Node] {
        guard let node else {
            fail(.missingPrice, at(owner), "'\(key)' has no values")
            return []
        }
        guard let sequence = node.sequence, !sequence.isEmpty else {
            fail(.missingPrice, at(node), "'\(key)' needs a non-empty list of dated values")
            return []
        }
        return Array(sequence)
    }

    mutating func checkUnit(_ node: Node?, expected: String, key: String, owner: Node) {
        guard let node else {
            fail(.wrongUnit, at(owner), "'\(key)' needs 'unit: \(expected)'")
            return
        }
        if node.string != expected {
            fail(.wrongUnit, at(node), "'\(key)' is per \(expected), not '\(node.string ?? "")'")
        }
    }

    mutating func knownRegion(_ node: Node) -> String? {
        guard let name = node.string, !name.isEmpty else {
            fail(.unknownRegion, at(node), "a region is a code such as us-east-1")
            return nil
        }
        guard regions.contains(name) else {
            let listed = regions.isEmpty ? "none" : regions.joined(separator: ", ")
            fail(.unknownRegion, at(node), "region '\(name)' is not in the file's 'regions' (\(listed)); add it there to price it")
            return nil
        }
        return name
    }

    mutating func date(_ node: Node?, owner: Node, what: String) -> String? {
        guard let node else {
            fail(.noDate, at(owner), "\(what) has no 'since' date (YYYY-MM-DD): every price says from when it is in force")
            return nil
        }
        guard let text = node.string, let day = CostInput.normalise(date: text) else {
            fail(.badDate, at(node), "'since' is YYYY-MM-DD or YYYY-MM, got '\(node.string ?? "")'")
            return nil
        }
        return day
    }

    mutating func provenance(_ v: [String: Node], owner: Node, what: String) -> (String?, String?) {
        var source: String?
        if let text = v["source"]?.string, !text.isEmpty { source = text } else {
            fail(.missingSource, at(v["source"] ?? owner), "\(what) needs a 'source' (where the figure comes from)")
        }
        var confidence: String?
        if let node = v["confidence"] {
            if let c = node.string, PriceSchema.confidences.contains(c) { confidence = c } else {
                fail(.badConfidence, at(node), "'confidence' is H, M or L, got '\(node.string ?? "")'")
            }
        } else {
            fail(.badConfidence, at(owner), "\(what) needs a 'confidence': H, M or L")
        }
        return (source, confidence)
    }

    /// A plain YAML number. A quoted one, `.nan`, `.inf` or anything else is refused.
    mutating func number(_ node: Node, what: String) -> Double? {
        if let scalar = node.scalar, scalar.style == .plain || scalar.style == .any,
           scalar.string.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }),
           let n = Double(scalar.string), n.isFinite {
            return n
        }
        fail(.notANumber, at(node), "\(what) must be a number, got '\(node.string ?? "a \(node.mapping != nil ? "mapping" : "list")")'")
        return nil
    }

    mutating func positive(_ node: Node, what: String) -> Double? {
        guard let n = number(node, what: what) else { return nil }
        guard n > 0 else {
            fail(.outOfRange, at(node), "\(what) must be above 0")
            return nil
        }
        return n
    }

    mutating func price(_ node: Node, key: String) -> Double? {
        guard let usd = number(node, what: "the price of '\(key)'") else { return nil }
        guard usd >= 0 else {
            fail(.outOfRange, at(node), "the price of '\(key)' cannot be negative")
            return nil
        }
        return usd
    }

    /// False (and an error naming the first) when the same thing was already given for this date.
    mutating func unique(_ key: String, region: String?, family: String?, since: String, at location: SourceLocation, what: String) -> Bool {
        let id = [key, region ?? "*", family ?? "*", since].joined(separator: "|")
        if let first = seen[id] {
            fail(.duplicatePrice, location, "\(what) is given twice (first at line \(first.line))")
            return false
        }
        seen[id] = location
        return true
    }
}
