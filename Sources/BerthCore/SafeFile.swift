import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be written. Not a `LocatedError`: the file system failed, not the input.
public struct SafeFileError: CategorizedError, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
    public var category: ErrorCategory { .environment }

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// The one way berth writes a file it was asked to write.
///
/// - A regular file (or a new one) is replaced atomically: the bytes go to a temporary file
///   with an unpredictable name, created exclusively (`O_CREAT|O_EXCL|O_NOFOLLOW`) in the
///   target's folder, which `commit` syncs and renames over the target. A replaced file keeps
///   its permission bits; a new one gets 0666 less the umask. The temporary file is removed on
///   any failure, on `discard`, and on SIGINT, SIGTERM or SIGHUP (`TemporaryFiles`).
/// - A device, FIFO or socket (`/dev/null`, a named pipe) is written into as a stream, never
///   replaced; `/dev/stdout`, `/dev/stderr` and `/dev/fd/N` write to that descriptor.
/// - A symbolic link is refused: a link planted in a shared folder must not redirect a write.
///   So is a folder.
public final class SafeFile {
    public let path: String
    private var fd: Int32
    /// The temporary file while there is one; nil for a stream.
    private var temporary: TemporaryFiles.Entry?
    private let closesDescriptor: Bool
    private enum State { case open, synced, committed, discarded }
    private var state = State.open

    private init(path: String, fd: Int32, temporary: TemporaryFiles.Entry?, closesDescriptor: Bool) {
        self.path = path
        self.fd = fd
        self.temporary = temporary
        self.closesDescriptor = closesDescriptor
    }

    deinit { discard() }

    /// Standard output, as a stream (never closed).
    public static func standardOutput() -> SafeFile {
        SafeFile(path: "<stdout>", fd: STDOUT_FILENO, temporary: nil, closesDescriptor: false)
    }

    /// Opens `path` for writing as described above. `streams: false` refuses anything but a
    /// regular file (or a new one), for `generate`'s folders of files.
    public static func create(_ path: String, streams: Bool = true) throws -> SafeFile {
        func fail(_ message: String) -> SafeFileError { SafeFileError(path: path, message: message) }
        if streams, let descriptor = standardDescriptor(path) {
            let copy = dup(descriptor)
            guard copy >= 0 else { throw fail("cannot write to descriptor \(descriptor): \(reason())") }
            return SafeFile(path: path, fd: copy, temporary: nil, closesDescriptor: true)
        }
        var info = stat()
        var mode: mode_t? = nil
        if lstat(path, &info) == 0 {
            switch info.st_mode & fileType {
            case regularFile:
                mode = info.st_mode & 0o777
            case symbolicLink:
                throw fail("is a symbolic link; berth does not write through links (name the file itself)")
            case folder:
                throw fail("is a folder")
            default:
                guard streams else { throw fail("is not a regular file (a device, FIFO or socket); berth replaces only regular files here") }
                return try stream(path)
            }
        } else if errno != ENOENT {
            throw fail("cannot write: \(reason())")
        }
        return try replacing(path, mode: mode)
    }

