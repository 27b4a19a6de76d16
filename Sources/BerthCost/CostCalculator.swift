import BerthCore
import Foundation

/// Prices candidate variants from a price catalog (docs/cost.md gives the semantics).
/// It prices a configuration as stated and leaves feasibility to the rules: it refuses only
/// what has no price at all (Windows on arm64, Lambda behind an NLB, ...).
public struct CostCalculator: Sendable {
    public let catalog: PriceCatalog

    public init(catalog: PriceCatalog) { self.catalog = catalog }

    /// Hours in a month, as prices.md says to use.
    public static let hoursPerMonth = 730.0

    /// The monthly cost of one variant. Throws `CostError` for input no price can come from
    /// (negative or non-finite usage, a bad date, a region the catalog does not price).
    public func cost(_ input: CostInput) throws -> CostResult {
        try input.validate()
        try catalog.checkRegion(input.region)
        var job = PricingJob(catalog: catalog, input: input)
        let missing = job.missingUsage()
        guard missing.isEmpty else { return .missing(missing) }
        job.price()
        guard job.reasons.isEmpty else { return .notPriced(job.reasons) }
        return .priced(CostEstimate(variant: input.variant, breakdown: job.lines, region: input.region,
                                    pricesAsOf: input.date, assumptions: job.notes, gaps: job.gaps))
    }
}

/// The Lambda on-demand cost as a function of requests a month: requests at one price,
/// GB-seconds through the duration bands, less the free tier and a Savings Plans share.
/// Shared by the calculator's lines and break-even solving, so the two cannot disagree.
struct LambdaModel {
    var requestPrice: PriceValue
    var duration: PriceValue
    /// Billed GB-seconds of one request.
    var gbSecondsPerRequest: Double
    var freeRequests: Double
    var freeGBSeconds: Double
    /// Savings Plans share off the duration charge (0 when not applied).
    var durationDiscount: Double

    /// Billable requests and, per band, billable GB-seconds.
    func quantities(requests: Double) -> (requests: Double, bands: [Double]) {
        var remaining = max(0, requests * gbSecondsPerRequest - freeGBSeconds)
        var floor = 0.0
        var bands: [Double] = []
        for tier in duration.tiers {
            let width = tier.upTo.map { $0 - floor } ?? .infinity
            let used = min(remaining, width)
            bands.append(used)
            remaining -= used
            floor = tier.upTo ?? floor
        }
        return (max(0, requests - freeRequests), bands)
    }

    /// Exact monthly compute cost (no rounding).
    func cost(requests: Double) -> Double {
        let q = quantities(requests: requests)
        let duration = zip(q.bands, self.duration.tiers).reduce(0) { $0 + $1.0 * $1.1.usd }
        return q.requests * requestPrice.usd + duration * (1 - durationDiscount)
    }

    /// The request counts where the cost function bends (free tier ends, a band ends).
    var breakpoints: [Double] {
        var points = [freeRequests]
        if gbSecondsPerRequest > 0 {
            points.append(freeGBSeconds / gbSecondsPerRequest)
            for bound in duration.tiers.compactMap(\.upTo) {
                points.append((freeGBSeconds + bound) / gbSecondsPerRequest)
            }
        }
        return points.filter { $0 > 0 }.sorted()
    }
}

/// One calculation: collects lines, notes, gaps and reasons the variant cannot be priced.
struct PricingJob {
    let catalog: PriceCatalog
    let input: CostInput
    var lines: [CostLine] = []
    var notes: [CostNote] = []
    var gaps: [String] = []
    /// Why no price can be given; when not empty the result is `.notPriced`.
    var reasons: [String] = []

    var date: String { input.date }
    var region: String { input.region }
    var hours: Double { CostCalculator.hoursPerMonth }
    var longRunning: Bool { input.trigger == .http || input.trigger == .worker }
    var taskVCPU: Double { input.vcpu ?? CostInput.defaultVCPU }

    init(catalog: PriceCatalog, input: CostInput) {
        self.catalog = catalog
        self.input = input
    }

    /// Usage fields the variant's price depends on that the input leaves unknown.
    func missingUsage() -> [String] {
        let perRequest = input.variant.platform == .lambda || !longRunning
        guard perRequest else { return [] }
        var fields: [String] = []
        if input.requestsPerMonth == nil { fields.append(CostInput.UsageField.requestsPerMonth.rawValue) }
        if input.avgDurationMs == nil { fields.append(CostInput.UsageField.avgDurationMs.rawValue) }
        return fields
    }

