import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BerthCore

/// Bytes of an inventory read in fixed-size chunks (a file, standard input, or bytes in
/// memory), hashed with SHA-256 as they go. Readers parse straight out of `buffer`; a
/// record cut by the end of the buffer is moved to the front and parsing restarts on it.
final class ByteSource {
    let name: String
    private var fd: Int32
    private let ownsFD: Bool
    private(set) var buffer: UnsafeMutableBufferPointer<UInt8>
    /// Valid bytes are `buffer[0..<end]`.
    private(set) var end = 0
    private(set) var atEOF = false
    private(set) var bytesRead = 0
    /// Total size when known (regular files), for progress.
    let totalBytes: Int?
    private var hasher = SHA256()
    private let chunk: Int
    private let maxBuffer: Int
    private var memory: [UInt8]?
    private var memoryOffset = 0

    /// Opens `path` (`-` for standard input).
    init(path: String, chunk: Int = 1 << 20, maxBuffer: Int = 64 << 20) throws {
        self.name = path
        self.chunk = chunk
        self.maxBuffer = maxBuffer
        if path == "-" {
            fd = 0
            ownsFD = false
            totalBytes = nil
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else {
                throw InventoryError(.unreadable, at: .file(path), "cannot open the file: \(String(cString: strerror(errno)))")
            }
            var info = stat()
            if fstat(opened, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                close(opened)
                throw InventoryError(.unreadable, at: .file(path), "is a folder, not an inventory file")
            }
            fd = opened
            ownsFD = true
            totalBytes = Int(info.st_size)
        }
        buffer = .allocate(capacity: chunk)
    }

    /// Reads from bytes in memory (tests, or input already read by the caller).
    init(bytes: [UInt8], name: String, chunk: Int = 1 << 20, maxBuffer: Int = 64 << 20) {
        self.name = name
        self.chunk = chunk
        self.maxBuffer = maxBuffer
        fd = -1
        ownsFD = false
        totalBytes = bytes.count
        memory = bytes
        buffer = .allocate(capacity: chunk)
    }

    deinit {
        if ownsFD { close(fd) }
        buffer.deallocate()
    }

    var sha256: String { hasher.finalize().hex }

    /// Discards `buffer[0..<consumed]`, moves the rest to the front and reads more.
    /// Returns false at end of input (nothing more was read).
    func refill(consumed: Int) throws -> Bool {
        guard let base = buffer.baseAddress else { return false }
        if consumed > 0 {
            let rest = end - consumed
            if rest > 0 { memmove(base, base + consumed, rest) }
            end = rest
        }
        if atEOF { return false }
        if buffer.count - end < chunk / 2 {
            // The record being parsed does not fit: grow, within reason.
            let grown = buffer.count * 2
            guard grown <= maxBuffer else {
                throw InventoryError(.recordTooLarge, at: nil, "\(name): a single record is larger than \(maxBuffer >> 20) MiB (an unclosed quote?)")
            }
            let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: grown)
            if let to = bigger.baseAddress { memcpy(to, base, end) }
            buffer.deallocate()
            buffer = bigger
        }
        guard let to = buffer.baseAddress?.advanced(by: end) else { return false }
        let room = buffer.count - end
        var got = 0
        if let memory {
            got = min(room, memory.count - memoryOffset)
            memory.withUnsafeBufferPointer { src in
                if got > 0, let from = src.baseAddress { memcpy(to, from + memoryOffset, got) }
            }
            memoryOffset += got
        } else {
            while true {
                let n = read(fd, to, room)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw InventoryError(.unreadable, at: .file(name), "read failed: \(String(cString: strerror(errno)))")
                }
                got = n
                break
            }
        }
        if got == 0 {
            atEOF = true
            return false
        }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: to, count: got))
        end += got
        bytesRead += got
        return true
    }

    /// Reads everything (for formats parsed as a whole document).
    func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        if let totalBytes { all.reserveCapacity(totalBytes) }
        while try refill(consumed: end) {
            all.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<end]))
        }
        return all
    }
}

extension SHA256.Digest {
    /// Lowercase hexadecimal, as `sha256sum` prints it.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
