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

/// Limits that keep loading (and evaluating) a condition within a bounded stack, whatever the
/// rule file holds: the parser, checker, compiler and the compiled closures all recurse once
/// per level.
public enum ConditionLimits {
    /// Bytes of condition text (UTF-8).
    public static let maxLength = 4096
    /// Levels of nesting, a name or literal being one: each operator, `!`, `-`, pair of
    /// parentheses, list, call or index adds one; a chain of `&&` (or of `||`) is grouped in
    /// halves, so it adds only about log2 of its length.
    public static let maxDepth = 64
}

/// Recursive-descent parser for the CEL subset documented in docs/rules.md.
/// Precedence, loosest first: `||`, `&&`, comparisons and `in`, `+ -`, `* / %`, unary `! -`,
/// member access and indexing.
struct Parser {
    /// An expression with its height (levels of nesting), so that limits are checked as it is built.
    private struct Parsed {
        var expr: Expr
        var height: Int
    }

    private var tokens: [Token]
    private var position = 0
    /// Constructs open around the current token (parentheses, `!`, lists...), checked before
    /// each recursion so that `((((...` cannot exhaust the stack.
    private var nesting = 0
    private let locate: (Int) -> SourceLocation

    init(_ text: String, locate: @escaping (Int) -> SourceLocation) throws {
        self.tokens = try Lexer(text: Array(text.utf8), locate: locate).tokens()
        self.locate = locate
    }

