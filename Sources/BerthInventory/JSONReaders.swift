import BerthCore

/// JSON Lines: one profile object per line, read as a stream. Blank lines are skipped;
/// a line that is not a JSON object is a rejected row.
final class JSONLinesReader: InventoryReader {
    let format = InventoryFormat.jsonl
    let file: String
    private let source: ByteSource
    private var pos = 0
    private var line = 0
    private var rowIndex = 0
    private var first = true
    private var extra: ExtraFields

    var bytesRead: Int { source.bytesRead }
    var totalBytes: Int? { source.totalBytes }
    var sha256: String { source.sha256 }
    var warnings: [InventoryWarning] { extra.warnings }

    init(source: ByteSource, strict: Bool) throws {
        self.source = source
        self.file = source.name
        extra = ExtraFields(strict: strict)
        _ = try source.refill(consumed: 0)
        if source.end >= 3, source.buffer[0] == 0xEF, source.buffer[1] == 0xBB, source.buffer[2] == 0xBF { pos = 3 }
        // A file that is not text at all is refused before any row.
        let probe = UnsafeBufferPointer(rebasing: source.buffer[pos..<min(source.end, pos + 4096)])
        if probe.contains(0) {
            throw InventoryError(.notText, at: SourceLocation(file: file, line: 1), "not a JSON Lines text file (binary data)")
        }
        if source.end == pos, !(try source.refill(consumed: 0)) {
            throw InventoryError(.empty, at: SourceLocation(file: file, line: 1), "the inventory is empty")
        }
        try skipLeadingBlankLines()
    }

    /// Moves to the start of the first line that is not blank, so that a file of blank lines
    /// is refused as empty, as a file of no bytes is, before any row.
    private func skipLeadingBlankLines() throws {
        var lineStart = pos
        var i = pos
        while true {
            while i < source.end {
                switch source.buffer[i] {
                case 0x0A: line += 1; lineStart = i + 1
                case 0x20, 0x09, 0x0D: break
                default: pos = lineStart; return
                }
                i += 1
            }
            let kept = i - lineStart
            guard try source.refill(consumed: lineStart) else { break }
            lineStart = 0
            i = kept
        }
        throw InventoryError(.empty, at: SourceLocation(file: file, line: 1), "the inventory has only blank lines")
    }

    func next() throws -> InventoryRow? {
        while true {
            // Find the end of the current line, reading more when it is cut by the buffer.
            var lf = -1
            while true {
                let buf = source.buffer
                var i = pos
                while i < source.end {
                    if buf[i] == 0x0A { lf = i; break }
                    i += 1
                }
                if lf >= 0 || source.atEOF { break }
                let more = try source.refill(consumed: pos)
                pos = 0
                if !more { break }
            }
            if lf < 0 && pos >= source.end { return nil }
            let lineEnd = lf >= 0 ? lf : source.end
            line += 1
            let start = pos
            pos = lf >= 0 ? lf + 1 : source.end
            let slice = UnsafeBufferPointer(rebasing: source.buffer[start..<lineEnd])
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            if first {
                first = false
                if String(validating: slice, as: UTF8.self) == nil {
                    throw InventoryError(.notText, at: SourceLocation(file: file, line: line), "not a JSON Lines text file (invalid UTF-8)")
                }
            }
            defer { rowIndex += 1 }
            let origin = SourceLocation(file: file, line: line)
            var name: String?
            let result = Self.decode(slice, file: file, line: line, extra: &extra, name: &name)
            return InventoryRow(index: rowIndex, location: origin, result: result, rejectedName: name)
        }
    }

    /// One record; `name` gets the record's name text when it is an object with one.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int, extra: inout ExtraFields,
                       name: inout String?) -> Result<Profile, ProfileError> {
        var scanner = JSONScanner(bytes: bytes, file: file, line: line)
        do {
            scanner.skipWhitespace()
            let origin = scanner.location
            guard scanner.peek() == 0x7B else {
                let value = try scanner.parseValue()
                return .failure(ProfileError(.notAMapping, at: origin, "a JSON Lines record must be an object of profile fields, not \(value.typeName)"))
            }
            guard case .mapping(let entries) = try scanner.parseValue() else {
                return .failure(ProfileError(.notAMapping, at: origin, "a JSON Lines record must be an object"))
            }
            name = entries.nameText
            scanner.skipWhitespace()
            if !scanner.atEnd { throw scanner.error("unexpected text after the object (one object per line)") }
            return .success(try ProfileDecoder.decode(extra.filter(entries), origin: origin, sourceOf: nil))
        } catch let error as ProfileError {
            return .failure(error)
        } catch {
            return .failure(ProfileError(.syntax, at: SourceLocation(file: file, line: line), "\(error)"))
        }
    }
}

