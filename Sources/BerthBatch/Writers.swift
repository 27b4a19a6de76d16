import BerthCore
import Foundation

/// The batch output formats.
public enum BatchOutputFormat: String, CaseIterable, Sendable {
    case table, csv, json, jsonl
}

public enum BatchWriters {
    /// A sink writing `format` to `out`. `header` is what JSON says once per run; `color`
    /// and `width` (a terminal's columns: the table's cells are cut with an ellipsis to fit)
    /// apply to `table` only.
    public static func sink(_ format: BatchOutputFormat, to out: OutputFile, header: BatchJSONHeader,
                            color: Bool = false, width: Int? = nil) -> BatchSink {
        switch format {
        case .csv: return CSVSink(out)
        case .json: return JSONSink(out, header: header, lines: false)
        case .jsonl: return JSONSink(out, header: header, lines: true)
        case .table: return TableSink(out, color: color, width: width)
        }
    }

    /// The cell a platform gets in CSV and table output: `eligible`, or the ids of the
    /// rules that excluded it, joined with `;` (`excluded` if the engine gave none).
    public static func platformCell(_ decision: Decision, _ platform: Platform) -> String {
        var cell = ""
        writePlatformCell(decision, platform) { cell += $0 }
        return cell
    }

    /// The same cell, handed out piece by piece (the CSV writer puts the pieces straight into
    /// its buffer). Rule ids are DNS-1123 labels: they never need CSV quoting.
    static func writePlatformCell(_ decision: Decision, _ platform: Platform, _ emit: (String) throws -> Void) rethrows {
        guard let index = decision.candidates.firstIndex(where: { $0.platform == platform }) else { return try emit("excluded") }
        if decision.candidates[index].eligible { return try emit("eligible") }
        var first = true
        for reason in decision.candidates[index].exclusions {
            if !first { try emit(";") }
            first = false
            try emit(reason.rule)
        }
        if first { try emit("excluded") }
    }

    static let platforms = Platform.allCases
}

final class CSVSink: BatchSink {
    private let out: OutputFile
    private var started = false
    /// What follows the name in a row of each shape seen (`DecidedRow.shape`), so that a
    /// shape's cells are written out once (a million rows, a few ten thousand shapes).
    private var suffixes: [Int: [UInt8]] = [:]
    private static let suffixLimit = 16_384
    init(_ out: OutputFile) { self.out = out }

    func write(_ row: DecidedRow) throws {
        if !started { try header() }
        try out.write(CSVText.cell(row.decision.profile))
        if let shape = row.shape {
            if let known = suffixes[shape] { return try out.write(bytes: known) }
            var suffix: [UInt8] = []
            Self.writeSuffix(row.decision) { suffix.append(contentsOf: $0.utf8) }
            if suffixes.count >= Self.suffixLimit { suffixes.removeAll(keepingCapacity: true) }
            suffixes[shape] = suffix
            return try out.write(bytes: suffix)
        }
        // Piece by piece into the output buffer: no line string is built (a million rows).
        try Self.writeSuffix(row.decision) { try out.write($0) }
    }

    /// The cells after the name, and the line's end.
    private static func writeSuffix(_ decision: Decision, _ emit: (String) throws -> Void) rethrows {
        try emit(",")
        try emit(decision.recommendation?.rawValue ?? "")
        try emit(",")
        try emit(decision.variant?.id ?? "")
        try emit(",")
        // The recommendation's compute cost; empty when not priced (usage unknown).
        if let usd = decision.recommendation.flatMap({ decision.candidate($0)?.cost?.monthlyUSD }) { try emit(Value.format(usd)) }
        for platform in BatchWriters.platforms {
            try emit(",")
            try BatchWriters.writePlatformCell(decision, platform, emit)
        }
        try emit("\n")
    }

    private func header() throws {
        started = true
        try out.write((["name", "recommendation", "variant", "monthly_usd"] + BatchWriters.platforms.map(\.rawValue)).joined(separator: ",") + "\n")
    }

    func finish(_ summary: BatchSummary) throws {
        if !started { try header() }
        try out.commit()
    }
}

/// `json`: one object, `{as_of, decisions: [one row a line], outcomes: [one a line], pack,
/// procedure, rules, schema_version}`. `jsonl`: a first line with the run's members, then one
/// row a line, each row's outcome on a line `{"outcome": {...}}` before the first row that
/// names it.
final class JSONSink: BatchSink {
    private let out: OutputFile
    private let header: BatchJSONHeader
    private let lines: Bool
    private var count = 0
    /// How many bytes of outcomes `jsonl` remembers before it starts again.
    private let outcomeMemory: Int
    init(_ out: OutputFile, header: BatchJSONHeader, lines: Bool, outcomeMemory: Int = 16 << 20) {
        self.out = out
        self.header = header
        self.lines = lines
        self.outcomeMemory = outcomeMemory
    }

