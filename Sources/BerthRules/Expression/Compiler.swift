import BerthCore

/// Three-valued truth: a condition that reads an unknown value may be neither true nor false.
public enum Truth: UInt8, Sendable, CustomStringConvertible {
    case no, yes, unknown

    public var description: String {
        switch self {
        case .no: return "false"
        case .yes: return "true"
        case .unknown: return "unknown"
        }
    }

    static func and(_ a: Truth, _ b: Truth) -> Truth {
        if a == .no || b == .no { return .no }
        if a == .yes && b == .yes { return .yes }
        return .unknown
    }

    static func or(_ a: Truth, _ b: Truth) -> Truth {
        if a == .yes || b == .yes { return .yes }
        if a == .no && b == .no { return .no }
        return .unknown
    }

    init(_ b: Bool) { self = b ? .yes : .no }
}

typealias TruthFn = @Sendable (Profile) -> Truth
/// Numbers are doubles at run time; NaN stands for unknown.
typealias NumberFn = @Sendable (Profile) -> Double
typealias StringFn = @Sendable (Profile) -> String?

/// Turns a checked condition into closures over a profile, with catalog values fixed for one
/// date. Field names were resolved by the checker; nothing is looked up by name here.
struct Compiler {
    let catalog: Catalog
    let asOf: String

    func catalogValue(_ key: String) -> Value {
        catalog.entries[key]?.value(asOf: asOf)?.value ?? .null
    }

    /// The value of a subexpression that reads nothing from the profile; nil otherwise.
    /// Evaluated here on values (never through the closures, which call back into this).
    func constant(_ c: Checked) -> Value? {
        switch c {
        case .constant(let v): return v
        case .catalog(let k): return catalogValue(k)
        case .field, .label, .has, .hasLabel: return nil
        case .not(let a):
            guard let v = constant(a) else { return nil }
            if case .bool(let b) = v { return .bool(!b) }
            return .null
        case .negate(let a):
            guard let v = constant(a) else { return nil }
            return v.asDouble.map { .double(-$0) } ?? .null
        case .logic(let op, let a, let b):
            // `x && false` is false and `x || true` is true whatever x reads.
            let (ca, cb) = (constant(a), constant(b))
            if op == "&&", ca == .bool(false) || cb == .bool(false) { return .bool(false) }
            if op == "||", ca == .bool(true) || cb == .bool(true) { return .bool(true) }
            guard let ca, let cb else { return nil }
            let (ta, tb) = (Compiler.truth(of: ca), Compiler.truth(of: cb))
            return truthValue(op == "&&" ? Truth.and(ta, tb) : Truth.or(ta, tb))
        case .arithmetic(let op, let a, let b):
            guard let ca = constant(a), let cb = constant(b) else { return nil }
            guard let x = ca.asDouble, let y = cb.asDouble else { return .null }
            let d = Compiler.apply(op, x, y)
            return d.isNaN ? .null : .double(d)
        case .compare(let op, let a, let b, let kind):
            guard let ca = constant(a), let cb = constant(b) else { return nil }
            if kind == .null { return .bool((ca == .null && cb == .null) != (op == "!=")) }
            if ca == .null || cb == .null { return .null }
            if let x = ca.asDouble, let y = cb.asDouble { return .bool(Compiler.holds(op, x, y)) }
            if case .string(let x) = ca, case .string(let y) = cb { return .bool(Compiler.holds(op, x, y)) }
            return .bool((ca == cb) != (op == "!="))
        case .member(let a, let b, _):
            guard let ca = constant(a), case .list(let items)? = constant(b) else { return nil }
            if ca == .null { return .null }
            return .bool(items.contains { $0 == ca || ($0.asDouble != nil && $0.asDouble == ca.asDouble) })
        }
    }

    static func truth(of value: Value) -> Truth {
        switch value {
        case .bool(true): return .yes
        case .bool(false): return .no
        default: return .unknown
        }
    }

