import Foundation

/// Kubernetes resource quantities (`500m`, `2`, `128Mi`, `1G`, `1e3`): a signed decimal
/// number and one suffix, binary (`Ki` ... `Ei`), decimal (`n`, `u`, `m`, `k`, `M` ... `E`) or a
/// decimal exponent (`e3`, `E-2`), as apimachinery's resource.Quantity reads them.
public enum Quantity {
    static let binary: [String: Double] = [
        "Ki": 0x1p10, "Mi": 0x1p20, "Gi": 0x1p30, "Ti": 0x1p40, "Pi": 0x1p50, "Ei": 0x1p60,
    ]
    static let decimal: [String: Double] = ["": 1, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18]
    /// Divided rather than multiplied, so that `100m` is exactly 0.1.
    static let fractions: [String: Double] = ["n": 1e9, "u": 1e6, "m": 1e3]

    /// The quantity's value in base units (cores, bytes), or nil when `text` is not a quantity.
    public static func parse(_ text: String) -> Double? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
        var digits = 0, dots = 0
        while i < scalars.count, ("0"..."9").contains(scalars[i]) || scalars[i] == "." {
            if scalars[i] == "." { dots += 1 } else { digits += 1 }
            i += 1
        }
        guard digits > 0, dots <= 1, let number = Double(String(String.UnicodeScalarView(scalars[0..<i]))) else { return nil }
        let suffix = String(String.UnicodeScalarView(scalars[i...]))
        if let factor = binary[suffix] ?? decimal[suffix] { return number * factor }
        if let divisor = fractions[suffix] { return number / divisor }
        // A decimal exponent: e or E, an optional sign, digits.
        guard let first = suffix.unicodeScalars.first, first == "e" || first == "E" else { return nil }
        var exponent = Substring(suffix.dropFirst())
        var negative = false
        if let sign = exponent.first, sign == "+" || sign == "-" { negative = sign == "-"; exponent = exponent.dropFirst() }
        guard !exponent.isEmpty, exponent.allSatisfy({ $0.isASCII && $0.isNumber }), let power = Int(exponent), power <= 308 else { return nil }
        return number * pow(10, Double(negative ? -power : power))
    }

    /// What a quantity looks like, for error messages.
    public static let forms = "a number with one optional suffix: m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei, or an exponent such as 1e3"
}

/// Byte sizes: Compose's `{amount}{unit}` (`512m`, `1gb`, `300k`; binary multiples, as Docker
/// reads them) and plain byte counts.
public enum ByteSize {
    public static func parse(compose text: String) -> Double? {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("kb", 0x1p10), ("mb", 0x1p20), ("gb", 0x1p30), ("k", 0x1p10), ("m", 0x1p20), ("g", 0x1p30), ("b", 1)]
        for (unit, factor) in units where lower.hasSuffix(unit) {
            let number = lower.dropLast(unit.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }), let value = Double(number) else { return nil }
            return value * factor
        }
        guard !lower.isEmpty, lower.allSatisfy({ $0.isNumber }), let value = Double(lower) else { return nil }
        return value
    }

    /// Bytes as whole MiB, rounded up (a limit must not shrink).
    public static func mebibytes(_ bytes: Double) -> Int { Int((bytes / 0x1p20).rounded(.up)) }
    /// Bytes as whole GiB, rounded up.
    public static func gibibytes(_ bytes: Double) -> Int { Int((bytes / 0x1p30).rounded(.up)) }
}

/// Durations as Copilot (Go) and Serverless write them: `1h30m`, `45s`, `90` (seconds).
enum Duration {
    static func seconds(_ text: String) -> Int? {
        if let whole = Int(text) { return whole }
        var total = 0.0
        var number = ""
        var sawUnit = false
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isNumber || c == "." { number.append(c); i += 1; continue }
            var unit = String(c)
            if c == "m", i + 1 < chars.count, chars[i + 1] == "s" { unit = "ms"; i += 1 }
            guard let value = Double(number) else { return nil }
            switch unit {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            case "ms": total += value / 1000
            default: return nil
            }
            number = ""
            sawUnit = true
            i += 1
        }
        guard number.isEmpty, sawUnit else { return nil }
        return Int(total.rounded(.up))
    }
}