    private static func stream(_ path: String) throws -> SafeFile {
        let fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw SafeFileError(path: path, message: "cannot open for writing: \(reason())") }
        var info = stat()
        // Swapped for a regular file since lstat: writing in place would not be atomic.
        if fstat(fd, &info) != 0 || info.st_mode & fileType == regularFile {
            close(fd)
            throw SafeFileError(path: path, message: "changed while berth was opening it")
        }
        return SafeFile(path: path, fd: fd, temporary: nil, closesDescriptor: true)
    }

    private static func replacing(_ path: String, mode: mode_t?) throws -> SafeFile {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let url = URL(fileURLWithPath: absolute)
        let folder = url.deletingLastPathComponent().path
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for _ in 0..<100 {
            let suffix = String((0..<12).map { _ in letters.randomElement()! })
            let name = (folder == "/" ? "" : folder) + "/.\(url.lastPathComponent).berth-\(suffix)"
            // Registered before it exists, so that no signal can leave it behind.
            let entry = TemporaryFiles.register(name)
            // A replacement starts private and takes the old mode below; a new file gets
            // 0666 less the umask, as any program's output does.
            let fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode == nil ? 0o666 : 0o600)
            if fd < 0 {
                let error = errno
                TemporaryFiles.unregister(entry)
                if error == EEXIST { continue }
                throw SafeFileError(path: path, message: "cannot create a file in \(folder): \(String(cString: strerror(error)))")
            }
            if let mode, fchmod(fd, mode) != 0 {
                let why = reason()
                close(fd)
                unlink(name)
                TemporaryFiles.unregister(entry)
                throw SafeFileError(path: path, message: "cannot set the file's mode: \(why)")
            }
            return SafeFile(path: path, fd: fd, temporary: entry, closesDescriptor: true)
        }
        throw SafeFileError(path: path, message: "cannot create a temporary file in \(folder): every name tried exists")
    }

    /// Writes all of `bytes`. On failure (a full disk, say) the temporary file is removed
    /// at once and the target is left as it was.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard state == .open else { throw SafeFileError(path: path, message: "written after it was closed") }
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let n = posixWrite(fd, base + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                let why = reason()
                discard()
                throw SafeFileError(path: path, message: "cannot write: \(why)")
            }
            offset += n
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// A replacement: syncs and renames it over the target. A stream: closes it. Committing
    /// again does nothing; committing what was discarded (after a failed write) is an error.
    public func commit() throws {
        try sync()
        try publish()
    }

    /// Abandons the output: a temporary file is removed and the target left as it was.
    public func discard() {
        guard state == .open || state == .synced else { return }
        if state == .open, closesDescriptor { close(fd) }
        state = .discarded
        if let temporary {
            unlink(temporary.path)
            TemporaryFiles.unregister(temporary)
        }
    }

    /// Writes several files so that either all are replaced or none is: every one goes to a
    /// temporary file first; only when all are written and synced are they renamed, one after
    /// the other, with SIGINT, SIGTERM and SIGHUP held until the last rename. What is left is
    /// the time those renames take (microseconds): a kill -9 or a power cut then can leave some
    /// new files beside old ones, and the temporary files not yet renamed. A rename that fails
    /// says which files were already replaced.
    public static func writeAll(_ files: [(path: String, contents: [UInt8])]) throws {
        var staged: [SafeFile] = []
        defer { for file in staged { file.discard() } }
        for file in files {
            let out = try create(file.path, streams: false)
            staged.append(out)
            try out.write(file.contents)
            try out.sync()
        }
        try TemporaryFiles.holdingSignals {
            for (index, out) in staged.enumerated() {
                do {
                    try out.publish()
                } catch let error as SafeFileError where index > 0 {
                    let replaced = staged[..<index].map(\.path).joined(separator: ", ")
                    throw SafeFileError(path: error.path, message: "\(error.message); already replaced: \(replaced)")
                }
            }
        }
    }

    /// A replacement's bytes on disk and its descriptor closed, ready to be renamed.
    private func sync() throws {
        switch state {
        case .open: break
        case .synced, .committed: return
        case .discarded: throw SafeFileError(path: path, message: "not written: an earlier write failed")
        }
        guard temporary != nil else { return }
        if fsync(fd) != 0 || close(fd) != 0 {
            let why = reason()
            state = .synced  // the descriptor is closed either way
            discard()
            throw SafeFileError(path: path, message: "cannot write: \(why)")
        }
        state = .synced
    }

    private func publish() throws {
        guard state != .committed else { return }
        guard let temporary else {
            state = .committed
            if closesDescriptor, close(fd) != 0 { throw SafeFileError(path: path, message: "cannot write: \(reason())") }
            return
        }
        guard rename(temporary.path, path) == 0 else {
            let why = reason()
            discard()
            throw SafeFileError(path: path, message: "cannot replace the file: \(why)")
        }
        state = .committed
        TemporaryFiles.unregister(temporary)
    }

    /// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the descriptor they name.
    static func standardDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }
}

