import BerthCore

/// An RFC 4180 CSV inventory, parsed byte by byte straight out of the read buffer.
///
/// The first record is the header: profile field names and `labels.KEY` columns. Each
/// further record is one service; an empty cell takes the field's default, as a field left
/// out of a profile file does. Quoted cells may hold commas, quotes (`""`) and newlines;
/// records end with LF or CRLF; a UTF-8 byte-order mark is skipped; blank lines are
/// skipped. Unquoted cells are trimmed of surrounding spaces and tabs. A row with a
/// different number of cells than the header, or with a malformed quote, is a rejected
/// row; the reader carries on with the next record. A header column that is no profile
/// field and close to none is read as `labels.NAME`, or ignored, with a warning (`ExtraName`).
final class CSVInventoryReader: InventoryReader {
    private enum Column {
        case field(ProfileField)
        /// `MAP.KEY` of a map field: `labels.team`, `environment.LOG_LEVEL`, or `labels.NAME`
        /// for a column that is no field.
        case entry(String)
        /// The same, with a key that the map field accepts (checked once, for the column).
        case checkedEntry(ProfileField, key: String)
        /// A column with no name, or a name no label key can be: its cells are not read.
        case ignored
    }

    private struct Cell {
        var start: Int
        var end: Int
        /// The bytes are in `scratch` (a quoted cell with `""` in it), not in the buffer.
        var inScratch: Bool
        var quoted: Bool
        var nonASCII: Bool
        var hasNUL: Bool
        var line: Int
        var column: Int
    }

    let format = InventoryFormat.csv
    let file: String
    private(set) var warnings: [InventoryWarning] = []
    private let source: ByteSource
    private let strict: Bool
    private var columns: [Column] = []
    private var columnNames: [String] = []

    /// Next unread byte in the buffer; absolute offset of buffer[0]; line of `pos` and the
    /// absolute offset where that line starts (columns are byte columns, 1-based).
    private var pos = 0
    private var base = 0
    private var line = 1
    private var lineStart = 0

    private var cells: [Cell] = []
    private var scratch: [UInt8] = []
    private var recordLine = 1
    private var recordProblem: (line: Int, column: Int, message: String)?
    private var rowIndex = 0

    var bytesRead: Int { source.bytesRead }
    var totalBytes: Int? { source.totalBytes }
    var sha256: String { source.sha256 }

    init(source: ByteSource, strict: Bool) throws {
        self.source = source
        self.file = source.name
        self.strict = strict
        cells.reserveCapacity(32)
        scratch.reserveCapacity(256)
        try readHeader()
    }

    // MARK: Header

    private func readHeader() throws {
        _ = try source.refill(consumed: 0)
        // UTF-8 byte-order mark, as spreadsheets write it.
        if source.end >= 3, source.buffer[0] == 0xEF, source.buffer[1] == 0xBB, source.buffer[2] == 0xBF {
            pos = 3
            lineStart = 3
        }
        // Blank lines before the header are skipped too: a file of them is empty.
        repeat {
            guard try scanRecord() else {
                throw InventoryError(.empty, at: SourceLocation(file: file, line: 1), "the inventory is empty: a CSV inventory needs a header row of field names")
            }
        } while recordIsBlank
        if let problem = recordProblem {
            throw InventoryError(.syntax, at: SourceLocation(file: file, line: problem.line, column: problem.column), "the header row is not valid CSV: \(problem.message)")
        }
        // Column number (1-based) and header text by the name a column is read as:
        // `owner_email` and `labels.owner_email` are the same label.
        var seen: [String: (column: Int, name: String)] = [:]
        for cell in cells {
            let at = SourceLocation(file: file, line: cell.line, column: cell.column)
            guard !cell.hasNUL, let name = text(of: cell) else {
                throw InventoryError(.notText, at: at, "not a CSV text file (binary data or invalid UTF-8 in the header)")
            }
            let column = Self.checked(try header(name, at: at), at: at)
            let readAs: String?
            switch column {
            case .field(let field): readAs = field.rawValue
            case .entry(let key): readAs = key
            case .checkedEntry(let field, let key): readAs = "\(field.rawValue).\(key)"
            case .ignored: readAs = nil
            }
            if let readAs {
                if let first = seen[readAs] {
                    let message = first.name == name
                        ? "column '\(name)' appears twice in the header (columns \(first.column) and \(columns.count + 1))"
                        : "columns \(first.column) ('\(first.name)') and \(columns.count + 1) ('\(name)') are both read as \(readAs)"
                    throw InventoryError(.duplicateColumn, at: at, message)
                }
                seen[readAs] = (columns.count + 1, name)
            }
            columns.append(column)
            columnNames.append(name)
        }
        guard seen["name"] != nil else {
            throw InventoryError(.missingNameColumn, at: SourceLocation(file: file, line: recordLine),
                                 "the header has no 'name' column; every service needs a name")
        }
    }

