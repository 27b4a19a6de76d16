import BerthCore

/// The ways an inventory can be written.
public enum InventoryFormat: String, CaseIterable, Sendable {
    case csv, yaml, json, jsonl

    /// The format a file name implies: `.csv`, `.yaml`/`.yml`, `.json`, `.jsonl`/`.ndjson`.
    public static func inferred(fromPath path: String) -> InventoryFormat? {
        let lower = path.lowercased()
        guard let dot = lower.lastIndex(of: "."), !lower[dot...].contains("/") else { return nil }
        switch lower[lower.index(after: dot)...] {
        case "csv": return .csv
        case "yaml", "yml": return .yaml
        case "json": return .json
        case "jsonl", "ndjson": return .jsonl
        default: return nil
        }
    }
}

/// One service of an inventory: where it is, and either its profile or why it was refused.
public struct InventoryRow: Sendable {
    /// 0-based position among the inventory's rows (CSV data rows, list items, JSON Lines
    /// records); blank lines are not rows.
    public var index: Int
    /// Where the row starts: file and line (column 1). JSON arrays give the line where the
    /// element starts; `index` is the element's position.
    public var location: SourceLocation
    public var result: Result<Profile, ProfileError>
    /// The row's `name` as written, when the row failed but its name could be read: a
    /// rejected row stored under its name lets `diff` tell a fixed row from a new one.
    public var rejectedName: String?

    public init(index: Int, location: SourceLocation, result: Result<Profile, ProfileError>, rejectedName: String? = nil) {
        self.index = index
        self.location = location
        self.result = result
        self.rejectedName = result.isFailure ? rejectedName.flatMap { $0.isEmpty ? nil : $0 } : nil
    }

    public var profile: Profile? { try? result.get() }
    public var error: ProfileError? {
        if case .failure(let error) = result { return error }
        return nil
    }
}

/// Rows of profiles, one at a time: what the batch pipeline reads. An inventory file is
/// one (`InventoryReader`); imported Compose, Kubernetes ... files are another (BerthImport).
public protocol RowSource: AnyObject {
    /// The input's format as a run records it (`csv`, `import`).
    var formatName: String { get }
    /// The name used in locations (the path as given).
    var file: String { get }
    /// The next row, or nil at the end. Throws only when the input cannot be read further.
    func next() throws -> InventoryRow?
    /// Bytes consumed so far and the total when known, for progress.
    var bytesRead: Int { get }
    var totalBytes: Int? { get }
    /// SHA-256 (hex) of the bytes read; the input's digest once `next()` has returned nil.
    var sha256: String { get }
}

/// A pull reader over an inventory. Opening checks what makes the file unreadable as a
/// whole (missing, binary, bad CSV header); `next()` then yields rows one at a time.
public protocol InventoryReader: RowSource {
    var format: InventoryFormat { get }
    /// Columns (CSV) and fields (JSON, YAML) that are not profile fields and were kept as
    /// labels or ignored, one warning per name: those of a CSV header once opened, those of
    /// other formats as the rows that first hold them are read.
    var warnings: [InventoryWarning] { get }
}

extension InventoryReader {
    public var formatName: String { format.rawValue }
}

public enum Inventory {
    /// Opens an inventory file (`-` is standard input; give `format` for it). `strict`
    /// refuses columns and fields that are not profile fields instead of reading them as
    /// labels (or ignoring them) with a warning.
    public static func open(path: String, format: InventoryFormat? = nil, strict: Bool = false) throws -> any InventoryReader {
        guard let format = format ?? InventoryFormat.inferred(fromPath: path) else {
            throw InventoryError(.unknownFormat, at: .file(path),
                                 "cannot tell the format from the file name; use .csv, .yaml, .json or .jsonl, or name the format (berth batch --input-format csv|yaml|json|jsonl)")
        }
        return try reader(for: ByteSource(path: path), format: format, strict: strict)
    }

    /// Reads an inventory held in memory; `name` is used in locations.
    public static func reader(bytes: [UInt8], name: String, format: InventoryFormat, strict: Bool = false) throws -> any InventoryReader {
        try reader(for: ByteSource(bytes: bytes, name: name), format: format, strict: strict)
    }

    public static func reader(text: String, name: String, format: InventoryFormat, strict: Bool = false) throws -> any InventoryReader {
        try reader(bytes: Array(text.utf8), name: name, format: format, strict: strict)
    }

    static func reader(for source: ByteSource, format: InventoryFormat, strict: Bool = false) throws -> any InventoryReader {
        switch format {
        case .csv: return try CSVInventoryReader(source: source, strict: strict)
        case .jsonl: return try JSONLinesReader(source: source, strict: strict)
        case .json: return try JSONArrayReader(source: source, strict: strict)
        case .yaml: return try YAMLListReader(source: source, strict: strict)
        }
    }

    /// Every row at once (tests, small files).
    public static func readAll(_ reader: any RowSource) throws -> [InventoryRow] {
        var rows: [InventoryRow] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}

extension [RawEntry] {
    /// The text of the `name` entry, when it is a scalar.
    var nameText: String? {
        guard let entry = first(where: { $0.key == "name" }), case .scalar(let text, _) = entry.value else { return nil }
        return text
    }
}