    mutating func parse() throws -> Expr {
        let parsed = try parseOr()
        guard case .end = current.kind else { throw error("unexpected \(describe(current)) after the end of the condition") }
        return parsed.expr
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

    private func tooDeep(at offset: Int) -> RuleError {
        RuleError(.syntax, at: locate(offset), "the condition nests more than \(ConditionLimits.maxDepth) levels deep; split it into several rules")
    }

    /// A node over `children`, one level higher than the highest of them.
    private func node(_ expr: Expr, over children: [Parsed], at offset: Int) throws -> Parsed {
        let height = (children.map(\.height).max() ?? 0) + 1
        guard height <= ConditionLimits.maxDepth else { throw tooDeep(at: offset) }
        return Parsed(expr: expr, height: height)
    }

    /// Runs `body` one level of nesting deeper, refusing before it recurses past the limit
    /// (the value innermost is a level too).
    private mutating func nested<T>(at offset: Int, _ body: (inout Parser) throws -> T) throws -> T {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting < ConditionLimits.maxDepth else { throw tooDeep(at: offset) }
        return try body(&self)
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

    private mutating func parseOr() throws -> Parsed {
        try chain("||") { try $0.parseAnd() }
    }

    private mutating func parseAnd() throws -> Parsed {
        try chain("&&") { try $0.parseRelation() }
    }

    /// `a op b op c ...`, grouped in halves: `&&` and `||` are associative (in three-valued
    /// logic too) and evaluate left to right either way, and a balanced tree keeps a long
    /// chain within the depth limit.
    private mutating func chain(_ op: String, _ operand: (inout Parser) throws -> Parsed) throws -> Parsed {
        var operands = [try operand(&self)]
        var offsets: [Int] = []
        while isOp(op) {
            offsets.append(advance().offset)
            operands.append(try operand(&self))
        }
        func group(_ range: Range<Int>) throws -> Parsed {
            if range.count == 1 { return operands[range.lowerBound] }
            let middle = range.lowerBound + range.count / 2
            let left = try group(range.lowerBound..<middle), right = try group(middle..<range.upperBound)
            let at = offsets[middle - 1]
            return try node(.binary(op, left.expr, right.expr, at), over: [left, right], at: at)
        }
        return try group(0..<operands.count)
    }

    private mutating func parseRelation() throws -> Parsed {
        var left = try parseAdditive()
        while true {
            if case .op(let o) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(o) {
                let op = advance()
                let right = try parseAdditive()
                left = try node(.binary(o, left.expr, right.expr, op.offset), over: [left, right], at: op.offset)
            } else if case .identifier("in") = current.kind {
                let op = advance()
                let right = try parseAdditive()
                left = try node(.binary("in", left.expr, right.expr, op.offset), over: [left, right], at: op.offset)
            } else {
                return left
            }
        }
    }

    private mutating func parseAdditive() throws -> Parsed {
        var left = try parseMultiplicative()
        while case .op(let o) = current.kind, o == "+" || o == "-" {
            let op = advance()
            let right = try parseMultiplicative()
            left = try node(.binary(o, left.expr, right.expr, op.offset), over: [left, right], at: op.offset)
        }
        return left
    }

    private mutating func parseMultiplicative() throws -> Parsed {
        var left = try parseUnary()
        while case .op(let o) = current.kind, o == "*" || o == "/" || o == "%" {
            let op = advance()
            let right = try parseUnary()
            left = try node(.binary(o, left.expr, right.expr, op.offset), over: [left, right], at: op.offset)
        }
        return left
    }

    private mutating func parseUnary() throws -> Parsed {
        if case .op(let o) = current.kind, o == "!" || o == "-" {
            let op = advance()
            let operand = try nested(at: op.offset) { try $0.parseUnary() }
            return try node(.unary(o, operand.expr, op.offset), over: [operand], at: op.offset)
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws -> Parsed {
        var parsed = try parsePrimary()
        while true {
            if isOp(".") {
                let dot = advance()
                guard case .identifier(let name) = current.kind else { throw error("expected a name after '.'") }
                _ = advance()
                parsed = try node(.member(parsed.expr, name, dot.offset), over: [parsed], at: dot.offset)
            } else if isOp("[") {
                let bracket = advance()
                let key = try nested(at: bracket.offset) { parser -> Parsed in
                    let key = try parser.parseOr()
                    try parser.expect("]")
                    return key
                }
                parsed = try node(.index(parsed.expr, key.expr, bracket.offset), over: [parsed, key], at: bracket.offset)
            } else {
                return parsed
            }
        }
    }

    /// `first, second, ...` up to (not including) `close`, each a whole expression.
    private mutating func items(until close: String) throws -> [Parsed] {
        var items: [Parsed] = []
        if !isOp(close) {
            items.append(try parseOr())
            while isOp(",") { _ = advance(); items.append(try parseOr()) }
        }
        try expect(close)
        return items
    }

    private mutating func parsePrimary() throws -> Parsed {
        let token = current
        func leaf(_ expr: Expr) -> Parsed { Parsed(expr: expr, height: 1) }
        switch token.kind {
        case .int(let i): _ = advance(); return leaf(.literal(.int(i), token.offset))
        case .double(let d): _ = advance(); return leaf(.literal(.double(d), token.offset))
        case .string(let s): _ = advance(); return leaf(.literal(.string(s), token.offset))
        case .identifier(let name):
            _ = advance()
            switch name {
            case "true": return leaf(.literal(.bool(true), token.offset))
            case "false": return leaf(.literal(.bool(false), token.offset))
            case "null": return leaf(.literal(.null, token.offset))
            default: break
            }
            if isOp("(") {
                _ = advance()
                let arguments = try nested(at: token.offset) { try $0.items(until: ")") }
                return try node(.call(name, arguments.map(\.expr), token.offset), over: arguments, at: token.offset)
            }
            return leaf(.name(name, token.offset))
        case .op("("):
            _ = advance()
            let inner = try nested(at: token.offset) { parser -> Parsed in
                let inner = try parser.parseOr()
                try parser.expect(")")
                return inner
            }
            // Parentheses build no node but cost the parser a level: count them.
            return try node(inner.expr, over: [inner], at: token.offset)
        case .op("["):
            _ = advance()
            let items = try nested(at: token.offset) { try $0.items(until: "]") }
            return try node(.list(items.map(\.expr), token.offset), over: items, at: token.offset)
        default:
            throw error("expected a value but found \(describe(token))")
        }
    }
}
