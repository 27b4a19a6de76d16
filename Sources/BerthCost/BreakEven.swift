import BerthCore
import Foundation

/// Where Lambda on-demand and a long-running container candidate cost the same a month.
public struct BreakEven: Sendable, Equatable {
    public var against: Variant
    /// Requests a month at which the compute costs are equal (exact, not rounded).
    public var requestsPerMonth: Double
    /// The container's compute cost a month, which does not depend on requests.
    public var containerMonthlyUSD: Double

    /// "Lambda is cheaper below 19.3 M requests a month" (for the stated duration and memory).
    public var sentence: String { "Lambda is cheaper below \(BreakEven.requests(requestsPerMonth)) requests a month" }

    /// `{against, variant, requests_per_month}` for the Lambda candidate's `break_even` list;
    /// requests rounded to a whole number.
    public var json: JSONValue {
        .object(["against": .string(against.platform.rawValue), "variant": .string(against.id),
                 "requests_per_month": .int(Int(requestsPerMonth.rounded()))])
    }

    /// 31.4 M above a million, else the whole number with thousands separators.
    static func requests(_ n: Double) -> String {
        if n >= 1_000_000 { return String(format: "%.1f M", n / 1_000_000) }
        var digits = String(Int(n.rounded()))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return digits + grouped
    }
}

public enum BreakEvenResult: Sendable, Equatable {
    case found(BreakEven)
    /// Why there is no break-even (a side not priced, usage unknown, a container whose cost
    /// grows with requests too, ...).
    case none(String)
}

extension CostCalculator {
    /// The `requests_per_month` at which `lambda` (a `lambda/on-demand` input; its own
    /// `requestsPerMonth` is ignored) costs what `container` does. The container must be
    /// long-running (`http` or `worker`), so that its cost does not depend on requests; give
    /// an event-driven workload's container as a worker to ask "a queue worker or Lambda?".
    /// Lambda's cost is piecewise linear in requests (free tier, duration bands), so the
    /// crossing is solved exactly on the segment where it falls.
    public func breakEven(lambda: CostInput, container: CostInput) throws -> BreakEvenResult {
        guard lambda.variant == .lambdaOnDemand else { return .none("break-even is computed for lambda/on-demand") }
        guard container.variant.platform != .lambda else { return .none("\(container.variant.rawValue) is not a container candidate") }
        guard container.trigger == .http || container.trigger == .worker else {
            return .none("the container is priced per unit of work (\(container.trigger.rawValue)), so its cost grows with requests too; give it as a worker or http service")
        }
        var probe = lambda
        probe.requestsPerMonth = 0
        switch try cost(probe) {
        case .priced: break
        case .missing(let fields): return .none("Lambda's cost needs \(fields.joined(separator: ", "))")
        case .notPriced(let reasons): return .none("Lambda is not priced: \(reasons.joined(separator: "; "))")
        }
        let target: Double
        switch try cost(container) {
        case .priced(let estimate): target = estimate.exactMonthly
        case .missing(let fields): return .none("the container's cost needs \(fields.joined(separator: ", "))")
        case .notPriced(let reasons): return .none("\(container.variant.rawValue) is not priced: \(reasons.joined(separator: "; "))")
        }
        guard target > 0 else { return .none("\(container.variant.rawValue) costs nothing (no running tasks)") }
        var job = PricingJob(catalog: catalog, input: probe)
        guard let model = job.lambdaModel() else { return .none("Lambda is not priced: \(job.reasons.joined(separator: "; "))") }

        // Between bends the cost is linear, so the crossing is solved exactly on its segment.
        func crossing(_ start: Double, _ startCost: Double, _ end: Double, _ endCost: Double) -> BreakEvenResult {
            let slope = (endCost - startCost) / (end - start)
            guard slope > 0 else { return .none("Lambda's cost does not grow with requests") }
            let requests = start + (target - startCost) / slope
            return .found(BreakEven(against: container.variant, requestsPerMonth: requests, containerMonthlyUSD: Money.cents(target)))
        }
        var start = 0.0
        var startCost = model.cost(requests: 0)
        for end in model.breakpoints where end > start {
            let endCost = model.cost(requests: end)
            if endCost >= target { return crossing(start, startCost, end, endCost) }
            (start, startCost) = (end, endCost)
        }
        let end = start + 1_000_000
        return crossing(start, startCost, end, model.cost(requests: end))
    }
}