    mutating func price() {
        if input.os == .windows && input.arch == .arm64 {
            reasons.append("Windows containers run on x86_64 only (aws-facts.md), so nothing is priced for Windows on arm64")
            return
        }
        switch input.variant {
        case .lambdaOnDemand: lambdaOnDemand()
        case .lambdaManagedInstances: lambdaManagedInstances()
        case .fargateOnDemand, .fargateSpot, .eksFargate: fargate()
        case .ecsSelfManaged, .ecsManagedInstances, .eksEC2Nodes, .eksAutoMode: ec2()
        case .ecsAnywhere, .eksHybridNodes: ownServers()
        }
        if input.variant.platform == .eks { clusterShare() }
        frontDoor()
    }

    // MARK: catalog access

    /// The price in force, or nil with a reason naming the key and the first date it has here.
    mutating func required(_ key: String, for what: String) -> PriceValue? {
        if let value = catalog.price(key, region: region, on: date) { return value }
        reasons.append("no price for \(what) ('\(key)') in force in \(region) on \(date)\(firstDate(key))")
        return nil
    }

    func firstDate(_ key: String) -> String {
        let dates = catalog.prices[key]?.values.filter { $0.region == region }.map(\.since) ?? []
        // The bundled table is prices.md's; a user's table is named by its file.
        let table = catalog.file == PriceCatalog.bundledPath ? "prices.md" : catalog.file
        return dates.min().map { "; the catalog has it from \($0)" } ?? "; \(table) has no figure for it in \(region)"
    }

    func fact(_ key: String) -> FactValue? { catalog.fact(key, on: date) }

    mutating func requiredFact(_ key: String) -> (value: Double, fact: FactValue)? {
        guard let fact = fact(key), let value = fact.number else {
            reasons.append("no '\(key)' in force on \(date)")
            return nil
        }
        return (value, fact)
    }

    mutating func line(_ item: String, _ quantity: Double, _ unit: String, _ price: PriceValue, key: String, usd: Double? = nil,
                       adjacent: Bool = false) {
        lines.append(CostLine(item, quantity: quantity, unit: unit, unitPrice: usd ?? price.usd, adjacent: adjacent,
                              price: key, since: price.since, source: price.source, confidence: price.confidence))
    }

    mutating func note(_ id: String, _ text: String, source: String? = nil, confidence: String? = nil) {
        notes.append(CostNote(id: id, text: text, source: source, confidence: confidence))
    }

    /// A discount line on the sum of `base` lines' amounts, from a dated assumption; when the
    /// catalog has none in force, a note that the price stays on demand (an upper bound).
    mutating func discount(_ key: String, label: String, on base: [CostLine], family: String? = nil) {
        guard let a = catalog.assumption(key, region: region, family: family, on: date) else {
            note(key, "\(label): prices.md has no figure for \(region) on \(date), so this is priced on demand (an upper bound)")
            return
        }
        let amount = Money.cents(base.reduce(0) { $0 + $1.amount })
        let range = [a.low, a.high].compactMap { $0 }.isEmpty ? ""
            : " (range \(percent(a.low ?? a.typical))-\(percent(a.high ?? a.typical)))"
        lines.append(CostLine("\(label), \(percent(a.typical)) off (assumption)", quantity: amount, unit: "USD", unitPrice: -a.typical,
                              price: key, since: a.since, source: a.source, confidence: a.confidence))
        note(key, "\(label): \(percent(a.typical)) off\(range)\(family.map { ", for \($0)" } ?? ""), an assumption, not a list price",
             source: a.source, confidence: a.confidence)
    }

    /// "1 task", "2 tasks", "0.5 tasks".
    func count(_ n: Double, _ word: String) -> String { "\(Money.text(n)) \(word)\(n == 1 ? "" : "s")" }

    func percent(_ share: Double) -> String { Money.text((share * 1000).rounded() / 10) + "%" }

    // MARK: Lambda

