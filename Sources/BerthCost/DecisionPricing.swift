import BerthCore
import Synchronization

extension CostInput {
    /// The profile fields `init(profile:...)` reads: all of a profile its cost depends on.
    public static let profileFields: Set<ProfileField> = [
        .os, .arch, .vcpu, .memoryMiB, .gpuCount, .ephemeralStorageGiB, .trigger, .purchasing, .loadBalancer,
        .region, .requestsPerMonth, .avgDurationMs, .avgTasks, .minTasks,
    ]

    /// One variant of a profile's workload: the one place a `Profile` becomes a `CostInput`.
    /// A vcpu the profile does not state is nil, so Lambda's memory is not raised for it.
    public init(profile: Profile, variant: Variant, date: String, freeTier: Bool = false, servicesPerCluster: Int = 1) {
        self.init(variant: variant, os: profile.os, arch: profile.arch, vcpu: profile.has(.vcpu) ? profile.vcpu : nil,
                  memoryMiB: profile.memoryMiB, gpuCount: profile.gpuCount, ephemeralStorageGiB: profile.ephemeralStorageGiB,
                  trigger: profile.trigger, purchasing: profile.purchasing, loadBalancer: profile.loadBalancer,
                  region: profile.region, requestsPerMonth: profile.requestsPerMonth, avgDurationMs: profile.avgDurationMs,
                  avgTasks: profile.avgTasks, minTasks: profile.minTasks, date: date, freeTier: freeTier,
                  servicesPerCluster: servicesPerCluster)
    }
}

extension CostResult {
    /// The plain form a `Decision` carries; `lean` leaves out the JSON members (the
    /// breakdown and notes as a tree), which only JSON outputs read.
    public func summary(region: String, date: String, lean: Bool = false) -> CostSummary {
        let estimate = self.estimate
        var missing: [String] = [], notPriced: [String] = []
        switch self {
        case .priced: break
        case .missing(let fields): missing = fields
        case .notPriced(let reasons): notPriced = reasons
        }
        return CostSummary(monthlyUSD: estimate?.monthlyUSD, monthlyText: estimate.map { Money.usd($0.monthlyUSD) },
                           totalText: estimate.map { Money.usd($0.monthlyUSDTotal) }, region: region, pricesAsOf: date,
                           missing: missing, notPriced: notPriced, gaps: estimate?.gaps ?? [], json: lean ? [:] : jsonFields)
    }
}

/// Prices a decision after the engine has made it, so that the rules never read prices:
/// every eligible variant gets its monthly cost, and cost then orders the candidates
/// (docs/decision.md, "Cost"): it breaks a tie of the talk's rules between priced
/// candidates, or with `preferCost` ranks the eligible candidates by itself.
public struct Pricer: Sendable {
    public var calculator: CostCalculator
    public var freeTier: Bool
    public var servicesPerCluster: Int
    public var preferCost: Bool
    private let memo = CostMemo()

    public init(calculator: CostCalculator, freeTier: Bool = false, servicesPerCluster: Int = 1, preferCost: Bool = false) {
        self.calculator = calculator
        self.freeTier = freeTier
        self.servicesPerCluster = servicesPerCluster
        self.preferCost = preferCost
    }

    /// The decision with costs, at its rules' date. `full: false` (a batch's CSV or table,
    /// which show the recommendation's cost alone) prices only the candidates that cost can
    /// still make the recommendation, no variant lists and no JSON of the costs: pricing is
    /// otherwise most of a batch row's time; `everyCandidate` (a stored run, whose report
    /// compares the recommendation with the cheapest, and batch JSON, which shows each) still
    /// prices each feasible candidate's best variant. Throws `CostError` for a region the catalog does not price, pointing at
    /// the profile's `region`.
    public func price(_ decision: Decision, profile: Profile, full: Bool = true, everyCandidate: Bool = false) throws -> Decision {
        try calculator.catalog.checkRegion(profile.region, at: profile.source(of: .region).location)
        var priced = decision
        // The profile's workload once; each variant then costs a change of `variant`.
        let workload = Workload(CostInput(profile: profile, variant: .lambdaOnDemand, date: decision.asOf, freeTier: freeTier,
                                          servicesPerCluster: servicesPerCluster))
        for c in priced.candidates.indices.prefix(full || everyCandidate ? decision.candidates.count : contenders(decision)) {
            for v in priced.candidates[c].variants.indices where full && priced.candidates[c].variants[v].eligible {
                priced.candidates[c].variants[v].sharedCost = try cost(priced.candidates[c].variants[v].variant, workload, profile.region, lean: false)
            }
            guard priced.candidates[c].eligible, let variant = priced.candidates[c].variant else { continue }
            priced.candidates[c].sharedCost = try priced.candidates[c].variants.first { $0.variant == variant }?.sharedCost
                ?? cost(variant, workload, profile.region, lean: !full)
        }
        if full { try addBreakEven(&priced.candidates, profile, decision.asOf) }
        priced.rankedBy = rank(&priced.candidates)
        priced.recommendation = priced.candidates.first { $0.eligible }?.platform
        return priced
    }

    /// The leading candidates that cost can still make the recommendation.
    private func contenders(_ decision: Decision) -> Int {
        guard !preferCost, let first = decision.candidates.first else { return decision.candidates.count }
        return decision.candidates.prefix { $0.eligible && $0.score == first.score && $0.verified == first.verified }.count
    }

