import BerthCore

/// A decision of a batch row and its shape in the run: rows of one shape have the same
/// decision but for the name and what their costs say besides the monthly amount, so the
/// store and the writers, which read no more, work a shape's outcome out once and look it
/// up after. Shapes are numbered from 1 and never reused in a run.
public struct ShapedDecision {
    public var decision: Decision
    public var shape: Int?
    /// The number of the lean decision it was priced from (`LeanDecision.number`).
    public var lean: Int?

    public init(_ decision: Decision, shape: Int? = nil, lean: Int? = nil) {
        self.decision = decision
        self.shape = shape
        self.lean = lean
    }
}

/// The rules' decision of a batch row, before pricing, and its number in the run: rows of
/// one number have the same lean decision but for the name. Numbered from 1, never reused.
public struct LeanDecision {
    public var decision: Decision
    public var number: Int?

    public init(_ decision: Decision, number: Int? = nil) {
        self.decision = decision
        self.number = number
    }
}

/// Lean decisions already made in a run, by a key of what they depend on (written by
/// `Engine.leanKey()`): a service whose key equals an earlier one's gets that decision under
/// its own name, a lookup instead of an evaluation. Pricing reads exact values (512 and
/// 2,048 MiB cost differently), so it follows the memo, and a row's shape is its lean
/// decision and the costs pricing gave it. At most `limit` decisions are kept, the oldest
/// making room for a new one, so memory stays bounded; the decisions kept share their equal
/// candidates and lists (a million synthetic services have some 36,000 lean decisions but
/// far fewer distinct candidates).
///
/// The two halves, `lean` and `priced`, share no state: a batch may call each on its own
/// thread (each half on one thread at a time).
public final class DecisionMemo {
    public typealias KeyWriter = (Profile, inout JSONWriter) -> Void
    private let key: KeyWriter
    private let limit: Int
    /// Kept decisions in a ring: when full, the oldest makes room (its memory is reused at
    /// once: emptying the whole table instead left the process's footprint growing).
    private var kept: [(key: ByteKey, decision: Decision, number: Int)] = []
    private var slots: [ByteKey: Int] = [:]
    private var oldest = 0
    private var leanCount = 0
    private var candidates: [Candidate: Candidate] = [:]
    private var assumptions: [[Assumption]: [Assumption]] = [:]
    private var undecided: [[Undecided]: [Undecided]] = [:]
    private var keyWriter = JSONWriter(capacity: 256)
    public private(set) var hits = 0
    // The priced half's.
    private var shapes: [ByteKey: Int] = [:]
    private var shapeCount = 0
    private var shapeWriter = JSONWriter(capacity: 256)

    public init(key: @escaping KeyWriter, limit: Int = 40_960) {
        self.key = key
        self.limit = max(1, limit)
    }

    /// `lean` finished by `price` (which may set the candidates' costs and reorder them by
    /// cost, nothing else), and its shape (none when `lean` has no number).
    public func priced(_ lean: LeanDecision, profile: Profile, _ price: (Decision, Profile) throws -> Decision) rethrows -> ShapedDecision {
        let priced = try price(lean.decision, profile)
        guard let number = lean.number else { return ShapedDecision(priced) }
        var out = JSONWriter(capacity: 0)
        swap(&out, &shapeWriter)
        defer { swap(&out, &shapeWriter) }
        out.reset()
        withUnsafeBytes(of: number) { out.bytes.append(contentsOf: $0) }
        for candidate in priced.candidates {
            out.byte(UInt8(truncatingIfNeeded: candidate.platform.order))
            if let cost = candidate.cost {
                if let usd = cost.monthlyUSD {
                    out.byte(2)
                    withUnsafeBytes(of: usd.bitPattern) { out.bytes.append(contentsOf: $0) }
                } else {
                    out.byte(1)
                }
            } else {
                out.byte(0)
            }
        }
        if let shape = shapes[ByteKey(out.bytes[...])] { return ShapedDecision(priced, shape: shape, lean: number) }
        shapeCount += 1
        if shapes.count >= limit { shapes.removeAll(keepingCapacity: true) }
        shapes[ByteKey(out.bytes[...]).copied] = shapeCount
        return ShapedDecision(priced, shape: shapeCount, lean: number)
    }

    /// The lean decision for `profile` under its name, with its number in the run: remembered,
    /// or made by `decide` and remembered. Errors are not remembered.
    public func lean(for profile: Profile, _ decide: (Profile) throws -> Decision) rethrows -> LeanDecision {
        var out = JSONWriter(capacity: 0)
        swap(&out, &keyWriter)
        defer { swap(&out, &keyWriter) }
        key(profile, &out)
        if let slot = slots[ByteKey(out.bytes[...])] {
            hits += 1
            var decision = kept[slot].decision
            decision.profile = profile.name
            return LeanDecision(decision, number: kept[slot].number)
        }
        let decision = try decide(profile)
        leanCount += 1
        let entry = (key: ByteKey(out.bytes[...]).copied, decision: shared(decision), number: leanCount)
        if kept.count < limit {
            slots[entry.key] = kept.count
            kept.append(entry)
        } else {
            slots[kept[oldest].key] = nil
            slots[entry.key] = oldest
            kept[oldest] = entry
            oldest = (oldest + 1) % limit
        }
        return LeanDecision(decision, number: leanCount)
    }

    /// `decision` with its candidates and lists replaced by equal ones kept before.
    private func shared(_ decision: Decision) -> Decision {
        if candidates.count >= limit { candidates.removeAll(keepingCapacity: true) }
        if assumptions.count >= limit { assumptions.removeAll(keepingCapacity: true) }
        if undecided.count >= limit { undecided.removeAll(keepingCapacity: true) }
        var kept = decision
        for i in kept.candidates.indices {
            let candidate = kept.candidates[i]
            if let known = candidates[candidate] { kept.candidates[i] = known } else { candidates[candidate] = candidate }
        }
        if let known = assumptions[kept.assumptions] { kept.assumptions = known } else { assumptions[kept.assumptions] = kept.assumptions }
        if let known = undecided[kept.undecided] { kept.undecided = known } else { undecided[kept.undecided] = kept.undecided }
        return kept
    }
}
