import Foundation
import BerthCore

/// A token of the condition language with its byte offset in the condition text.
struct Token: Equatable {
    enum Kind: Equatable {
        case int(Int)
        case double(Double)
        case string(String)
        case identifier(String)
        case op(String)   // == != < <= > >= && || ! + - * / % ( ) [ ] , .
        case end
    }
    let kind: Kind
    let offset: Int
}

/// Splits a condition into tokens. `locate` maps an offset to a place in the rule file.
struct Lexer {
    let text: [UInt8]
    let locate: (Int) -> SourceLocation

    func tokens() throws -> [Token] {
        guard text.count <= ConditionLimits.maxLength else {
            throw RuleError(.syntax, at: locate(0), "the condition is \(text.count) bytes long; conditions are at most \(ConditionLimits.maxLength)")
        }
        var out: [Token] = []
        var i = 0
        func peek(_ k: Int = 0) -> UInt8? { i + k < text.count ? text[i + k] : nil }
        while i < text.count {
            let c = text[i]
            if c == 32 || c == 9 || c == 10 || c == 13 { i += 1; continue }
            let start = i
            if isDigit(c) {
                while let d = peek(), isDigit(d) || d == 95 { i += 1 }
                var isDouble = false
                if peek() == 46, let next = peek(1), isDigit(next) {
                    isDouble = true
                    i += 1
                    while let d = peek(), isDigit(d) { i += 1 }
                }
                if let e = peek(), e == 101 || e == 69 {
                    isDouble = true
                    i += 1
                    if let s = peek(), s == 43 || s == 45 { i += 1 }
                    while let d = peek(), isDigit(d) { i += 1 }
                }
                let literal = String(decoding: text[start..<i], as: UTF8.self).replacingOccurrences(of: "_", with: "")
                if isDouble {
                    guard let d = Double(literal), d.isFinite else { throw RuleError(.syntax, at: locate(start), "bad number '\(literal)'") }
                    out.append(Token(kind: .double(d), offset: start))
                } else {
                    guard let n = Int(literal) else { throw RuleError(.syntax, at: locate(start), "number '\(literal)' is out of range") }
                    out.append(Token(kind: .int(n), offset: start))
                }
                continue
            }
            if isIdentStart(c) {
                while let d = peek(), isIdentStart(d) || isDigit(d) { i += 1 }
                out.append(Token(kind: .identifier(String(decoding: text[start..<i], as: UTF8.self)), offset: start))
                continue
            }
            if c == 34 || c == 39 {
                i += 1
                var bytes: [UInt8] = []
                var closed = false
                while let d = peek() {
                    i += 1
                    if d == c { closed = true; break }
                    if d == 92, let e = peek() {
                        i += 1
                        switch e {
                        case 110: bytes.append(10)
                        case 116: bytes.append(9)
                        default: bytes.append(e)
                        }
                        continue
                    }
                    bytes.append(d)
                }
                guard closed else { throw RuleError(.syntax, at: locate(start), "unterminated string") }
                out.append(Token(kind: .string(String(decoding: bytes, as: UTF8.self)), offset: start))
                continue
            }
            let two = peek(1).map { String(decoding: [c, $0], as: UTF8.self) } ?? ""
            if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
                out.append(Token(kind: .op(two), offset: start))
                i += 2
                continue
            }
            let one = String(decoding: [c], as: UTF8.self)
            if "<>!+-*/%()[],.".contains(one) {
                out.append(Token(kind: .op(one), offset: start))
                i += 1
                continue
            }
            throw RuleError(.syntax, at: locate(start), "unexpected character '\(one)'")
        }
        out.append(Token(kind: .end, offset: text.count))
        return out
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private func isIdentStart(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }
}
