import BerthCore

/// The static type of a condition's subexpression.
struct ExprType: Equatable {
    var kind: ValueKind
    /// For lists: the kind of their elements.
    var element: ValueKind? = nil
    /// Can be unknown at run time (an optional field, a label, a catalog value that may be null).
    var nullable = false

    var isNumber: Bool { kind == .int || kind == .double }
    var name: String { kind == .list ? "list of \(element?.rawValue ?? "values")" : kind.rawValue }
}

/// A name-resolved, type-checked condition: all the evaluator ever sees.
indirect enum Checked: Sendable, Equatable {
    case constant(Value)
    case field(ProfileField)
    case label(String)
    case catalog(String)
    case has(ProfileField)
    case hasLabel(String)
    case not(Checked)
    case negate(Checked)
    case logic(String, Checked, Checked)
    /// `numeric`: compare as numbers; otherwise by the operands' kind.
    case compare(String, Checked, Checked, ValueKind)
    case arithmetic(String, Checked, Checked)
    case member(Checked, Checked, ValueKind)
}

/// What a condition reads, in order of first appearance: rendered into explanations.
public enum Read: Hashable, Sendable {
    case field(ProfileField)
    case label(String)
    case catalog(String)

    public var name: String {
        switch self {
        case .field(let f): return f.rawValue
        case .label(let l): return "labels.\(l)"
        case .catalog(let k): return "catalog.\(k)"
        }
    }
}

/// Resolves names against the profile schema and the catalog, and checks types.
struct Checker {
    let catalog: Catalog
    let locate: (Int) -> SourceLocation
    private(set) var reads: [Read] = []

    /// For a requirement's condition: the variant `catalog.self.KEY` means, and the type of
    /// every capability some variant states.
    let variant: Variant?
    let capabilities: [String: ValueKind]

    init(catalog: Catalog, locate: @escaping (Int) -> SourceLocation, variant: Variant? = nil, capabilities: [String: ValueKind] = [:]) {
        self.catalog = catalog
        self.locate = locate
        self.variant = variant
        self.capabilities = capabilities
    }

    mutating func checkCondition(_ expr: Expr) throws -> Checked {
        let (checked, type) = try check(expr)
        guard type.kind == .bool else {
            throw RuleError(.typeMismatch, at: locate(expr.offset), "a condition must be true or false, but this is a \(type.name)")
        }
        return checked
    }

    private mutating func note(_ read: Read) {
        if !reads.contains(read) { reads.append(read) }
    }

    private func fail(_ expr: Expr, _ message: String, _ code: RuleError.Code = .typeMismatch) -> RuleError {
        RuleError(code, at: locate(expr.offset), message)
    }

    /// `a.b.c` as ["a", "b", "c"], or nil when the expression is not a dotted name.
    private func path(_ expr: Expr) -> [String]? {
        switch expr {
        case .name(let n, _): return [n]
        case .member(let base, let m, _): return path(base).map { $0 + [m] }
        default: return nil
        }
    }

