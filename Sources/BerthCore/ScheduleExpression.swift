/// An EventBridge Scheduler schedule expression, `rate(value unit)` or `cron(fields)`, checked
/// as EventBridge reads it (docs/profile.md, Values; the EventBridge user guide, "Using cron
/// and rate expressions"): one-time `at(...)` schedules are not a recurring workload's.
public enum ScheduleExpression: Equatable, Sendable {
    case rate(value: Int, unit: RateUnit)
    /// Minutes, hours, day of month, month, day of week, year, as written.
    case cron([String])

    public enum RateUnit: String, Sendable { case minute, hour, day }

    /// berth's own bound on a rate's value (about 2,700 years in days), so arithmetic on it is exact.
    public static let maxRateValue = 1_000_000

    /// The expression, or why EventBridge would refuse it.
    public static func parse(_ text: String) -> Result<ScheduleExpression, ScheduleError> {
        if text.hasPrefix("rate("), text.hasSuffix(")") {
            return parseRate(String(text.dropFirst(5).dropLast()))
        }
        if text.hasPrefix("cron("), text.hasSuffix(")") {
            return parseCron(String(text.dropFirst(5).dropLast()))
        }
        return .failure(ScheduleError("must be rate(VALUE UNIT) or cron(MINUTES HOURS DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR)"))
    }

    /// The expression as EventBridge takes it.
    public var text: String {
        switch self {
        case .rate(let value, let unit): return "rate(\(value) \(unit.rawValue)\(value == 1 ? "" : "s"))"
        case .cron(let fields): return "cron(\(fields.joined(separator: " ")))"
        }
    }

    private static func parseRate(_ body: String) -> Result<ScheduleExpression, ScheduleError> {
        let parts = body.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, let digits = parts.first, !digits.isEmpty, digits.count <= 7,
              digits.allSatisfy(\.isASCIIDigit), !digits.hasPrefix("0"), let value = Int(digits), value <= maxRateValue else {
            return .failure(ScheduleError("a rate is rate(VALUE UNIT) with VALUE a whole number from 1 to \(maxRateValue), like rate(5 minutes)"))
        }
        let word = String(parts[1])
        let singular = word.hasSuffix("s") ? String(word.dropLast()) : word
        guard let unit = RateUnit(rawValue: singular) else {
            return .failure(ScheduleError("a rate's unit is minute(s), hour(s) or day(s), got \"\(word)\""))
        }
        // EventBridge refuses rate(1 minutes) and rate(5 minute).
        guard (value == 1) == (word == singular) else {
            return .failure(ScheduleError("a rate of 1 takes the singular unit and any other value the plural: rate(\(value) \(unit.rawValue)\(value == 1 ? "" : "s"))"))
        }
        return .success(.rate(value: value, unit: unit))
    }

    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    private struct FieldRule {
        let name: String
        let range: ClosedRange<Int>
        let names: [String]
        /// `?` allowed (day of month, day of week).
        let any: Bool
    }

    private static let rules = [
        FieldRule(name: "minutes", range: 0...59, names: [], any: false),
        FieldRule(name: "hours", range: 0...23, names: [], any: false),
        FieldRule(name: "day-of-month", range: 1...31, names: [], any: true),
        FieldRule(name: "month", range: 1...12, names: monthNames, any: false),
        FieldRule(name: "day-of-week", range: 1...7, names: dayNames, any: true),
        FieldRule(name: "year", range: 1970...2199, names: [], any: false),
    ]

    private static func parseCron(_ body: String) -> Result<ScheduleExpression, ScheduleError> {
        let fields = body.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, fields.allSatisfy({ !$0.isEmpty }) else {
            return .failure(ScheduleError("a cron expression has six fields separated by single spaces: minutes hours day-of-month month day-of-week year, like cron(0 2 * * ? *)"))
        }
        for (field, rule) in zip(fields, rules) {
            if let problem = check(field, rule) {
                return .failure(ScheduleError("cron field \(rule.name) \"\(field)\": \(problem)"))
            }
        }
        // EventBridge takes `?` in exactly one of the two day fields.
        guard (fields[2] == "?") != (fields[4] == "?") else {
            return .failure(ScheduleError("one of day-of-month and day-of-week must be ? and the other not, like cron(0 2 * * ? *)"))
        }
        return .success(.cron(fields))
    }

    private static func check(_ field: String, _ rule: FieldRule) -> String? {
        if field == "?" { return rule.any ? nil : "? is allowed only in day-of-month and day-of-week" }
        let items = field.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for item in items {
            if let problem = checkItem(item, rule) { return problem }
        }
        return nil
    }

    private static func value(_ text: String, _ rule: FieldRule) -> Int? {
        if let index = rule.names.firstIndex(of: text.uppercased()) { return rule.range.lowerBound + index }
        guard !text.isEmpty, text.count <= 4, text.allSatisfy(\.isASCIIDigit), let n = Int(text), rule.range.contains(n) else { return nil }
        return n
    }

    private static func checkItem(_ item: String, _ rule: FieldRule) -> String? {
        let expected = "expected *, a value \(rule.range.lowerBound)-\(rule.range.upperBound)\(rule.names.isEmpty ? "" : " or \(rule.names.first!)-\(rule.names.last!)"), a range A-B or an increment A/N"
        if rule.name == "day-of-month" {
            if item == "L" || item == "LW" { return nil }
            if item.hasSuffix("W"), value(String(item.dropLast()), rule) != nil { return nil }
        }
        if rule.name == "day-of-week" {
            if item == "L" { return nil }
            if item.hasSuffix("L"), value(String(item.dropLast()), rule) != nil { return nil }
            let hash = item.split(separator: "#", omittingEmptySubsequences: false)
            if hash.count == 2 {
                guard value(String(hash[0]), rule) != nil, let nth = Int(hash[1]), (1...5).contains(nth), hash[1].count == 1 else {
                    return "DAY#N needs a day of the week and N from 1 to 5"
                }
                return nil
            }
        }
        let slash = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard slash.count <= 2 else { return expected }
        if slash.count == 2 {
            let span = rule.range.upperBound - rule.range.lowerBound + 1
            guard slash[1].count <= 4, slash[1].allSatisfy(\.isASCIIDigit), let step = Int(slash[1]), step >= 1, step <= span else {
                return "an increment A/N needs N from 1 to \(span)"
            }
        }
        let base = slash[0]
        if base == "*" { return nil }
        let dash = base.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard dash.count <= 2, dash.allSatisfy({ value($0, rule) != nil }) else { return expected }
        return nil
    }
}

/// Why a schedule expression is refused.
public struct ScheduleError: Error, Equatable, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