    /// The comparison for an operator, chosen once at compile time.
    static func comparator<T: Comparable & Sendable>(_ op: String) -> @Sendable (T, T) -> Bool {
        switch op {
        case "==": return { $0 == $1 }
        case "!=": return { $0 != $1 }
        case "<": return { $0 < $1 }
        case "<=": return { $0 <= $1 }
        case ">": return { $0 > $1 }
        default: return { $0 >= $1 }
        }
    }

    static func holds<T: Comparable & Sendable>(_ op: String, _ x: T, _ y: T) -> Bool {
        let test: @Sendable (T, T) -> Bool = comparator(op)
        return test(x, y)
    }

    private func truthValue(_ t: Truth) -> Value {
        switch t {
        case .yes: return .bool(true)
        case .no: return .bool(false)
        case .unknown: return .null
        }
    }

    func truth(_ c: Checked) -> TruthFn {
        if let v = constant(c) {
            let t = Compiler.truth(of: v)
            return { _ in t }
        }
        switch c {
        case .constant, .catalog:
            return { _ in .unknown }  // handled above
        case .field(let f):
            return Compiler.boolFieldTruth(f)
        case .has(let f):
            return { Truth($0.has(f)) }
        case .hasLabel(let l):
            return { Truth($0.labels[l] != nil) }
        case .not(let a):
            let fa = truth(a)
            return { p in
                switch fa(p) { case .yes: return .no; case .no: return .yes; case .unknown: return .unknown }
            }
        case .logic(let op, let a, let b):
            let fa = truth(a), fb = truth(b)
            if op == "&&" {
                return { p in
                    let x = fa(p)
                    return x == .no ? .no : Truth.and(x, fb(p))
                }
            }
            return { p in
                let x = fa(p)
                return x == .yes ? .yes : Truth.or(x, fb(p))
            }
        case .compare(let op, let a, let b, let kind):
            return compare(op, a, b, kind)
        case .member(let a, let b, let kind):
            return membership(a, b, kind)
        case .label, .negate, .arithmetic:
            return { _ in .unknown }  // the checker only lets booleans here
        }
    }

    private func compare(_ op: String, _ a: Checked, _ b: Checked, _ kind: ValueKind) -> TruthFn {
        let negate = op == "!="
        switch kind {
        case .null:
            // `x == null`: true exactly when x is unknown.
            let other: Checked
            if case .constant(.null) = a { other = b } else { other = a }
            let known = presence(other)
            return { p in Truth(known(p) == negate) }
        case .double:
            let test: @Sendable (Double, Double) -> Bool = Compiler.comparator(op)
            if case .field(let f) = a, let c = constant(b)?.asDouble, let direct = Compiler.numberFieldTest(f, test, c) {
                return direct
            }
            let fa = number(a), fb = number(b)
            return { p in
                let x = fa(p), y = fb(p)
                if x.isNaN || y.isNaN { return .unknown }
                return Truth(test(x, y))
            }
        case .string:
            if case .field(let f) = a, case .string(let c)? = constant(b), op == "==" || op == "!=",
               let direct = Compiler.stringFieldEquals(f, c, negate: negate) {
                return direct
            }
            let fa = string(a), fb = string(b)
            let test: @Sendable (String, String) -> Bool = Compiler.comparator(op)
            return { p in
                guard let x = fa(p), let y = fb(p) else { return .unknown }
                return Truth(test(x, y))
            }
        default:
            let fa = truth(a), fb = truth(b)
            return { p in
                let x = fa(p), y = fb(p)
                if x == .unknown || y == .unknown { return .unknown }
                return Truth((x == y) != negate)
            }
        }
    }

    /// Whether a value is known (not null) for this profile.
    private func presence(_ c: Checked) -> @Sendable (Profile) -> Bool {
        switch c {
        case .field(let f):
            if f.spec.defaultValue == nil { return { $0.value(of: f) != .null } }
            return { _ in true }
        case .label(let l): return { $0.labels[l] != nil }
        default:
            if let v = constant(c) { let known = v != .null; return { _ in known } }
            let n = number(c)
            return { !n($0).isNaN }
        }
    }