    private mutating func resolve(_ expr: Expr) throws -> (Checked, ExprType) {
        guard let parts = path(expr) else { throw fail(expr, "expected a field name") }
        let root = parts[0]
        if root == "labels" {
            guard parts.count == 2 else { throw fail(expr, "labels are read as labels.KEY or labels[\"KEY\"]", .unknownName) }
            note(.label(parts[1]))
            return (.label(parts[1]), ExprType(kind: .string, nullable: true))
        }
        if root == "catalog", parts.count > 1, parts[1] == "self" {
            guard let variant else { throw fail(expr, "'catalog.self' is read only in a requirement's 'require' condition", .unknownName) }
            let capability = parts.dropFirst(2).joined(separator: ".")
            guard let kind = capabilities[capability] else {
                var message = "no variant states a capability '\(capability)'"
                if let hint = ProfileSchema.closest(to: capability, among: capabilities.keys.sorted()) { message += "; did you mean 'catalog.self.\(hint)'?" }
                throw fail(expr, message, .unknownName)
            }
            let key = "\(variant.catalogPrefix).\(capability)"
            note(.catalog(key))
            // A variant without the fact: unknown, so the variant cannot be verified (closed world).
            guard let entry = catalog.entries[key] else { return (.constant(.null), ExprType(kind: kind, nullable: true)) }
            let element: ValueKind? = entry.kind == .list ? Checker.elementKind(entry) : nil
            return (.catalog(key), ExprType(kind: entry.kind, element: element, nullable: true))
        }
        if root == "catalog" {
            let key = parts.dropFirst().joined(separator: ".")
            guard let entry = catalog.entries[key] else {
                var message = "unknown catalog entry '\(key)'"
                if let hint = ProfileSchema.closest(to: key, among: catalog.keys) { message += "; did you mean 'catalog.\(hint)'?" }
                throw fail(expr, message, .unknownName)
            }
            note(.catalog(key))
            let element: ValueKind? = entry.kind == .list ? Checker.elementKind(entry) : nil
            return (.catalog(key), ExprType(kind: entry.kind, element: element, nullable: entry.values.contains { $0.value == .null }))
        }
        guard parts.count == 1, let field = ProfileSchema.byName[root], !field.isMap else {
            var message = "unknown name '\(parts.joined(separator: "."))'"
            if let hint = ProfileSchema.closest(to: root, among: ProfileField.allCases.map(\.rawValue) + ["catalog"]) {
                message += "; did you mean '\(hint)'?"
            }
            throw fail(expr, message, .unknownName)
        }
        note(.field(field))
        return (.field(field), ExprType(kind: field.spec.type.valueKind, nullable: field.spec.defaultValue == nil))
    }

    static func elementKind(_ entry: CatalogEntry) -> ValueKind? {
        for v in entry.values {
            if case .list(let items) = v.value, let first = items.first {
                switch first {
                case .string: return .string
                case .int, .double: return .double
                case .bool: return .bool
                default: return nil
                }
            }
        }
        return nil
    }