    /// On a priced Lambda (on-demand) candidate, the requests a month at which it costs what
    /// each feasible container candidate's variant does, run as a long-running service (an
    /// event or scheduled workload's container as a worker: "a queue worker or Lambda?").
    private func addBreakEven(_ candidates: inout [Candidate], _ profile: Profile, _ date: String) throws {
        guard let l = candidates.firstIndex(where: { $0.platform == .lambda && $0.eligible && $0.variant == .lambdaOnDemand }),
              candidates[l].cost != nil else { return }
        let lambda = CostInput(profile: profile, variant: .lambdaOnDemand, date: date, freeTier: freeTier, servicesPerCluster: servicesPerCluster)
        var json: [JSONValue] = [], sentences: [String] = []
        for c in candidates where c.platform != .lambda && c.eligible {
            guard let variant = c.variant else { continue }
            var container = CostInput(profile: profile, variant: variant, date: date, freeTier: freeTier, servicesPerCluster: servicesPerCluster)
            if container.trigger != .http { container.trigger = .worker }
            guard case .found(let point) = try calculator.breakEven(lambda: lambda, container: container) else { continue }
            json.append(point.json)
            sentences.append("\(point.sentence) than \(variant.platform.id) / \(variant.id) (\(Money.usd(point.containerMonthlyUSD)) a month)")
        }
        candidates[l].cost?.json["break_even"] = .array(json)
        candidates[l].cost?.breakEven = sentences
    }

    private func cost(_ variant: Variant, _ workload: Workload, _ region: String, lean: Bool) throws -> Shared<CostSummary> {
        var input = workload.input
        input.variant = variant
        if let known = memo.summary(input, hashExceptVariant: workload.hashExceptVariant, lean: lean) { return known }
        let summary = Shared(try calculator.cost(input).summary(region: region, date: input.date, lean: lean))
        memo.remember(summary, input, hashExceptVariant: workload.hashExceptVariant, lean: lean)
        return summary
    }

    /// A profile's cost input and its hash but for the variant: a batch prices up to four
    /// variants of each row, and hashing the whole input for each was a tenth of pricing.
    private struct Workload {
        let input: CostInput
        let hashExceptVariant: Int

        init(_ input: CostInput) {
            self.input = input
            var anyVariant = input
            anyVariant.variant = .lambdaOnDemand  // one for every workload, so equal inputs hash alike
            hashExceptVariant = anyVariant.hashValue
        }
    }

    /// Reorders the candidates (a stable sort, so equal costs keep the rules' order).
    private func rank(_ candidates: inout [Candidate]) -> Ranking {
        let eligible = candidates.prefix { $0.eligible }
        if preferCost {
            // Priced before unpriced, cheaper first; the excluded keep their place after.
            let ranked = eligible.enumerated().sorted { a, b in
                let (x, y) = (a.element.cost?.monthlyUSD ?? .infinity, b.element.cost?.monthlyUSD ?? .infinity)
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
            candidates.replaceSubrange(0..<eligible.count, with: ranked)
            return .cost
        }
        guard let first = eligible.first else { return .rules }
        let tied = eligible.prefix { $0.score == first.score && $0.verified == first.verified }
        let costs = tied.compactMap { $0.cost?.monthlyUSD }
        guard tied.count > 1, costs.count == tied.count else { return .rules }
        let ranked = zip(tied, costs).enumerated().sorted { a, b in
            a.element.1 != b.element.1 ? a.element.1 < b.element.1 : a.offset < b.offset
        }.map(\.element)
        candidates.replaceSubrange(0..<tied.count, with: ranked.map(\.0))
        // Two cheapest at the same cost: the tie-break order still decides.
        return ranked[0].1 < ranked[1].1 ? .costBreaksTie : .rules
    }
}

/// Costs a `Pricer` has worked out, by what they are worked out from: the services of a
/// batch share far fewer configurations than shapes (a million synthetic rows, about 280,000
/// shapes, have about 5,500 sizes and purchasing choices, some tens of thousands with their
/// variants), and working one out, with its breakdown and notes, is most of deciding a row.
/// At most `limit` are kept (8,192 thrashed on the synthetic million: twice the time); when
/// full, it starts again.
final class CostMemo: Sendable {
    /// Hashed by the input's hash but for its variant (given, worked out once per profile)
    /// and the variant; equal when the inputs are.
    private struct Key: Hashable {
        var input: CostInput
        var lean: Bool
        var hashExceptVariant: Int

        func hash(into hasher: inout Hasher) {
            hasher.combine(hashExceptVariant)
            hasher.combine(input.variant)
            hasher.combine(lean)
        }

        static func == (a: Key, b: Key) -> Bool { a.lean == b.lean && a.input == b.input }
    }

    private let table = Mutex<[Key: Shared<CostSummary>]>([:])
    private let limit = 32_768

    func summary(_ input: CostInput, hashExceptVariant: Int, lean: Bool) -> Shared<CostSummary>? {
        table.withLock { $0[Key(input: input, lean: lean, hashExceptVariant: hashExceptVariant)] }
    }

    func remember(_ summary: Shared<CostSummary>, _ input: CostInput, hashExceptVariant: Int, lean: Bool) {
        table.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[Key(input: input, lean: lean, hashExceptVariant: hashExceptVariant)] = summary
        }
    }
}