    /// An entry column as `checkedEntry` when its key is one its map field accepts; else as
    /// it was, so that each row reports the key's problem at its own cell.
    private static func checked(_ column: Column, at location: SourceLocation) -> Column {
        guard case .entry(let name) = column, let dot = name.firstIndex(of: "."),
              let field = ProfileSchema.byName[String(name[..<dot])], field.isMap else { return column }
        let key = String(name[name.index(after: dot)...])
        guard ProfileDecoder.keyProblem(of: field, key, at: location) == nil else { return column }
        return .checkedEntry(field, key: key)
    }

    /// What a header cell names; a column that is no field is kept as a label or ignored
    /// (with a warning) unless it is close to a field or the reader is strict.
    private func header(_ name: String, at: SourceLocation) throws -> Column {
        if let dot = name.firstIndex(of: "."), let map = ProfileSchema.byName[String(name[..<dot])], map.isMap {
            guard name.index(after: dot) < name.endIndex else {
                throw InventoryError(.unknownColumn, at: at, "column '\(name)' needs a key after '\(map.rawValue).'")
            }
            return .entry(name)
        }
        if let field = ProfileSchema.byName[name] {
            guard field.isMap else { return .field(field) }
            throw InventoryError(.unknownColumn, at: at, "unknown column '\(name)'; \(name) is a map, written one column per key, as \(name).KEY")
        }
        let extra = ExtraName(name)
        if !strict, let warning = extra.warning(.extraColumn, "column", name: name, at: at) {
            if warnings.count < ExtraFields.warningLimit {
                warnings.append(warning)
            } else if warnings.count == ExtraFields.warningLimit {
                warnings.append(InventoryWarning(.moreExtraFields, at: at, "more than \(ExtraFields.warningLimit) columns are not profile fields; the others are not listed"))
            }
        }
        switch extra {
        case .label(let key) where !strict:
            return .entry(key)
        case .ignored where !strict:
            return .ignored
        case .nearMiss(let hint):
            throw InventoryError(.unknownColumn, at: at, "unknown column '\(name)'; did you mean '\(hint)'?")
        case .known, .label, .ignored:
            var message = name.isEmpty ? "the header has an empty column name" : "unknown column '\(name)'"
            if !name.isEmpty, let hint = ProfileSchema.suggestion(for: name) {
                message += "; did you mean '\(hint)'?"
            } else if !name.isEmpty {
                message += "; columns are profile field names or labels.KEY"
            }
            throw InventoryError(.unknownColumn, at: at, message + " (--strict refuses columns that are not profile fields)")
        }
    }

    // MARK: Rows

    func next() throws -> InventoryRow? {
        while try scanRecord() {
            if recordIsBlank { continue }
            defer { rowIndex += 1 }
            let origin = SourceLocation(file: file, line: recordLine)
            let result = decodeRecord(origin: origin)
            return InventoryRow(index: rowIndex, location: origin, result: result, rejectedName: result.isFailure ? nameCell : nil)
        }
        return nil
    }

    /// The record's `name` cell, when it has one that is text.
    private var nameCell: String? {
        guard recordProblem == nil,
              let i = columns.firstIndex(where: { if case .field(.name) = $0 { return true } else { return false } }),
              i < cells.count, !cells[i].hasNUL else { return nil }
        return text(of: cells[i])
    }

