import BerthCore

/// Lean decisions already made in a run, by a key of what they depend on (written by
/// `Engine.leanKey`): a service whose key equals an earlier one's gets that decision under
/// its own name, a lookup instead of an evaluation. Pricing reads exact values (512 and 2,048 MiB cost differently), so it follows the memo
/// (`Pricer` remembers costs by their inputs). At most `limit` decisions are kept; when full,
/// the memo starts again, so memory stays bounded.
public final class DecisionMemo {
    public typealias KeyWriter = (Profile, inout JSONWriter) -> Void
    private let key: KeyWriter
    private let limit: Int
    private var decisions: [Key: Decision] = [:]
    private var writer = JSONWriter(capacity: 256)
    public private(set) var hits = 0

    public init(key: @escaping KeyWriter, limit: Int = 4_096) {
        self.key = key
        self.limit = max(1, limit)
    }

    /// The decision for `profile`: remembered, or made by `decide` and remembered. Errors
    /// are not remembered.
    public func decision(for profile: Profile, _ decide: (Profile) throws -> Decision) rethrows -> Decision {
        var out = JSONWriter(capacity: 0)
        swap(&out, &writer)
        defer { swap(&out, &writer) }
        key(profile, &out)
        if var known = decisions[Key(out.bytes[...])] {
            hits += 1
            known.profile = profile.name
            return known
        }
        let decision = try decide(profile)
        if decisions.count >= limit { decisions.removeAll(keepingCapacity: true) }
        decisions[Key(ArraySlice(Array(out.bytes)))] = decision
        return decision
    }

    private struct Key: Hashable {
        let bytes: ArraySlice<UInt8>

        init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }

        static func == (a: Key, b: Key) -> Bool {
            a.bytes.count == b.bytes.count && a.bytes.elementsEqual(b.bytes)
        }
    }
}
