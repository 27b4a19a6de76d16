import BerthCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why output could not be written.
public struct OutputError: CategorizedError, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { "output: \(message)" }
    public var category: ErrorCategory { .environment }
}

/// A buffered text output: standard output, or a file written atomically (a temporary
/// file in the same directory, renamed over the target by `commit()`; removed instead if
/// the writer is discarded or dropped), so a reader never sees half an output file.
public final class OutputFile {
    private var fd: Int32
    private let temporaryPath: String?
    public let path: String?
    private var buffer: [UInt8] = []
    private var done = false

    /// Standard output (not atomic; `commit` flushes).
    public static func standardOutput() -> OutputFile { OutputFile(fd: 1, temporaryPath: nil, path: nil) }

    /// Writes to `path` atomically.
    public static func atomic(path: String) throws -> OutputFile {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var template = Array("\(directory)/.\(url.lastPathComponent).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else {
            throw OutputError(message: "\(path): cannot create a file in \(directory): \(String(cString: strerror(errno)))")
        }
        let temporary = String(cString: template.map { UInt8(bitPattern: $0) }.dropLast() + [0])
        fchmod(fd, 0o644)
        return OutputFile(fd: fd, temporaryPath: temporary, path: path)
    }

    private init(fd: Int32, temporaryPath: String?, path: String?) {
        self.fd = fd
        self.temporaryPath = temporaryPath
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    deinit { discard() }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func write(bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func flush() throws {
        guard !done else { throw OutputError(message: "\(path ?? "stdout"): written after it was closed") }
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError(message: "\(path ?? "stdout"): write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes; for a file, syncs and renames the temporary file over the target.
    /// Committing again does nothing.
    public func commit() throws {
        guard !done else { return }
        try flush()
        done = true
        guard let temporaryPath, let path else { return }
        defer { close(fd); fd = -1 }
        guard fsync(fd) == 0 else {
            unlink(temporaryPath)
            throw OutputError(message: "\(path): cannot write: \(String(cString: strerror(errno)))")
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OutputError(message: "\(path): cannot replace the file: \(reason)")
        }
    }

    /// Abandons a file output: the target is left as it was.
    public func discard() {
        guard !done else { return }
        done = true
        if let temporaryPath {
            close(fd)
            fd = -1
            unlink(temporaryPath)
        }
    }
}
