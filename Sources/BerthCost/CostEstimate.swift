import BerthCore
import Foundation

/// One line of a breakdown: `amount` = `quantity` x `unitPrice`, rounded to the cent.
public struct CostLine: Sendable, Equatable {
    public var item: String
    public var quantity: Double
    public var unit: String
    /// USD per unit (negative on a discount line, whose quantity is the USD discounted).
    public var unitPrice: Double
    /// USD, rounded half away from zero to the cent (see `Money.cents`).
    public var amount: Double
    /// Not compute: a load balancer, API Gateway, public IPv4, the EKS cluster share.
    public var adjacent: Bool
    /// The catalog key the unit price comes from (a price, an instance type, a fact or an
    /// assumption) with its date, source and confidence.
    public var price: String
    public var since: String
    public var source: String
    public var confidence: String
    /// quantity x unitPrice before rounding, for break-even solving.
    var exact: Double

    init(_ item: String, quantity: Double, unit: String, unitPrice: Double, adjacent: Bool = false,
         price: String, since: String, source: String, confidence: String) {
        self.item = item
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.exact = quantity * unitPrice
        self.amount = Money.cents(exact)
        self.adjacent = adjacent
        self.price = price
        self.since = since
        self.source = source
        self.confidence = confidence
    }
}

/// A modelling choice or a dated discount the estimate rests on, said in a sentence.
public struct CostNote: Sendable, Equatable {
    /// A stable id: the catalog key of an assumption (`ec2.spot_discount`) or a model rule
    /// (`packing`, `lcu`, ...).
    public var id: String
    public var text: String
    public var source: String?
    public var confidence: String?
}

/// The monthly cost of one candidate variant.
public struct CostEstimate: Sendable, Equatable {
    public var variant: Variant
    /// Compute alone (the lines not marked adjacent), USD a month: what candidates compare on.
    public var monthlyUSD: Double
    /// Compute plus the adjacent lines.
    public var monthlyUSDTotal: Double
    public var breakdown: [CostLine]
    public var region: String
    /// The date the prices were taken at.
    public var pricesAsOf: String
    public var assumptions: [CostNote]
    /// Costs left out of `monthlyUSDTotal` because no price (or no usage) is known for them.
    public var gaps: [String]

    init(variant: Variant, breakdown: [CostLine], region: String, pricesAsOf: String, assumptions: [CostNote], gaps: [String]) {
        self.variant = variant
        self.breakdown = breakdown
        self.region = region
        self.pricesAsOf = pricesAsOf
        self.assumptions = assumptions
        self.gaps = gaps
        // Sums of cent amounts, so the lines a reader sees add up to the totals exactly.
        monthlyUSD = Money.cents(breakdown.filter { !$0.adjacent }.reduce(0) { $0 + $1.amount })
        monthlyUSDTotal = Money.cents(breakdown.reduce(0) { $0 + $1.amount })
    }

    /// Compute cost before rounding (break-even solves on it).
    var exactMonthly: Double { breakdown.filter { !$0.adjacent }.reduce(0) { $0 + $1.exact } }

    /// `{monthly_usd, monthly_usd_total, breakdown, region, prices_as_of, assumptions, gaps}`,
    /// the `cost` object of the decision JSON (issue 16, item 5).
    public var json: JSONValue {
        .object([
            "monthly_usd": .double(monthlyUSD),
            "monthly_usd_total": .double(monthlyUSDTotal),
            "breakdown": .array(breakdown.map { line in
                .object([
                    "item": .string(line.item), "quantity": .double(line.quantity), "unit": .string(line.unit),
                    "unit_price": .double(line.unitPrice), "amount": .double(line.amount), "adjacent": .bool(line.adjacent),
                    "price": .string(line.price), "since": .string(line.since), "source": .string(line.source),
                    "confidence": .string(line.confidence),
                ])
            }),
            "region": .string(region),
            "prices_as_of": .string(pricesAsOf),
            "assumptions": .array(assumptions.map { note in
                var object: [String: JSONValue] = ["id": .string(note.id), "text": .string(note.text)]
                if let source = note.source { object["source"] = .string(source) }
                if let confidence = note.confidence { object["confidence"] = .string(confidence) }
                return .object(object)
            }),
            "gaps": .array(gaps.map(JSONValue.string)),
        ])
    }
}

