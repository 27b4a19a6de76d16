import BerthCore
import Foundation

/// A small strict JSON (RFC 8259) parser over bytes that yields `RawValue`s with the line
/// and column of every key and value, for JSON Lines records and JSON array elements.
/// Strings become quoted scalars (they stay strings), numbers and `true`/`false` plain
/// scalars (typed by the schema), exactly as YAML reads the same JSON.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    var p: Int
    var line: Int
    /// Index in `bytes` where the current line starts.
    var lineStart: Int
    private static let maxDepth = 64

    init(bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int, start: Int = 0) {
        self.bytes = bytes
        self.file = file
        self.p = start
        self.line = line
        self.lineStart = start
    }

    var location: SourceLocation { SourceLocation(file: file, line: line, column: p - lineStart + 1) }
    var atEnd: Bool { p >= bytes.count }

    func error(_ message: String) -> ProfileError {
        ProfileError(.syntax, at: location, "invalid JSON: \(message)")
    }

    mutating func skipWhitespace() {
        while p < bytes.count {
            switch bytes[p] {
            case 0x20, 0x09, 0x0D: p += 1
            case 0x0A: p += 1; line += 1; lineStart = p
            default: return
            }
        }
    }

    func peek() -> UInt8? { p < bytes.count ? bytes[p] : nil }

    private func describe(_ b: UInt8?) -> String {
        guard let b else { return "the end of the input" }
        if b >= 0x21, b < 0x7f { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16)
    }

    mutating func parseValue(depth: Int = 0) throws -> RawValue {
        skipWhitespace()
        guard let b = peek() else { throw error("expected a value, found the end of the input") }
        switch b {
        case 0x7B:  // {
            guard depth < Self.maxDepth else { throw error("nested too deeply") }
            return .mapping(try parseObject(depth: depth + 1))
        case 0x5B:  // [
            guard depth < Self.maxDepth else { throw error("nested too deeply") }
            try skipArray(depth: depth + 1)
            return .sequence
        case 0x22:
            return .scalar(try parseString(), plain: false)
        case 0x74: try literal("true"); return .scalar("true", plain: true)
        case 0x66: try literal("false"); return .scalar("false", plain: true)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return .scalar(try parseNumber(), plain: true)
        default: throw error("unexpected \(describe(b))")
        }
    }

    mutating func parseObject(depth: Int) throws -> [RawEntry] {
        p += 1  // {
        var entries: [RawEntry] = []
        skipWhitespace()
        if peek() == 0x7D { p += 1; return entries }
        while true {
            skipWhitespace()
            guard peek() == 0x22 else { throw error("expected a quoted key, found \(describe(peek()))") }
            let keyLocation = location
            let key = try parseString()
            skipWhitespace()
            guard peek() == 0x3A else { throw error("expected ':' after key \"\(key)\", found \(describe(peek()))") }
            p += 1
            skipWhitespace()
            let valueLocation = location
            let value = try parseValue(depth: depth)
            entries.append(RawEntry(key: key, keyLocation: keyLocation, value: value, valueLocation: valueLocation))
            skipWhitespace()
            switch peek() {
            case 0x2C: p += 1
            case 0x7D: p += 1; return entries
            default: throw error("expected ',' or '}', found \(describe(peek()))")
            }
        }
    }

    mutating func skipArray(depth: Int) throws {
        p += 1  // [
        skipWhitespace()
        if peek() == 0x5D { p += 1; return }
        while true {
            _ = try parseValue(depth: depth)
            skipWhitespace()
            switch peek() {
            case 0x2C: p += 1
            case 0x5D: p += 1; return
            default: throw error("expected ',' or ']', found \(describe(peek()))")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard p + n <= bytes.count else { throw error("unexpected \(describe(peek()))") }
        for i in 0..<n where bytes[p + i] != word.utf8Start[i] {
            throw error("unexpected \(describe(bytes[p]))")
        }
        p += n
    }

    private mutating func parseNumber() throws -> String {
        let start = p
        func digits() -> Int {
            let s = p
            while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 { p += 1 }
            return p - s
        }
        if peek() == 0x2D { p += 1 }
        if peek() == 0x30 { p += 1 } else if digits() == 0 { throw error("a number needs digits") }
        if peek() == 0x2E {
            p += 1
            if digits() == 0 { throw error("a number needs digits after '.'") }
        }
        if peek() == 0x65 || peek() == 0x45 {
            p += 1
            if peek() == 0x2B || peek() == 0x2D { p += 1 }
            if digits() == 0 { throw error("a number needs digits in its exponent") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<p]), as: UTF8.self)
    }

    private mutating func parseString() throws -> String {
        p += 1  // opening quote
        let start = p
        var high: UInt8 = 0
        // Fast path: no escapes.
        while p < bytes.count {
            let b = bytes[p]
            if b == 0x22 {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<p])
                p += 1
                if high & 0x80 == 0 { return String(decoding: slice, as: UTF8.self) }
                guard let s = String(validating: slice, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
                return s
            }
            if b == 0x5C { break }
            if b < 0x20 { throw error("a control character (\(describe(b))) inside a string must be escaped") }
            high |= b
            p += 1
        }
        // Slow path with escapes.
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<p]))
        while true {
            guard p < bytes.count else { throw error("a string is never closed") }
            let b = bytes[p]
            if b == 0x22 { p += 1; break }
            if b < 0x20 { throw error("a control character (\(describe(b))) inside a string must be escaped") }
            if b != 0x5C { out.append(b); p += 1; continue }
            p += 1
            guard let e = peek() else { throw error("a string is never closed") }
            p += 1
            switch e {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard p + 1 < bytes.count, bytes[p] == 0x5C, bytes[p + 1] == 0x75 else { throw error("an unpaired surrogate in \\u escape") }
                    p += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("an unpaired surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("an unpaired surrogate in \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw error("an invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
        return s
    }

    private mutating func hex4() throws -> UInt32 {
        guard p + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[p]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            v = v << 4 | d
            p += 1
        }
        return v
    }
}

/// A `.json` profile is read as JSON, not as YAML that happens to accept it: a trailing
/// comma, a comment or a single-quoted string is a syntax error at its place.
public enum StrictJSON {
    public static func check(_ data: Data, file: String) throws {
        try data.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw.bindMemory(to: UInt8.self), file: file, line: 1)
            _ = try scanner.parseValue()
            scanner.skipWhitespace()
            if !scanner.atEnd { throw scanner.error("unexpected text after the value") }
        }
    }
}