    private func membership(_ a: Checked, _ b: Checked, _ kind: ValueKind) -> TruthFn {
        guard case .list(let items)? = constant(b) else { return { _ in .unknown } }
        if kind == .string {
            let set = Set(items.compactMap { v -> String? in if case .string(let s) = v { return s } else { return nil } })
            let fa = string(a)
            return { p in fa(p).map { Truth(set.contains($0)) } ?? .unknown }
        }
        if kind == .bool {
            let values = items.compactMap { v -> Bool? in if case .bool(let b) = v { return b } else { return nil } }
            let fa = truth(a)
            return { p in
                let x = fa(p)
                return x == .unknown ? .unknown : Truth(values.contains(x == .yes))
            }
        }
        let numbers = items.compactMap(\.asDouble)
        let fa = number(a)
        return { p in
            let x = fa(p)
            return x.isNaN ? .unknown : Truth(numbers.contains(x))
        }
    }

    func number(_ c: Checked) -> NumberFn {
        switch c {
        case .constant, .catalog:
            let d = constant(c)?.asDouble ?? .nan
            return { _ in d }
        case .field(let f):
            return Compiler.numberField(f)
        case .negate(let a):
            let fa = number(a)
            return { -fa($0) }
        case .arithmetic(let op, let a, let b):
            if let v = constant(c) {
                let d = v.asDouble ?? .nan
                return { _ in d }
            }
            let fa = number(a), fb = number(b)
            switch op {
            case "+": return { fa($0) + fb($0) }
            case "-": return { fa($0) - fb($0) }
            case "*": return { fa($0) * fb($0) }
            default: return { p in Compiler.apply(op, fa(p), fb(p)) }
            }
        default:
            return { _ in .nan }
        }
    }

    static func apply(_ op: String, _ x: Double, _ y: Double) -> Double {
        switch op {
        case "+": return x + y
        case "-": return x - y
        case "*": return x * y
        case "/": return y == 0 ? .nan : x / y
        default: return y == 0 ? .nan : x.truncatingRemainder(dividingBy: y)
        }
    }

    func string(_ c: Checked) -> StringFn {
        switch c {
        case .constant, .catalog:
            let s: String?
            if case .string(let v)? = constant(c) { s = v } else { s = nil }
            return { _ in s }
        case .field(let f):
            return Compiler.stringField(f)
        case .label(let l):
            return { $0.labels[l] }
        default:
            return { _ in nil }
        }
    }

    // The commonest shapes (`ms_billing`, `os == "windows"`, `memory_mib > 3008`) as one
    // closure reading the field itself: one call per test instead of two or three.
    static func boolFieldTruth(_ f: ProfileField) -> TruthFn {
        guard case .flag(let get, _) = f.spec.access else { return { _ in .unknown } }
        return { Truth(get($0)) }
    }

    static func stringFieldEquals(_ f: ProfileField, _ c: String, negate: Bool) -> TruthFn? {
        // A choice with no default (`current_platform`) may be unknown: the general path says so.
        guard case .choice(let choice) = f.spec.access, f.spec.defaultValue != nil else { return nil }
        guard let equals = choice.equals(c) else { return { _ in Truth(negate) } }
        if negate { return { Truth(!equals($0)) } }
        return { Truth(equals($0)) }
    }

    static func numberFieldTest(_ f: ProfileField, _ test: @escaping @Sendable (Double, Double) -> Bool, _ c: Double) -> TruthFn? {
        switch f.spec.access {
        case .number(_, let get, _): return { p in get(p).map { Truth(test($0, c)) } ?? .unknown }
        case .integer(_, _, let get, _): return { p in get(p).map { Truth(test(Double($0), c)) } ?? .unknown }
        default: return nil
        }
    }

    static func numberField(_ f: ProfileField) -> NumberFn {
        switch f.spec.access {
        case .number(_, let get, _): return { p in get(p) ?? .nan }
        case .integer(_, _, let get, _): return { p in get(p).map(Double.init) ?? .nan }
        default: return { _ in .nan }
        }
    }

    static func stringField(_ f: ProfileField) -> StringFn {
        switch f.spec.access {
        case .name: return { $0.name }
        case .text(let get, _): return { get($0) ?? "" }
        case .choice(let choice): return choice.get
        default: return { _ in nil }
        }
    }
}