    /// Reused for every row: the row's bytes go straight to the output, not through a `String`.
    private var writer = JSONWriter(capacity: 1 << 16)
    /// Reused for each new shape's outcome.
    private var outcomeWriter = JSONWriter(capacity: 4_096)
    /// The row of each shape seen, but for its index, line and name; at most about 16 MB.
    private var templates: [Int: BatchJSONRow.Template] = [:]
    private var templateBytes = 0
    /// Each outcome written, by its bytes but for its id (and where the id goes, the key's
    /// last 8 bytes), and its id. `jsonl` keeps at most about 16 MB of them and writes an
    /// outcome forgotten again under a new id; `json` keeps them all for the end.
    private var outcomes: [ByteKey: Int] = [:]
    private var outcomeBytes = 0
    private var nextOutcome = 1

    private func start() throws {
        writer.reset()
        writer.byte(0x7B)
        header.writeLeadingMembers(&writer)
        if lines {
            writer.byte(0x2C)
            header.writeTrailingMembers(&writer)
            writer.raw("}\n")
        } else {
            writer.raw(",\"decisions\":[")
        }
        try out.write(bytes: writer.bytes)
    }

    /// Outcome ids by what an outcome follows from when the row's lean decision is known: the
    /// lean decision's number, the order pricing left the candidates in, and what ranked them
    /// (pricing sets costs and reorders candidates, nothing else, and an outcome has no costs).
    /// It outlives `outcomes` in `jsonl`, so an outcome is given again less often (a million
    /// synthetic rows: 16,917 outcome lines against 28,011, 248 MB against 270). At most
    /// 131,072 kept (a few MB); an id forgotten here is still given on an earlier line.
    private var outcomesByLean: [ByteKey: Int] = [:]
    private var leanKey = JSONWriter(capacity: 32)

    /// The id of the row's outcome; a new one is numbered from 1 and, in `jsonl`, written
    /// into `writer` on a line of its own.
    private func outcome(of row: DecidedRow) -> Int {
        guard let lean = row.lean else { return outcome(of: row.decision) }
        leanKey.reset()
        withUnsafeBytes(of: lean) { leanKey.bytes.append(contentsOf: $0) }
        for candidate in row.decision.candidates { leanKey.byte(UInt8(truncatingIfNeeded: candidate.platform.order)) }
        leanKey.rawText(row.decision.rankedBy?.rawValue ?? "")
        let key = ByteKey(leanKey.bytes[...])
        if let id = outcomesByLean[key] { return id }
        let id = outcome(of: row.decision)
        if outcomesByLean.count >= 1 << 17 { outcomesByLean.removeAll(keepingCapacity: true) }
        outcomesByLean[key.copied] = id
        return id
    }

    /// The id of `decision`'s outcome, looked up by the outcome's bytes.
    private func outcome(of decision: Decision) -> Int {
        outcomeWriter.reset()
        var hole = BatchJSONRow.writeOutcome(decision, into: &outcomeWriter)
        withUnsafeBytes(of: &hole) { outcomeWriter.bytes.append(contentsOf: $0) }
        let key = ByteKey(outcomeWriter.bytes[...])
        if let id = outcomes[key] { return id }
        if lines, outcomeBytes > outcomeMemory {
            outcomes.removeAll(keepingCapacity: true)
            outcomeBytes = 0
        }
        let id = nextOutcome
        nextOutcome += 1
        outcomes[key.copied] = id
        outcomeBytes += key.bytes.count
        if lines {
            writer.raw("{\"outcome\":")
            Self.write(key, id: id, into: &writer)
            writer.raw("}\n")
        }
        return id
    }

    /// An outcome kept as its key, with `id` in its place.
    private static func write(_ key: ByteKey, id: Int, into w: inout JSONWriter) {
        let body = key.bytes.dropLast(MemoryLayout<Int>.size)
        let hole = key.bytes.suffix(MemoryLayout<Int>.size).withUnsafeBytes { $0.loadUnaligned(as: Int.self) }
        w.bytes.append(contentsOf: body.prefix(hole))
        w.int(id)
        w.bytes.append(contentsOf: body.dropFirst(hole))
    }