    mutating func lambdaOnDemand() {
        if input.os == .windows { reasons.append("Lambda runs Linux functions only"); return }
        if input.gpuCount > 0 { reasons.append("Lambda's on-demand functions have no GPU"); return }
        guard let model = lambdaModel() else { return }
        let requests = input.requestsPerMonth!
        let q = model.quantities(requests: requests)
        let free = input.freeTier
        line(free ? "requests beyond the \(Money.text(model.freeRequests)) free" : "requests", q.requests, "request",
             model.requestPrice, key: "lambda.requests")
        let durationKey = "lambda.duration.\(input.arch.rawValue)"
        let tiered = model.duration.tiers.count > 1
        var floor = 0.0
        let first = lines.count
        for (band, tier) in zip(q.bands, model.duration.tiers) {
            let name: String
            if !tiered {
                name = "duration, \(input.arch.rawValue)"
            } else if let upTo = tier.upTo {
                name = "duration, \(input.arch.rawValue), GB-seconds \(Money.text(floor))-\(Money.text(upTo)) a month"
            } else {
                name = "duration, \(input.arch.rawValue), GB-seconds above \(Money.text(floor)) a month"
            }
            // Show the first band always, later ones only when used.
            if band > 0 || lines.count == first {
                var value = model.duration
                value.confidence = tier.confidence
                line(name + (free ? " beyond the \(Money.text(model.freeGBSeconds)) free" : ""), band, "GB-second", value,
                     key: durationKey, usd: tier.usd)
            }
            floor = tier.upTo ?? floor
        }
        let durationLines = Array(lines[first...])
        switch input.purchasing {
        case .savingsPlans:
            discount("lambda.savings_plans_discount.\(input.arch.rawValue)", label: "Compute Savings Plan on Lambda duration", on: durationLines)
        case .spot: note("purchasing", "Lambda has no Spot: priced on demand")
        case .reservedInstances: note("purchasing", "Reserved Instances do not apply to Lambda: priced on demand")
        case .onDemand: break
        }
        note("free-tier", free
             ? "the monthly free tier (\(Money.text(model.freeRequests)) requests, \(Money.text(model.freeGBSeconds)) GB-seconds) is subtracted, as if this were the account's only function"
             : "no free tier (it is per account; --free-tier subtracts it)")
        if tiered {
            note("tiers", "duration bands count this workload's GB-seconds alone; an account with other functions reaches cheaper bands sooner")
        }
    }

    /// The function's billed memory and duration and the prices in force, or nil with reasons.
    mutating func lambdaModel() -> LambdaModel? {
        guard let requestPrice = required("lambda.requests", for: "Lambda requests"),
              let duration = required("lambda.duration.\(input.arch.rawValue)", for: "Lambda duration on \(input.arch.rawValue)"),
              let memory = lambdaMemory(),
              let increment = requiredFact("lambda.billing_increment_ms") else { return nil }
        let average = input.avgDurationMs!
        let billed = ((average / increment.value) - 1e-9).rounded(.up) * increment.value
        note("billed-duration", "each request is billed for avg_duration_ms \(Money.text(average)) rounded up to the \(Money.text(increment.value)) ms increment in force: \(Money.text(billed)) ms (real invocations are rounded one by one)",
             source: increment.fact.source, confidence: increment.fact.confidence)
        var freeRequests = 0.0, freeGBSeconds = 0.0
        if input.freeTier {
            guard let r = requiredFact("lambda.free_tier.requests"), let g = requiredFact("lambda.free_tier.gb_seconds") else { return nil }
            (freeRequests, freeGBSeconds) = (r.value, g.value)
        }
        var discount = 0.0
        if input.purchasing == .savingsPlans,
           let a = catalog.assumption("lambda.savings_plans_discount.\(input.arch.rawValue)", region: region, on: date) {
            discount = a.typical
        }
        return LambdaModel(requestPrice: requestPrice, duration: duration,
                           gbSecondsPerRequest: billed / 1000 * Double(memory) / 1024,
                           freeRequests: freeRequests, freeGBSeconds: freeGBSeconds, durationDiscount: discount)
    }

    /// Memory as the Lambda generator sets it: raised to give a stated vcpu, up to the
    /// memory step and minimum in force; nil (with a reason) above the maximum.
    mutating func lambdaMemory() -> Int? {
        guard let step = requiredFact("lambda.memory_step_mb"), let least = requiredFact("lambda.min_memory_mb"),
              let most = requiredFact("lambda.max_memory_mb"), let perVCPU = requiredFact("lambda.mb_per_vcpu") else { return nil }
        var memory = Double(input.memoryMiB)
        var why = "memory_mib \(input.memoryMiB)"
        if let vcpu = input.vcpu {
            // The tolerance keeps a product like 0.5 x 1769 = 884.5000001 from gaining a megabyte.
            let forCPU = (vcpu * perVCPU.value - 1e-9).rounded(.up)
            if forCPU > memory {
                memory = forCPU
                why += ", raised to give \(Money.text(vcpu)) vCPU at \(Money.text(perVCPU.value)) MB per vCPU"
            }
        }
        memory = max(least.value, (memory / step.value - 1e-9).rounded(.up) * step.value)
        guard memory <= most.value else {
            reasons.append("the function needs \(Money.text(memory)) MB and Lambda's memory tops out at \(Money.text(most.value)) MB on \(date)")
            return nil
        }
        note("lambda-memory", "billed at \(Money.text(memory)) MB (\(why); \(Money.text(step.value)) MB steps from \(Money.text(least.value)) MB)",
             source: step.fact.source, confidence: step.fact.confidence)
        return Int(memory)
    }