private let fileType: mode_t = 0o170000
private let regularFile: mode_t = 0o100000
private let folder: mode_t = 0o040000
private let symbolicLink: mode_t = 0o120000

private func reason() -> String { String(cString: strerror(errno)) }

/// `write(2)`, out of reach of `SafeFile.write`'s name.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }

/// The temporary files that exist right now, so that SIGINT, SIGTERM and SIGHUP remove them
/// before berth dies. The handler is installed with the first file (unless the signal is
/// ignored, as `ask` does while it writes); it removes the files, runs the handler it replaced
/// (if any), then dies of the signal as it would have.
enum TemporaryFiles {
    /// One file. Entries are plain memory and never freed: the signal handler reads them,
    /// maybe on another thread, and must neither lock nor touch reference counts. It costs a
    /// few bytes per file written.
    struct Entry {
        fileprivate let node: UnsafeMutablePointer<Node>
        var path: UnsafeMutablePointer<CChar> { node.pointee.path }
    }

    fileprivate struct Node {
        var path: UnsafeMutablePointer<CChar>
        var live: Int32
        var next: UnsafeMutablePointer<Node>?
    }

    private typealias Handler = @convention(c) (Int32) -> Void
    private static let lock = NSLock()
    /// The newest entry's address: the list is only ever prepended to (under `lock`), and the
    /// handler walks it without locking. Atomics, because plain statics are not signal-safe
    /// shared state in Swift 6.
    private static let head = Atomic<UInt>(0)
    private static let installed = Atomic<Bool>(false)
    /// The address of the handlers replaced, by signal number (plain memory, for the handler).
    private static let previousTable: UInt = {
        let table = UnsafeMutablePointer<Handler?>.allocate(capacity: 65)
        table.initialize(repeating: nil, count: 65)
        return UInt(bitPattern: table)
    }()
    private static var previous: UnsafeMutablePointer<Handler?> { UnsafeMutablePointer(bitPattern: previousTable)! }
    private static let holding = Atomic<Int32>(0)
    private static let held = Atomic<Int32>(0)

    static func register(_ path: String) -> Entry {
        let node = UnsafeMutablePointer<Node>.allocate(capacity: 1)
        lock.lock()
        defer { lock.unlock() }
        if !installed.load(ordering: .acquiring) { install() }
        node.initialize(to: Node(path: strdup(path), live: 1, next: UnsafeMutablePointer(bitPattern: head.load(ordering: .acquiring))))
        head.store(UInt(bitPattern: node), ordering: .releasing)
        return Entry(node: node)
    }

    static func unregister(_ entry: Entry) {
        entry.node.pointee.live = 0
    }

    /// Runs `body` with SIGINT, SIGTERM and SIGHUP held: one that arrives meanwhile takes
    /// effect when `body` is done.
    static func holdingSignals(_ body: () throws -> Void) throws {
        holding.store(1, ordering: .sequentiallyConsistent)
        defer {
            holding.store(0, ordering: .sequentiallyConsistent)
            let number = held.exchange(0, ordering: .sequentiallyConsistent)
            if number != 0 { raise(number) }
        }
        try body()
    }

    private static func install() {
        installed.store(true, ordering: .releasing)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            let old = signal(number) { received in TemporaryFiles.handle(received) }
            switch old.map({ unsafeBitCast($0, to: Int.self) }) ?? 0 {
            case 0: break  // SIG_DFL
            case 1: signal(number, SIG_IGN)  // ignored, so it cannot interrupt a write
            default: previous[Int(number)] = old
            }
        }
    }

    /// Async-signal-safe: reads plain memory and calls unlink, signal and raise.
    private static func handle(_ number: Int32) {
        if holding.load(ordering: .sequentiallyConsistent) != 0 {
            held.store(number, ordering: .sequentiallyConsistent)
            return
        }
        var node = UnsafeMutablePointer<Node>(bitPattern: head.load(ordering: .acquiring))
        while let n = node {
            if n.pointee.live != 0 { unlink(n.pointee.path) }
            node = n.pointee.next
        }
        if let handler = previous[Int(number)] { handler(number) }
        signal(number, SIG_DFL)
        raise(number)
    }
}
