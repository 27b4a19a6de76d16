#if canImport(Glibc)
import Glibc
#endif

/// Bytes as a dictionary key, hashed in one pass: batch memos and the store key what they
/// remember by bytes written into a reused buffer, and look up with a slice of it.
public struct ByteKey: Hashable, Sendable {
    public let bytes: ArraySlice<UInt8>

    public init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// The key with storage of its own, just its bytes long: a slice, or an array made from
    /// a slice of the whole buffer, would keep the reused buffer, at its full capacity, alive.
    public var copied: ByteKey { ByteKey(bytes.withUnsafeBufferPointer { Array($0) }[...]) }

    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func == (a: ByteKey, b: ByteKey) -> Bool {
        guard a.bytes.count == b.bytes.count else { return false }
        return a.bytes.withUnsafeBytes { x in
            b.bytes.withUnsafeBytes { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }
}