    private var recordIsBlank: Bool {
        cells.count == 1 && cells[0].start == cells[0].end && !cells[0].quoted && recordProblem == nil
    }

    private func decodeRecord(origin: SourceLocation) -> Result<Profile, ProfileError> {
        if let problem = recordProblem {
            return .failure(ProfileError(.syntax, at: SourceLocation(file: file, line: problem.line, column: problem.column), problem.message))
        }
        if cells.count != columns.count {
            let extra = cells.count > columns.count ? cells[columns.count] : cells[cells.count - 1]
            return .failure(ProfileError(.syntax, at: SourceLocation(file: file, line: extra.line, column: extra.column),
                                         "the row has \(cells.count) cells but the header has \(columns.count) columns"))
        }
        var decoder = ProfileDecoder(sourceOf: nil)
        do {
            for i in 0..<cells.count {
                let cell = cells[i]
                let column = columns[i]
                if case .ignored = column { continue }
                if cell.start == cell.end {
                    if case .field(let f) = column, f == .name {} else { continue }
                }
                let at = SourceLocation(file: file, line: cell.line, column: cell.column)
                guard !cell.hasNUL, let value = text(of: cell) else {
                    return .failure(ProfileError(.notText, at: at, field: columnNames[i], "the cell is not UTF-8 text (binary data?)"))
                }
                switch column {
                case .field(let field):
                    try decoder.assign(field, .scalar(value, plain: true), at: at)
                case .entry(let key):
                    try decoder.assign(RawEntry(key: key, keyLocation: at, value: .scalar(value, plain: true), valueLocation: at))
                case .checkedEntry(let field, let key):
                    try decoder.assign(checkedKey: key, of: field, .scalar(value, plain: true), at: at)
                case .ignored:
                    break
                }
            }
            return .success(try decoder.finish(origin: origin))
        } catch let error as ProfileError {
            return .failure(error)
        } catch {
            return .failure(ProfileError(.syntax, at: origin, "\(error)"))
        }
    }

    /// A cell's text; nil when it is not valid UTF-8. Unquoted cells are trimmed.
    private func text(of cell: Cell) -> String? {
        func make(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
            var lo = 0, hi = bytes.count
            if !cell.quoted {
                while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
                while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
            }
            let slice = UnsafeBufferPointer(rebasing: bytes[lo..<hi])
            if !cell.nonASCII { return String(decoding: slice, as: UTF8.self) }
            return String(validating: slice, as: UTF8.self)
        }
        if cell.inScratch {
            return scratch.withUnsafeBufferPointer { make(UnsafeBufferPointer(rebasing: $0[cell.start..<cell.end])) }
        }
        return make(UnsafeBufferPointer(rebasing: source.buffer[cell.start..<cell.end]))
    }

    // MARK: Scanning

    /// Scans the next record into `cells`. Returns false at the end of input.
    private func scanRecord() throws -> Bool {
        while true {
            switch scan() {
            case .record: return true
            case .end: return false
            case .needMore:
                let consumed = pos
                _ = try source.refill(consumed: consumed)
                base += consumed
                pos = 0
            }
        }
    }

    private enum ScanResult { case record, needMore, end }