    mutating func lambdaManagedInstances() {
        if input.os == .windows { reasons.append("Lambda runs Linux functions only"); return }
        guard let requestPrice = required("lambda.requests", for: "Lambda requests"),
              let minimum = requiredFact("lambda.managed_instances.min_environments"),
              let leastMemory = requiredFact("lambda.managed_instances.min_memory_mb"),
              let fee = requiredFact("lambda.managed_instances.fee_share") else { return }
        let requests = input.requestsPerMonth!, duration = input.avgDurationMs!
        line("requests", requests, "request", requestPrice, key: "lambda.requests")
        let busy = requests * duration / 1000 / (hours * 3600)
        let environments = max(minimum.value, (busy - 1e-9).rounded(.up))
        let memory = max(Double(input.memoryMiB), leastMemory.value)
        note("environments", "\(count(environments, "execution environment")) of \(Money.text(taskVCPU)) vCPU and \(Money.text(memory)) MB: the average concurrency (requests x duration / seconds in a month) with one request per environment at a time (an upper bound: an environment takes many requests at once), at least \(Money.text(minimum.value))",
             source: minimum.fact.source, confidence: minimum.fact.confidence)
        if input.freeTier { note("free-tier", "the free tier is not subtracted: prices.md states it for on-demand functions only") }
        guard let placed = place(tasks: environments, what: "environment", vcpu: taskVCPU, memoryMiB: memory, atLeastOne: true) else { return }
        let instanceLines = instanceLines(placed, what: "environment")
        feeLine(placed, FeeShare(label: "Lambda Managed Instances fee", key: "lambda.managed_instances.fee_share", value: fee.value, fact: fee.fact),
                why: "prices.md 2.2")
        purchasingOnInstances(placed, instanceLines: instanceLines, spotAllowed: false)
    }

    // MARK: Fargate

