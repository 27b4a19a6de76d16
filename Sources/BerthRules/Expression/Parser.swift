import BerthCore

/// The parsed condition, before names are resolved. Offsets point into the condition text.
indirect enum Expr {
    case literal(Value, Int)
    case list([Expr], Int)
    case name(String, Int)
    case member(Expr, String, Int)
    case index(Expr, Expr, Int)
    case unary(String, Expr, Int)
    case binary(String, Expr, Expr, Int)
    case call(String, [Expr], Int)

    var offset: Int {
        switch self {
        case .literal(_, let o), .list(_, let o), .name(_, let o), .member(_, _, let o), .index(_, _, let o),
             .unary(_, _, let o), .binary(_, _, _, let o), .call(_, _, let o):
            return o
        }
    }
}

/// Recursive-descent parser for the CEL subset documented in docs/rules.md.
/// Precedence, loosest first: `||`, `&&`, comparisons and `in`, `+ -`, `* / %`, unary `! -`,
/// member access and indexing.
struct Parser {
    private var tokens: [Token]
    private var position = 0
    private let locate: (Int) -> SourceLocation

    init(_ text: String, locate: @escaping (Int) -> SourceLocation) throws {
        self.tokens = try Lexer(text: Array(text.utf8), locate: locate).tokens()
        self.locate = locate
    }

    mutating func parse() throws -> Expr {
        let expr = try parseOr()
        guard case .end = current.kind else { throw error("unexpected \(describe(current)) after the end of the condition") }
        return expr
    }

    private var current: Token { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isOp(_ op: String) -> Bool {
        if case .op(let o) = current.kind, o == op { return true }
        return false
    }

    private mutating func expect(_ op: String) throws {
        guard isOp(op) else { throw error("expected '\(op)' but found \(describe(current))") }
        _ = advance()
    }

    private func error(_ message: String) -> RuleError {
        RuleError(.syntax, at: locate(current.offset), message)
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .int(let i): return "number \(i)"
        case .double(let d): return "number \(d)"
        case .string(let s): return "string \"\(s)\""
        case .identifier(let s): return "'\(s)'"
        case .op(let o): return "'\(o)'"
        case .end: return "the end of the condition"
        }
    }

    private mutating func parseOr() throws -> Expr {
        var left = try parseAnd()
        while isOp("||") {
            let op = advance()
            left = .binary("||", left, try parseAnd(), op.offset)
        }
        return left
    }

    private mutating func parseAnd() throws -> Expr {
        var left = try parseRelation()
        while isOp("&&") {
            let op = advance()
            left = .binary("&&", left, try parseRelation(), op.offset)
        }
        return left
    }

    private mutating func parseRelation() throws -> Expr {
        var left = try parseAdditive()
        while true {
            if case .op(let o) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(o) {
                let op = advance()
                left = .binary(o, left, try parseAdditive(), op.offset)
            } else if case .identifier("in") = current.kind {
                let op = advance()
                left = .binary("in", left, try parseAdditive(), op.offset)
            } else {
                return left
            }
        }
    }

    private mutating func parseAdditive() throws -> Expr {
        var left = try parseMultiplicative()
        while case .op(let o) = current.kind, o == "+" || o == "-" {
            let op = advance()
            left = .binary(o, left, try parseMultiplicative(), op.offset)
        }
        return left
    }

    private mutating func parseMultiplicative() throws -> Expr {
        var left = try parseUnary()
        while case .op(let o) = current.kind, o == "*" || o == "/" || o == "%" {
            let op = advance()
            left = .binary(o, left, try parseUnary(), op.offset)
        }
        return left
    }

    private mutating func parseUnary() throws -> Expr {
        if case .op(let o) = current.kind, o == "!" || o == "-" {
            let op = advance()
            return .unary(o, try parseUnary(), op.offset)
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws -> Expr {
        var expr = try parsePrimary()
        while true {
            if isOp(".") {
                let dot = advance()
                guard case .identifier(let name) = current.kind else { throw error("expected a name after '.'") }
                _ = advance()
                expr = .member(expr, name, dot.offset)
            } else if isOp("[") {
                let bracket = advance()
                let key = try parseOr()
                try expect("]")
                expr = .index(expr, key, bracket.offset)
            } else {
                return expr
            }
        }
    }

    private mutating func parsePrimary() throws -> Expr {
        let token = current
        switch token.kind {
        case .int(let i): _ = advance(); return .literal(.int(i), token.offset)
        case .double(let d): _ = advance(); return .literal(.double(d), token.offset)
        case .string(let s): _ = advance(); return .literal(.string(s), token.offset)
        case .identifier(let name):
            _ = advance()
            switch name {
            case "true": return .literal(.bool(true), token.offset)
            case "false": return .literal(.bool(false), token.offset)
            case "null": return .literal(.null, token.offset)
            default: break
            }
            if isOp("(") {
                _ = advance()
                var arguments: [Expr] = []
                if !isOp(")") {
                    arguments.append(try parseOr())
                    while isOp(",") { _ = advance(); arguments.append(try parseOr()) }
                }
                try expect(")")
                return .call(name, arguments, token.offset)
            }
            return .name(name, token.offset)
        case .op("("):
            _ = advance()
            let inner = try parseOr()
            try expect(")")
            return inner
        case .op("["):
            _ = advance()
            var items: [Expr] = []
            if !isOp("]") {
                items.append(try parseOr())
                while isOp(",") { _ = advance(); items.append(try parseOr()) }
            }
            try expect("]")
            return .list(items, token.offset)
        default:
            throw error("expected a value but found \(describe(token))")
        }
    }
}