/// A JSON array of profile objects. The document is read whole and its syntax checked
/// when opened (a broken array cannot be resynchronised); elements are then decoded one
/// at a time. An element that is not an object is a rejected row.
final class JSONArrayReader: InventoryReader {
    let format = InventoryFormat.json
    let file: String
    private let bytes: [UInt8]
    /// Where the next element starts: byte, line, and the byte where that line starts.
    private var cursor: (p: Int, line: Int, lineStart: Int)?
    private var rowIndex = 0
    private var done = false
    private let digest: String
    private var extra: ExtraFields
    let bytesRead: Int
    let totalBytes: Int?

    var sha256: String { digest }
    var warnings: [InventoryWarning] { extra.warnings }

    init(source: ByteSource, strict: Bool) throws {
        file = source.name
        extra = ExtraFields(strict: strict)
        var all = try source.readAll()
        digest = source.sha256
        bytesRead = all.count
        totalBytes = all.count
        if all.starts(with: [0xEF, 0xBB, 0xBF]) { all.removeFirst(3) }
        bytes = all
        if all.contains(0) || String(validating: all, as: UTF8.self) == nil {
            throw InventoryError(.notText, at: SourceLocation(file: file, line: 1), "not a JSON text file (binary data or invalid UTF-8)")
        }
        try bytes.withUnsafeBufferPointer { buf in
            var check = JSONScanner(bytes: buf, file: file, line: 1)
            check.skipWhitespace()
            if check.atEnd { throw InventoryError(.empty, at: check.location, "the inventory is empty") }
            let at = check.location
            let isArray = check.peek() == 0x5B
            do {
                let root = try check.parseValue()
                check.skipWhitespace()
                if !check.atEnd { throw check.error("unexpected text after the end of the document") }
                if !isArray {
                    throw InventoryError(.notAList, at: at, "a JSON inventory must be an array of profile objects, not \(root.typeName)")
                }
            } catch let error as ProfileError {
                throw InventoryError(.syntax, at: error.location, error.message)
            }
        }
    }

    func next() throws -> InventoryRow? {
        if done { return nil }
        return bytes.withUnsafeBufferPointer { buf -> InventoryRow? in
            var s = JSONScanner(bytes: buf, file: file, line: 1)
            if let cursor {
                s.p = cursor.p
                s.line = cursor.line
                s.lineStart = cursor.lineStart
            } else {
                s.skipWhitespace()
                s.p += 1  // [  (checked when opened)
            }
            s.skipWhitespace()
            if s.peek() == 0x2C { s.p += 1; s.skipWhitespace() }
            if s.peek() == 0x5D || s.atEnd { done = true; return nil }
            let origin = s.location
            let result: Result<Profile, ProfileError>
            var name: String?
            do {
                let value = try s.parseValue()
                if case .mapping(let entries) = value {
                    name = entries.nameText
                    let entries = extra.filter(entries)
                    result = Result { try ProfileDecoder.decode(entries, origin: origin, sourceOf: nil) }.mapError { $0 as? ProfileError ?? ProfileError(.syntax, at: origin, "\($0)") }
                } else {
                    result = .failure(ProfileError(.notAMapping, at: origin, "element \(rowIndex) must be an object of profile fields, not \(value.typeName)"))
                }
            } catch {
                // Cannot happen: the syntax was checked when opened.
                done = true
                result = .failure(error as? ProfileError ?? ProfileError(.syntax, at: origin, "\(error)"))
            }
            cursor = (s.p, s.line, s.lineStart)
            defer { rowIndex += 1 }
            return InventoryRow(index: rowIndex, location: origin, result: result, rejectedName: name)
        }
    }
}