/// The outcome of pricing one candidate variant.
public enum CostResult: Sendable, Equatable {
    case priced(CostEstimate)
    /// Usage the price depends on is unknown: these input fields (never guessed).
    case missing([String])
    /// The catalog has no price for this configuration at this date and region (a figure
    /// prices.md lacks, or a configuration with no price at all); the reasons say which.
    case notPriced([String])

    public var estimate: CostEstimate? {
        if case .priced(let estimate) = self { return estimate }
        return nil
    }

    /// `cost` and `cost_missing` for the decision JSON; a configuration with no price also
    /// gets `cost_not_priced` with the reasons.
    public var jsonFields: [String: JSONValue] {
        switch self {
        case .priced(let estimate): return ["cost": estimate.json, "cost_missing": .array([])]
        case .missing(let fields): return ["cost": .null, "cost_missing": .array(fields.map(JSONValue.string))]
        case .notPriced(let reasons):
            return ["cost": .null, "cost_missing": .array([]), "cost_not_priced": .array(reasons.map(JSONValue.string))]
        }
    }
}

/// How money and quantities are rounded and written. Amounts are computed in binary floating
/// point, then snapped to a millionth of a cent (which removes representation noise such as
/// 730 x 0.0225 = 16.424999...) and rounded half away from zero to the cent.
public enum Money {
    public static func cents(_ usd: Double) -> Double {
        let snapped = (usd * 100 * 1_000_000).rounded() / 1_000_000
        return snapped.rounded(.toNearestOrAwayFromZero) / 100
    }

    /// A number as plain decimal text (no exponent), at most 12 significant digits:
    /// 0.0000166667, 1666.66666667, 730.
    public static func text(_ x: Double) -> String {
        guard x.isFinite else { return String(x) }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        let magnitude = Int(floor(log10(abs(x))))
        let decimals = min(20, max(0, 11 - magnitude))
        var s = fixed(x, decimals: decimals)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// `$1,234.56`.
    public static func usd(_ x: Double) -> String {
        let cents = Int(Money.cents(abs(x)) * 100 + 0.5)
        var whole = String(cents / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        let fraction = cents % 100
        return (x < 0 ? "-$" : "$") + whole + grouped + (fraction < 10 ? ".0" : ".") + String(fraction)
    }

    /// `x` with `decimals` (at most 20) digits after the point, rounded as C's `%.*f`
    /// rounds: the exact binary value, ties to even. Worked out here because Foundation's
    /// `String(format:)` (or C's through a `CVarArg` list) costs a `decide` some 1.5 million
    /// instructions of set-up and protocol lookups for a few amounts.
    static func fixed(_ x: Double, decimals: Int) -> String {
        precondition((0...20).contains(decimals))
        let magnitude = x.magnitude
        // x = significand * 2^exponent, the significand an integer of at most 53 bits.
        let significand = UInt128(magnitude.significandBitPattern | (magnitude.isNormal ? 1 << 52 : 0))
        let exponent = magnitude.isNormal ? Int(magnitude.exponentBitPattern) - 1075 : -1074
        guard exponent < 0 else { return String(format: "%.\(decimals)f", x) }   // an integer of 2^53 and more
        var power: UInt128 = 1
        for _ in 0..<decimals { power *= 10 }
        let scaled = significand * power   // below 2^53 * 10^20 < 2^120
        let shift = -exponent
        var units: UInt128 = 0
        if shift < 128 {
            units = scaled >> shift
            let rest = scaled & ((1 << shift) - 1), half: UInt128 = 1 << (shift - 1)
            if rest > half || (rest == half && units & 1 == 1) { units += 1 }
        }
        var digits = String(units)
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        if decimals > 0 { digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals)) }
        return (x.sign == .minus ? "-" : "") + digits
    }
}
