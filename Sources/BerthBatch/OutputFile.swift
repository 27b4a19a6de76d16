import BerthCore

/// A buffered text output over a `SafeFile`: standard output, or `--out FILE` (a regular file
/// replaced atomically by `commit()` and left as it was if the output is discarded or
/// dropped; a device or FIFO written as a stream; a symbolic link refused). Errors are
/// `SafeFileError`s.
public final class OutputFile {
    private let file: SafeFile
    private var buffer: [UInt8] = []

    /// Standard output (`commit` flushes).
    public static func standardOutput() -> OutputFile { OutputFile(.standardOutput()) }

    /// Writes to `path` (`-`: standard output).
    public static func atomic(path: String) throws -> OutputFile {
        path == "-" ? standardOutput() : OutputFile(try SafeFile.create(path))
    }

    private init(_ file: SafeFile) {
        self.file = file
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func write(bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try file.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes; for a file, syncs and renames the temporary file over the target.
    /// Committing again does nothing.
    public func commit() throws {
        try flush()
        try file.commit()
    }

    /// Abandons a file output: the target is left as it was.
    public func discard() {
        buffer.removeAll()
        file.discard()
    }
}