    mutating func fargate() {
        let eks = input.variant == .eksFargate
        let windows = input.os == .windows
        if input.gpuCount > 0 { reasons.append("Fargate has no GPU"); return }
        if eks && (windows || input.arch == .arm64) { reasons.append("EKS on Fargate runs Linux x86_64 pods only"); return }
        if input.variant == .fargateSpot && windows { reasons.append("Fargate Spot runs no Windows tasks"); return }
        guard let maxVCPU = requiredFact("fargate.max_vcpu") else { return }
        guard let size = FargateSizes.roundUp(vcpu: taskVCPU, memoryMiB: input.memoryMiB, windows: windows, maxVCPU: maxVCPU.value) else {
            reasons.append("no Fargate \(windows ? "Windows " : "")size on \(date) holds \(Money.text(taskVCPU)) vCPU and \(input.memoryMiB) MiB (largest: \(windows ? "4" : Money.text(maxVCPU.value)) vCPU)")
            return
        }
        let storage = input.ephemeralStorageGiB - Self.includedFargateStorageGiB
        if storage > 0 {
            if windows { reasons.append("Windows on Fargate has a fixed 20 GiB of ephemeral storage"); return }
            if eks { reasons.append("prices.md gives EKS on Fargate vCPU and memory rates only, no storage above 20 GB"); return }
            if input.ephemeralStorageGiB > Self.maxFargateStorageGiB { reasons.append("Fargate ephemeral storage tops out at 200 GiB"); return }
        }
        let os = windows ? "windows" : "linux.\(input.arch.rawValue)"
        let label = windows ? "Windows x86_64" : "Linux \(input.arch.rawValue)"
        // Looked up together, so that every missing price is named at once.
        let vcpuPrice = required("fargate.\(os).vcpu", for: "Fargate vCPU (\(label))")
        let memoryPrice = required("fargate.\(os).memory", for: "Fargate memory (\(label))")
        let licence = windows ? required("fargate.windows.licence", for: "the Fargate Windows licence") : nil
        let storagePrice = storage > 0 ? required("fargate.ephemeral_storage", for: "Fargate storage above 20 GB") : nil
        guard let vcpuPrice, let memoryPrice, reasons.isEmpty else { return }

        let taskHours: Double
        let how: String
        if longRunning {
            let tasks = input.avgTasks ?? Double(input.minTasks)
            taskHours = tasks * hours
            how = "\(count(tasks, "task")) x 730 h"
            note("tasks", "\(count(tasks, "task")) running all month (\(input.avgTasks == nil ? "min_tasks, as avg_tasks is not given" : "avg_tasks"))")
        } else {
            guard let increment = requiredFact("fargate.billing_increment_s"), let minimum = requiredFact("fargate.minimum_billed_s") else { return }
            let seconds = max(((input.avgDurationMs! / 1000 / increment.value) - 1e-9).rounded(.up) * increment.value, minimum.value)
            taskHours = input.requestsPerMonth! * seconds / 3600
            how = "\(count(input.requestsPerMonth!, "task")) x \(Money.text(seconds)) s"
            note("per-task", "one task per unit of work, billed per second with a \(Money.text(minimum.value)) s minimum: \(Money.text(seconds)) s each",
                 source: minimum.fact.source, confidence: minimum.fact.confidence)
            if windows { note("windows-minimum", "a Windows task's minimum charge is believed to be 15 minutes, unconfirmed (prices.md gap): priced at the 1-minute minimum (a lower bound)") }
        }
        let name = eks ? "EKS on Fargate" : "Fargate"
        note("size", "\(Money.text(taskVCPU)) vCPU / \(input.memoryMiB) MiB runs as the Fargate size \(size) (\(Money.text(size.vcpu)) vCPU, \(Money.text(size.memoryGB)) GB)")
        let first = lines.count
        line("\(name) vCPU, \(label): \(how) x \(Money.text(size.vcpu)) vCPU", taskHours * size.vcpu, "vCPU-hour", vcpuPrice, key: "fargate.\(os).vcpu")
        line("\(name) memory, \(label): \(how) x \(Money.text(size.memoryGB)) GB", taskHours * size.memoryGB, "GB-hour", memoryPrice, key: "fargate.\(os).memory")
        let computeLines = Array(lines[first...])
        if let licence {
            line("Fargate Windows licence: \(how) x \(Money.text(size.vcpu)) vCPU", taskHours * size.vcpu, "vCPU-hour", licence, key: "fargate.windows.licence")
        }
        if let storagePrice {
            line("Fargate storage above 20 GB: \(how) x \(storage) GB", taskHours * Double(storage), "GB-hour", storagePrice, key: "fargate.ephemeral_storage")
        }
        let discounted = "on vCPU and memory\(licence != nil ? "; the Windows licence is not discounted" : "")\(storagePrice != nil ? "; storage is not (prices.md does not say it is)" : "")"
        if input.variant == .fargateSpot {
            guard catalog.assumption("fargate.spot_discount", region: region, on: date) != nil else {
                reasons.append("no Fargate Spot discount in force on \(date) (Fargate Spot dates from 2019-12)")
                return
            }
            discount("fargate.spot_discount", label: "Fargate Spot", on: computeLines)
            note("discounted", "the Spot share is taken \(discounted)")
            if input.purchasing != .onDemand && input.purchasing != .spot {
                note("purchasing", "the spot variant is priced at Spot; \(input.purchasing.rawValue) is not applied on top")
            }
            return
        }
        switch input.purchasing {
        case .savingsPlans:
            discount("fargate.savings_plans_discount", label: "Compute Savings Plan on Fargate", on: computeLines)
            note("discounted", "the Savings Plans share is taken \(discounted)")
        case .spot:
            note("purchasing", eks ? "EKS on Fargate has no Spot: priced on demand" : "Spot on Fargate is the fargate/spot variant: this one is priced on demand")
        case .reservedInstances: note("purchasing", "Reserved Instances never apply to Fargate: priced on demand")
        case .onDemand: break
        }
    }

    /// prices.md 3: "Ephemeral storage above 20 GB (max 200 GB)".
    static let includedFargateStorageGiB = 20
    static let maxFargateStorageGiB = 200

    // MARK: EC2-based variants

    struct Placement {
        var type: InstanceType
        var price: PriceValue
        var vcpu: Double
        var instances: Int
        var tasksPerInstance: Int
        var tasks: Double
        /// Linux on-demand plus the Windows licence, per instance-hour.
        var hourly: Double
        var licence: PriceValue?
    }

    /// Tasks for an EC2-based variant: the average running tasks of a long-running service,
    /// else the average concurrency of the units of work.
    var ec2Tasks: Double {
        if longRunning { return input.avgTasks ?? Double(input.minTasks) }
        return input.requestsPerMonth! * input.avgDurationMs! / 1000 / (hours * 3600)
    }

    mutating func ec2() {
        let windows = input.os == .windows
        var fee: FeeShare?
        switch input.variant {
        case .ecsManagedInstances:
            if windows { reasons.append("ECS Managed Instances run Bottlerocket: no Windows"); return }
            guard let share = feeShare("ECS Managed Instances fee", "ecs.managed_instances.fee_share") else { return }
            fee = share
        case .eksAutoMode:
            if windows { reasons.append("EKS Auto Mode has no Windows nodes"); return }
            guard let share = feeShare("EKS Auto Mode fee", "eks.auto_mode.fee_share") else { return }
            fee = share
        default:
            fee = nil
        }
        let tasks = ec2Tasks
        describeTasks(tasks)
        guard let placed = place(tasks: tasks, vcpu: taskVCPU, memoryMiB: Double(input.memoryMiB), atLeastOne: !longRunning) else { return }
        let instanceLines = instanceLines(placed, what: "task")
        if let fee { feeLine(placed, fee, why: "prices.md does not say otherwise") }
        purchasingOnInstances(placed, instanceLines: instanceLines, spotAllowed: true)
    }