    func write(_ row: DecidedRow) throws {
        if count == 0 { try start() }
        writer.reset()
        if let shape = row.shape, let known = templates[shape] {
            if !lines { writer.raw(count == 0 ? "\n  " : ",\n  ") }
            known.write(row, into: &writer)
        } else {
            let outcome = outcome(of: row)
            if !lines { writer.raw(count == 0 ? "\n  " : ",\n  ") }
            if let shape = row.shape {
                let template = BatchJSONRow.Template(row.decision, outcome: outcome)
                if templateBytes > 16 << 20 {
                    templates.removeAll(keepingCapacity: true)
                    templateBytes = 0
                }
                templates[shape] = template
                templateBytes += template.bytes.count
                template.write(row, into: &writer)
            } else {
                BatchJSONRow.write(row, outcome: outcome, into: &writer)
            }
        }
        if lines { writer.byte(0x0A) }
        try out.write(bytes: writer.bytes)
        count += 1
    }

    func finish(_ summary: BatchSummary) throws {
        if count == 0 { try start() }
        if !lines {
            writer.reset()
            writer.raw(count == 0 ? "],\"outcomes\":[" : "\n],\"outcomes\":[")
            for (i, (key, id)) in outcomes.sorted(by: { $0.value < $1.value }).enumerated() {
                writer.raw(i == 0 ? "\n  " : ",\n  ")
                Self.write(key, id: id, into: &writer)
                if writer.bytes.count > 1 << 16 {
                    try out.write(bytes: writer.bytes)
                    writer.reset()
                }
            }
            writer.raw(outcomes.isEmpty ? "]," : "\n],")
            header.writeTrailingMembers(&writer)
            writer.raw("}\n")
            try out.write(bytes: writer.bytes)
        }
        try out.commit()
    }
}

/// An aligned table for a person: one line per service, then counts per platform. Rows
/// are held until the end to size the columns (the table is for terminals; use csv or
/// jsonl for large inventories).
final class TableSink: BatchSink {
    private let out: OutputFile
    private let color: Bool
    private let width: Int?
    private var rows: [[String]] = []
    private var recommendations: [Platform?] = []

    init(_ out: OutputFile, color: Bool, width: Int? = nil) {
        self.out = out
        self.color = color
        self.width = width
    }

    /// Column widths that fit `total`: the widest column gives up a column at a time, down
    /// to `minimum`; nil `total` keeps every cell whole.
    static func fit(_ widths: [Int], into total: Int?, minimum: Int = 6) -> [Int] {
        guard let total else { return widths }
        var widths = widths
        while widths.reduce(0, +) + 2 * (widths.count - 1) > total,
              let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > minimum {
            widths[widest] -= 1
        }
        return widths
    }

    /// A cell cut to `width` columns with an ellipsis.
    static func cut(_ cell: String, to width: Int) -> String {
        guard cell.count > width else { return cell }
        return String(cell.prefix(max(width - 1, 0))) + "…"
    }

    func write(_ row: DecidedRow) throws {
        let d = row.decision
        rows.append([d.profile, d.variant?.rawValue ?? d.recommendation?.rawValue ?? "none"] + BatchWriters.platforms.map { p in
            let cell = BatchWriters.platformCell(d, p)
            return cell == "eligible" ? cell : "✗ " + cell
        })
        recommendations.append(d.recommendation)
    }

    private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    func finish(_ summary: BatchSummary) throws {
        let header = ["NAME", "RECOMMENDATION"] + BatchWriters.platforms.map { $0.rawValue.uppercased() }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        widths = Self.fit(widths, into: width)
        func line(_ cells: [String], paints: [String?]) -> String {
            var text = ""
            for (i, whole) in cells.enumerated() {
                let cell = Self.cut(whole, to: widths[i])
                let padded = i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
                text += (i > 0 ? "  " : "") + (paints[i].map { paint(padded, $0) } ?? padded)
            }
            return text + "\n"
        }
        try out.write(line(header, paints: Array(repeating: color ? "1" : nil, count: header.count)))
        for (row, recommendation) in zip(rows, recommendations) {
            var paints: [String?] = [nil, recommendation == nil ? "31" : "32"]
            paints += row.dropFirst(2).map { $0 == "eligible" ? nil : "2" }
            try out.write(line(row, paints: paints))
        }
        var counts = BatchWriters.platforms.map { "\($0.rawValue) \(summary.recommended[$0] ?? 0)" }
        counts.append("none \(summary.none)")
        if summary.rejected > 0 { counts.append("rejected \(summary.rejected)") }
        try out.write("\n\(summary.decided) decided: " + counts.joined(separator: ", ") + "\n")
        try out.commit()
    }
}
