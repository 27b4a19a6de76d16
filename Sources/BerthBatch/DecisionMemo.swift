import BerthCore
import Foundation

/// Decisions already made in a run, by the shape of the profile: a service whose deciding
/// fields and labels equal an earlier one's gets that decision under its own name, a lookup
/// instead of an evaluation and a pricing.
///
/// `fields` and `labels` are what the engine and the pricing read (`Engine.fieldsDeciding`
/// and `labelsRead`, `CostInput.profileFields`); the key holds each of those fields that is
/// given, with its value (so whether it was given too: a default and the same value written
/// out explain differently), and each of those labels that is set. Decisions carry the
/// profile's name only (`Decision.profile`), which is set on the way out. At most `limit`
/// decisions are kept; when full, the memo starts again, so memory stays bounded.
public final class DecisionMemo {
    private let fields: [(position: UInt8, spec: FieldSpec)]
    private let labels: [String]
    private let limit: Int
    private var decisions: [Key: Decision] = [:]
    private var key: [UInt8] = []
    public private(set) var hits = 0

    public init(fields: Set<ProfileField>, labels: Set<String>, limit: Int = 512) {
        self.fields = JSONWriter.sortedFields.enumerated()
            .filter { fields.contains($0.element.spec.field) && $0.element.spec.field != .name && $0.element.spec.field != .labels }
            .map { (UInt8($0.offset), $0.element.spec) }
        self.labels = labels.sorted()
        self.limit = max(1, limit)
        key.reserveCapacity(256)
    }

    /// The decision for `profile`: remembered, or made by `decide` and remembered. Errors
    /// are not remembered.
    public func decision(for profile: Profile, _ decide: (Profile) throws -> Decision) rethrows -> Decision {
        var bytes: [UInt8] = []
        swap(&bytes, &key)
        defer { swap(&bytes, &key) }
        write(profile, into: &bytes)
        if var known = decisions[Key(bytes[...])] {
            hits += 1
            known.profile = profile.name
            return known
        }
        let decision = try decide(profile)
        if decisions.count >= limit { decisions.removeAll(keepingCapacity: true) }
        decisions[Key(ArraySlice(Array(bytes)))] = decision
        return decision
    }

    /// The key: per given field, its position and JSON value; per read label that is set,
    /// a marker, its key and value. JSON text holds no raw control bytes, so 0x00 and 0x01
    /// cannot occur inside a value.
    private func write(_ profile: Profile, into bytes: inout [UInt8]) {
        var out = JSONWriter(capacity: 0)
        swap(&out.bytes, &bytes)
        defer { swap(&out.bytes, &bytes) }
        out.reset()
        for (position, spec) in fields where profile.given.contains(spec.field) {
            out.byte(position + 0x02)
            out.value(spec.value(in: profile))
            out.byte(0x00)
        }
        for label in labels {
            guard let value = profile.labels[label] else { continue }
            out.byte(0x01)
            out.string(label)
            out.string(value)
            out.byte(0x00)
        }
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