    private static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// One attempt at the record starting at `pos`. Commits `pos`/`line`/`lineStart` only
    /// when the record is complete, so a `.needMore` attempt restarts cleanly after refill.
    private func scan() -> ScanResult {
        let buf = source.buffer
        let end = source.end
        let eof = source.atEOF
        var p = pos
        var ln = line
        var ls = lineStart
        cells.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        recordProblem = nil
        if p >= end { return eof ? .end : .needMore }
        let startLine = ln
        var problem: (line: Int, column: Int, message: String)?

        while true {
            // One cell starting at p.
            let cellLine = ln
            let cellColumn = base + p - ls + 1
            var cell = Cell(start: p, end: p, inScratch: false, quoted: false, nonASCII: false, hasNUL: false, line: cellLine, column: cellColumn)
            var high: UInt8 = 0
            var sawNUL = false
            if p < end, buf[p] == Self.quote {
                cell.quoted = true
                p += 1
                cell.start = p
                var closed = false
                var segment = p
                // Where the line after the opening quote starts, once the cell has run past it.
                var nextLine: Int?
                while p < end {
                    let b = buf[p]
                    if b == Self.quote {
                        if p + 1 < end {
                            if buf[p + 1] == Self.quote {
                                // Escaped quote: move what we have to scratch, keep one quote.
                                if !cell.inScratch {
                                    cell.inScratch = true
                                    cell.start = scratch.count
                                }
                                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[segment..<(p + 1)]))
                                p += 2
                                segment = p
                                continue
                            }
                            closed = true
                            break
                        } else if eof {
                            closed = true
                            break
                        } else {
                            return .needMore
                        }
                    }
                    if b == Self.lf {
                        if nextLine == nil { nextLine = p + 1 }
                        ln += 1
                        ls = base + p + 1
                    }
                    high |= b
                    if b == 0 { sawNUL = true }
                    p += 1
                }
                if !closed, !eof { return .needMore }
                // A quote opened and not closed properly, over several lines: a '"' is
                // missing, most likely. The row is refused at the opening quote and the
                // lines after it are read again as rows, so that none is silently swallowed.
                if let nextLine, !closed || p + 1 < end && buf[p + 1] != Self.comma && buf[p + 1] != Self.lf && buf[p + 1] != Self.cr {
                    let reason = closed ? "a quote on line \(ln) is followed by more text" : "it is never closed"
                    problem = problem ?? (cellLine, cellColumn, "this quoted cell runs over several lines and \(reason) (a '\"' missing?); the lines after this one are read as rows")
                    cell.end = cell.start
                    cells.append(cell)
                    p = nextLine
                    ln = cellLine + 1
                    ls = base + p
                    break
                }
                if !closed {
                    problem = problem ?? (cellLine, cellColumn, "a quoted cell is never closed (missing '\"')")
                }
                if cell.inScratch {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[segment..<p]))
                    cell.end = scratch.count
                } else {
                    cell.end = p
                }
                if closed { p += 1 }  // the closing quote
                // After the closing quote: a delimiter, a line end or the end of input.
                if p < end, buf[p] != Self.comma, buf[p] != Self.lf, buf[p] != Self.cr {
                    problem = problem ?? (ln, base + p - ls + 1, "unexpected text after a closing quote (quotes inside a quoted cell are written \"\")")
                    while p < end, buf[p] != Self.comma, buf[p] != Self.lf { p += 1 }
                    if p >= end, !eof { return .needMore }
                }
            } else {
                while p < end {
                    let b = buf[p]
                    if b == Self.comma || b == Self.lf || b == Self.cr { break }
                    high |= b
                    if b == 0 { sawNUL = true }
                    p += 1
                }
                cell.end = p
            }
            cell.nonASCII = high & 0x80 != 0
            cell.hasNUL = sawNUL
            cells.append(cell)

            // What ends the cell.
            if p >= end {
                if !eof { return .needMore }
                break  // last record without a final newline
            }
            let b = buf[p]
            if b == Self.comma {
                p += 1
                if p >= end {
                    if !eof { return .needMore }
                    // A trailing comma at the very end: one more, empty cell.
                    cells.append(Cell(start: p, end: p, inScratch: false, quoted: false, nonASCII: false, hasNUL: false, line: ln, column: base + p - ls + 1))
                    break
                }
                continue
            }
            if b == Self.cr {
                if p + 1 >= end, !eof { return .needMore }
                if p + 1 < end, buf[p + 1] == Self.lf {
                    p += 2
                } else {
                    // A lone CR ends the line too (old Mac spreadsheets).
                    p += 1
                }
                ln += 1
                ls = base + p
                break
            }
            // LF
            p += 1
            ln += 1
            ls = base + p
            break
        }
        pos = p
        line = ln
        lineStart = ls
        recordLine = startLine
        recordProblem = problem
        return .record
    }
}