    mutating func check(_ expr: Expr) throws -> (Checked, ExprType) {
        switch expr {
        case .literal(let value, _):
            switch value {
            case .null: return (.constant(.null), ExprType(kind: .null, nullable: true))
            case .bool: return (.constant(value), ExprType(kind: .bool))
            case .int: return (.constant(value), ExprType(kind: .int))
            case .double: return (.constant(value), ExprType(kind: .double))
            case .string: return (.constant(value), ExprType(kind: .string))
            case .list: return (.constant(value), ExprType(kind: .list))
            }
        case .list(let items, _):
            var values: [Value] = []
            var element: ValueKind? = nil
            for item in items {
                let (checked, type) = try check(item)
                guard case .constant(let v) = checked, type.kind != .null, type.kind != .list else {
                    throw fail(item, "list items must be literal strings, numbers or booleans")
                }
                let kind: ValueKind = type.isNumber ? .double : type.kind
                if let element, element != kind { throw fail(item, "all items of a list must have the same type") }
                element = kind
                values.append(v)
            }
            return (.constant(.list(values)), ExprType(kind: .list, element: element))
        case .name, .member:
            return try resolve(expr)
        case .index(let base, let key, _):
            guard case .name("labels", _) = base, case .literal(.string(let label), _) = key else {
                throw fail(expr, "only labels can be indexed, as labels[\"KEY\"]")
            }
            note(.label(label))
            return (.label(label), ExprType(kind: .string, nullable: true))
        case .call(let name, let arguments, _):
            guard name == "has" else {
                throw fail(expr, "unknown function '\(name)'; the only function is has()", .unknownName)
            }
            guard arguments.count == 1 else { throw fail(expr, "has() takes one field, as in has(max_duration_seconds)") }
            let (checked, _) = try check(arguments[0])
            switch checked {
            case .field(let f): return (.has(f), ExprType(kind: .bool))
            case .label(let l): return (.hasLabel(l), ExprType(kind: .bool))
            default: throw fail(arguments[0], "has() takes a profile field or a label, as in has(labels.team)")
            }
        case .unary(let op, let operand, _):
            let (checked, type) = try check(operand)
            if op == "!" {
                guard type.kind == .bool else { throw fail(operand, "'!' needs true or false, not a \(type.name)") }
                return (.not(checked), type)
            }
            guard type.isNumber else { throw fail(operand, "'-' needs a number, not a \(type.name)") }
            return (.negate(checked), type)
        case .binary(let op, let lhs, let rhs, _):
            let (left, lt) = try check(lhs)
            let (right, rt) = try check(rhs)
            let nullable = lt.nullable || rt.nullable
            switch op {
            case "&&", "||":
                guard lt.kind == .bool else { throw fail(lhs, "'\(op)' needs true or false on its left, not a \(lt.name)") }
                guard rt.kind == .bool else { throw fail(rhs, "'\(op)' needs true or false on its right, not a \(rt.name)") }
                return (.logic(op, left, right), ExprType(kind: .bool, nullable: nullable))
            case "==", "!=":
                if lt.kind == .null || rt.kind == .null {
                    return (.compare(op, left, right, .null), ExprType(kind: .bool))
                }
                guard lt.kind == rt.kind || (lt.isNumber && rt.isNumber), lt.kind != .list else {
                    throw fail(rhs, "cannot compare a \(lt.name) with a \(rt.name)")
                }
                try checkChoice(left, right, rhs)
                return (.compare(op, left, right, lt.isNumber ? .double : lt.kind), ExprType(kind: .bool, nullable: nullable))
            case "<", "<=", ">", ">=":
                guard (lt.isNumber && rt.isNumber) || (lt.kind == .string && rt.kind == .string) else {
                    throw fail(rhs, "'\(op)' compares two numbers or two strings, not a \(lt.name) and a \(rt.name)")
                }
                return (.compare(op, left, right, lt.isNumber ? .double : .string), ExprType(kind: .bool, nullable: nullable))
            case "+", "-", "*", "/", "%":
                guard lt.isNumber else { throw fail(lhs, "'\(op)' needs numbers, not a \(lt.name)") }
                guard rt.isNumber else { throw fail(rhs, "'\(op)' needs numbers, not a \(rt.name)") }
                let kind: ValueKind = (lt.kind == .int && rt.kind == .int && op != "/") ? .int : .double
                return (.arithmetic(op, left, right), ExprType(kind: kind, nullable: nullable))
            case "in":
                guard rt.kind == .list else { throw fail(rhs, "'in' needs a list on its right, not a \(rt.name)") }
                let leftKind: ValueKind = lt.isNumber ? .double : lt.kind
                if let element = rt.element, element != leftKind {
                    throw fail(lhs, "cannot look for a \(lt.name) in a list of \(element.rawValue)")
                }
                if case .list(let items) = constantValue(right) {
                    for item in items { try checkChoice(left, .constant(item), rhs) }
                }
                return (.member(left, right, leftKind), ExprType(kind: .bool, nullable: lt.nullable))
            default:
                throw fail(expr, "unknown operator '\(op)'", .syntax)
            }
        }
    }

    private func constantValue(_ c: Checked) -> Value? {
        if case .constant(let v) = c { return v }
        return nil
    }

    /// `os == "macos"` can never hold: catch it at load time.
    private func checkChoice(_ left: Checked, _ right: Checked, _ at: Expr) throws {
        guard case .field(let field) = left, case .choice(let options) = field.spec.type,
              case .constant(.string(let s)) = right, !options.contains(s) else { return }
        var message = "'\(field.rawValue)' is never \"\(s)\"; it is one of \(options.joined(separator: ", "))"
        if let hint = ProfileSchema.closest(to: s, among: options) { message += "; did you mean \"\(hint)\"?" }
        throw fail(at, message)
    }
}