    mutating func describeTasks(_ tasks: Double) {
        if longRunning {
            note("tasks", "\(count(tasks, "task")) running all month (\(input.avgTasks == nil ? "min_tasks, as avg_tasks is not given" : "avg_tasks"))")
        } else {
            note("tasks", "\(count(tasks, "task")) on average (requests x duration / seconds in a month); the instances run all month, at least one")
        }
    }

    /// A management fee: a share of the instance's on-demand price.
    struct FeeShare {
        var label: String
        var key: String
        var value: Double
        var fact: FactValue
    }

    /// The fee fact in force, `KEY_gpu` for GPU work (which only GPU types take), or nil with a reason.
    mutating func feeShare(_ label: String, _ key: String) -> FeeShare? {
        let key = input.gpuCount > 0 ? key + "_gpu" : key
        guard let share = requiredFact(key) else { return nil }
        return FeeShare(label: label, key: key, value: share.value, fact: share.fact)
    }

    /// More tasks than this on one instance are counted as this many (no instance runs them).
    static let mostTasksPerInstance: Double = 1_048_576

    /// The cheapest instance type in force that fits, and how many (docs/cost.md, "Packing").
    /// GPU types only for GPU work, so a variant's fee is one share for every candidate type
    /// and does not change which is cheapest.
    mutating func place(tasks: Double, what: String = "task", vcpu: Double, memoryMiB: Double, atLeastOne: Bool) -> Placement? {
        let windows = input.os == .windows
        var licence: PriceValue?
        if windows {
            guard let price = required("ec2.windows.licence", for: "the EC2 Windows licence") else { return nil }
            licence = price
        }
        let inForce = catalog.instances(region: region, on: date)
        var best: Placement?
        var bestCost = Double.infinity
        for (type, price) in inForce where type.arch == input.arch.rawValue {
            guard let typeVCPU = type.vcpu, let typeMemory = type.memoryGiB, (type.gpus > 0) == (input.gpuCount > 0) else { continue }
            // Clamped before the conversion: a task of 4e-324 vCPU fits an infinite number of times.
            let fits = min((typeVCPU / vcpu + 1e-9).rounded(.down), (typeMemory * 1024 / memoryMiB + 1e-9).rounded(.down))
            var fit = fits >= Self.mostTasksPerInstance ? Int(Self.mostTasksPerInstance) : fits >= 1 ? Int(fits) : 0
            if input.gpuCount > 0 { fit = min(fit, type.gpus / input.gpuCount) }
            guard fit >= 1 else { continue }
            var count = Int((tasks / Double(fit) - 1e-9).rounded(.up))
            if atLeastOne { count = max(count, 1) }
            let hourly = price.usd + (licence.map { $0.usd * typeVCPU } ?? 0)
            let cost = Double(count) * hourly
            // Cheapest for all the tasks; then fewer instances; then the name, for a stable answer.
            if cost < bestCost - 1e-12 || (abs(cost - bestCost) <= 1e-12 && best.map { (count, type.name) < ($0.instances, $0.type.name) } ?? true) {
                best = Placement(type: type, price: price, vcpu: typeVCPU, instances: count, tasksPerInstance: fit, tasks: tasks,
                                 hourly: hourly, licence: licence)
                bestCost = cost
            }
        }
        guard let best else {
            let gpu = input.gpuCount > 0 ? ", \(input.gpuCount) GPU" : ""
            var reason = "no instance type in the catalog for \(region) on \(date) holds a task of \(Money.text(vcpu)) vCPU, \(Money.text(memoryMiB)) MiB\(gpu) on \(input.arch.rawValue)"
            let shapeless = inForce.filter { $0.type.vcpu == nil }.map(\.type.name)
            if !shapeless.isEmpty {
                reason += " (prices.md gives \(shapeless.joined(separator: ", ")) without vCPU or memory, so berth cannot pack onto them)"
            }
            reasons.append(reason)
            return nil
        }
        note("packing", "\(best.type.name) (\(Money.text(best.vcpu)) vCPU, \(Money.text(best.type.memoryGiB!)) GiB\(best.type.gpus > 0 ? ", \(best.type.gpus) GPU" : "")) holds \(best.tasksPerInstance) per instance by vCPU, memory\(input.gpuCount > 0 ? " and GPUs" : ""), counting the whole instance as free for them: \(count(Double(best.instances), "instance")) for \(count(tasks, what)); the cheapest type in the catalog for all of them at on-demand list price, one type, no mixing")
        return best
    }

    /// The instance-hour line (and the Windows licence line); returns them for discounts.
    mutating func instanceLines(_ placed: Placement, what: String) -> [CostLine] {
        let instanceHours = Double(placed.instances) * hours
        let first = lines.count
        line("\(placed.type.name), \(count(Double(placed.instances), "instance")) x 730 h (up to \(count(Double(placed.tasksPerInstance), what)) each)",
             instanceHours, "instance-hour", placed.price, key: "instance \(placed.type.name)")
        if let licence = placed.licence {
            line("Windows licence, \(placed.instances) x \(Money.text(placed.vcpu)) vCPU x 730 h", instanceHours * placed.vcpu, "vCPU-hour",
                 licence, key: "ec2.windows.licence")
        }
        return Array(lines[first...])
    }

    mutating func feeLine(_ placed: Placement, _ share: FeeShare, why: String) {
        lines.append(CostLine("\(share.label), \(percent(share.value)) of \(placed.type.name) on-demand", quantity: Double(placed.instances) * hours,
                              unit: "instance-hour", unitPrice: share.value * placed.price.usd,
                              price: share.key, since: share.fact.since, source: share.fact.source, confidence: share.fact.confidence))
        note("fee", "the \(percent(share.value)) management fee is on the on-demand price whatever the purchasing (\(why))",
             source: share.fact.source, confidence: share.fact.confidence)
    }

    /// Spot, Reserved Instances or Savings Plans on the EC2 part. Spot comes off the whole
    /// instance price (Windows too); RI and SP off the Linux part only (prices.md 1.1).
    mutating func purchasingOnInstances(_ placed: Placement, instanceLines: [CostLine], spotAllowed: Bool) {
        let linux = Array(instanceLines.prefix(1))
        let windows = placed.licence != nil
        switch input.purchasing {
        case .onDemand: break
        case .spot:
            guard spotAllowed else { note("purchasing", "Lambda has no Spot: priced on demand"); return }
            discount(windows ? "ec2.spot_discount.windows" : "ec2.spot_discount", label: windows ? "EC2 Spot, Windows" : "EC2 Spot", on: instanceLines)
        case .reservedInstances:
            discount("ec2.reserved_instances_discount", label: "Reserved Instances (1 year, No Upfront)", on: linux, family: placed.type.family)
            if windows { note("licence", "the Windows licence is not discounted (prices.md 1.1)") }
        case .savingsPlans:
            discount("ec2.savings_plans_discount", label: "Compute Savings Plan on EC2", on: linux)
            if windows { note("licence", "the Windows licence is not discounted (prices.md 1.1)") }
        }
    }

    /// ECS Anywhere and EKS Hybrid Nodes run on the customer's servers: only AWS's fee is
    /// priced, on as many servers as the self-managed variant would run instances.
    mutating func ownServers() {
        let hybrid = input.variant == .eksHybridNodes
        if hybrid && input.os == .windows { reasons.append("EKS Hybrid Nodes are Linux only"); return }
        let key = hybrid ? "eks.hybrid_nodes.vcpu" : "ecs.anywhere.instance"
        guard let fee = required(key, for: hybrid ? "EKS Hybrid Nodes" : "ECS Anywhere") else { return }
        let tasks = ec2Tasks
        describeTasks(tasks)
        guard let placed = place(tasks: tasks, vcpu: taskVCPU, memoryMiB: Double(input.memoryMiB), atLeastOne: !longRunning) else { return }
        let serverHours = Double(placed.instances) * hours
        if hybrid {
            line("EKS Hybrid Nodes, \(count(Double(placed.instances), "node")) x \(Money.text(placed.vcpu)) vCPU x 730 h",
                 serverHours * placed.vcpu, "vCPU-hour", fee, key: key)
            note("hybrid-tiers", "every vCPU-hour at the first tier's rate: prices.md has the tier rates but not their boundaries (an upper bound)")
        } else {
            line("ECS Anywhere, \(count(Double(placed.instances), "registered instance")) x 730 h", serverHours, "instance-hour", fee, key: key)
        }
        note("servers", "your servers are counted as if they were \(placed.type.name) instances (the self-managed choice); their own cost (hardware, power, space) is not priced")
        if input.purchasing != .onDemand { note("purchasing", "\(input.purchasing.rawValue) does not apply to your own servers") }
    }

    // MARK: adjacent

    mutating func clusterShare() {
        let share = Double(input.servicesPerCluster)
        guard let price = catalog.price("eks.cluster", region: region, on: date) else {
            gaps.append("EKS cluster: no price in force in \(region) on \(date)\(firstDate("eks.cluster"))")
            return
        }
        line("EKS cluster, 730 h shared by \(count(share, "service"))", hours / share,
             "cluster-hour", price, key: "eks.cluster", adjacent: true)
        note("cluster-share", "the EKS cluster fee is shared across services_per_cluster = \(input.servicesPerCluster)\(input.servicesPerCluster == 1 ? " (the default: the cluster serves this workload alone)" : "")")
    }

    /// The load balancer the profile names, or a Lambda HTTP service's front door.
    mutating func frontDoor() {
        let lambda = input.variant.platform == .lambda
        switch input.loadBalancer {
        case .none:
            guard lambda && input.trigger == .http else { return }
            if fact("lambda.function_urls")?.value == .bool(true) {
                note("front-door", "priced behind a function URL, which has no charge of its own")
            } else if let price = catalog.price("apigateway.rest.requests", region: region, on: date) {
                apiGateway(price)
            } else {
                gaps.append("API Gateway REST requests (HTTP reached Lambda only through API Gateway on \(date)): no price in force in \(region) on \(date)\(firstDate("apigateway.rest.requests"))")
            }
        case .nlb where lambda, .clb where lambda:
            reasons.append("Lambda can never sit behind a\(input.loadBalancer == .nlb ? "n NLB" : " Classic Load Balancer") (aws-facts.md)")
        case .clb:
            gaps.append("Classic Load Balancer: prices.md has no CLB price")
        case .alb, .nlb:
            loadBalancer(alb: input.loadBalancer == .alb)
        }
    }

    mutating func apiGateway(_ price: PriceValue) {
        let requests = input.requestsPerMonth!
        var floor = 0.0
        for tier in price.tiers where requests > floor {
            let used = min(requests, tier.upTo ?? .infinity) - floor
            line("API Gateway REST requests\(price.tiers.count > 1 ? ", \(Money.text(floor))-\(tier.upTo.map(Money.text) ?? "") a month" : "")", used,
                 "request", price, key: "apigateway.rest.requests", usd: tier.usd, adjacent: true)
            floor = tier.upTo ?? floor
        }
        note("front-door", "HTTP reaches the function through API Gateway (a REST API): no function URLs on \(date)")
    }

    mutating func loadBalancer(alb: Bool) {
        let name = alb ? "Application Load Balancer" : "Network Load Balancer"
        let prefix = alb ? "elb.alb" : "elb.nlb"
        if let hour = catalog.price("\(prefix).hour", region: region, on: date) {
            line("\(name), 730 h", hours, "load-balancer-hour", hour, key: "\(prefix).hour", adjacent: true)
        } else {
            gaps.append("\(name) hours: no price in force in \(region) on \(date)\(firstDate("\(prefix).hour"))")
        }
        let unitKey = alb ? "elb.alb.lcu" : "elb.nlb.nlcu"
        let perUnit = alb ? 25.0 : 800.0
        if let requests = input.requestsPerMonth, let unit = catalog.price(unitKey, region: region, on: date) {
            line("\(name) capacity units: \(Money.text(requests)) new connections / (\(Money.text(perUnit)) a second x 3600)", requests / (perUnit * 3600),
                 alb ? "LCU-hour" : "NLCU-hour", unit, key: unitKey, adjacent: true)
            note("capacity-units", "capacity units from new connections alone: one connection per request, spread evenly over the month, \(Money.text(perUnit)) new connections a second per \(alb ? "LCU" : "NLCU"); processed bytes, active connections\(alb ? " and rule evaluations" : "") are not known (a lower bound)")
        } else {
            gaps.append("\(name) capacity units: \(input.requestsPerMonth == nil ? "requests_per_month is unknown" : "no price in force in \(region) on \(date)\(firstDate(unitKey))")")
        }
        if let ip = catalog.price("vpc.public_ipv4", region: region, on: date) {
            line("public IPv4, \(Self.loadBalancerAddresses) addresses x 730 h", Double(Self.loadBalancerAddresses) * hours, "IP-hour", ip,
                 key: "vpc.public_ipv4", adjacent: true)
            note("public-ipv4", "the load balancer is taken as internet-facing in two Availability Zones, one public IPv4 address each; an internal one has none. Tasks and instances run in private subnets (assignPublicIp DISABLED in the generated definitions)")
        } else {
            gaps.append("public IPv4 of the load balancer: no price in force in \(region) on \(date)\(firstDate("vpc.public_ipv4"))")
        }
    }

    /// An internet-facing load balancer in two Availability Zones (docs/cost.md).
    static let loadBalancerAddresses = 2
}
