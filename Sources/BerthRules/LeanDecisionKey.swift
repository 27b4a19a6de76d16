import BerthCore

/// What a lean decision (`Engine.decide(_:messages: false)`) depends on, as bytes: two
/// profiles with the same key get the same lean decision but for the name. A batch keys its
/// memo of decisions by it, so a shape seen before costs a lookup.
///
/// Per field the engine reads (`Engine.fieldsDeciding`): whether it is given and, when
/// given, either its value or, for a number the conditions only compare with constants
/// (`memory_mib > catalog.fargate.max_memory_mib`), which of the intervals between those
/// constants it falls in: 512 and 2,048 MiB decide alike when every condition asks only
/// "more than 10,240?", which a million services of a few hundred thousand shapes repeat.
/// A field not given is left out: its default is the same for every profile. Per label a
/// rule reads, its value when set. Messages quote the values read, so a decision with
/// messages is not keyed by this.
public struct LeanDecisionKey: Sendable {
    private enum Part: Sendable {
        case value(FieldSpec)
        /// Sorted, distinct constants; `number` reads the field as the conditions do.
        case interval(FieldSpec, thresholds: [Double], number: @Sendable (Profile) -> Double)
    }

    private let parts: [(bit: UInt64, part: Part)]
    private let labels: [String]

    /// `thresholds[f]`: the constants field `f` is compared with, or nil when some condition
    /// reads it otherwise (then its value is the key).
    init(fields: Set<ProfileField>, thresholds: [ProfileField: [Double]?], labels: Set<String>) {
        parts = ProfileField.allCases.filter { fields.contains($0) && $0 != .name && $0 != .labels }.map { field in
            if let found = thresholds[field], let constants = found, field.isNumber {
                return (field.bit, .interval(field.spec, thresholds: Array(Set(constants)).sorted(), number: Compiler.numberField(field)))
            }
            return (field.bit, .value(field.spec))
        }
        self.labels = labels.sorted()
    }

    /// The fields keyed by interval, with the constants that bound the intervals (for tests
    /// and docs); the others are keyed by value.
    public var intervals: [ProfileField: [Double]] {
        var out: [ProfileField: [Double]] = [:]
        for (_, part) in parts {
            if case .interval(let spec, let thresholds, _) = part { out[spec.field] = thresholds }
        }
        return out
    }

    /// Writes the key of `profile` into `out` (emptied first).
    public func write(_ profile: Profile, into out: inout JSONWriter) {
        out.reset()
        let given = profile.given.bits
        for (position, (bit, part)) in parts.enumerated() {
            guard given & bit != 0 else { continue }
            out.byte(UInt8(truncatingIfNeeded: position) &+ 0x02)
            switch part {
            case .value(let spec):
                // Each part delimits itself: a flag is one byte, a number a tag and eight (none:
                // the tag alone), a choice's spelling and JSON text hold no 0x00.
                switch spec.access {
                case .flag(let get, _): out.byte(get(profile) ? 1 : 0)
                case .choice(let choice): if let spelling = choice.get(profile) { out.rawText(spelling) }
                case .number(_, let get, _): Self.write(get(profile), into: &out)
                case .integer(_, _, let get, _): Self.write(get(profile).map(Double.init), into: &out)
                default: out.value(spec.value(in: profile))
                }
            case .interval(_, let thresholds, let number):
                let index = Self.interval(of: number(profile), among: thresholds)
                out.byte(UInt8(truncatingIfNeeded: index >> 8))
                out.byte(UInt8(truncatingIfNeeded: index))
            }
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

    private static func write(_ number: Double?, into out: inout JSONWriter) {
        guard let number else { return out.byte(0) }
        out.byte(1)
        withUnsafeBytes(of: number.bitPattern) { out.bytes.append(contentsOf: $0) }
    }

    /// The interval of `value` among sorted `thresholds`: twice the number of thresholds
    /// below it, plus one when it equals the next, so every comparison with every threshold
    /// (`<`, `<=`, `==`, `!=`, `>=`, `>`) comes out the same for values of one interval;
    /// unknown (NaN) is an interval of its own.
    static func interval(of value: Double, among thresholds: [Double]) -> Int {
        if value.isNaN { return 0xFFFF }
        var index = 0
        for t in thresholds {
            if value > t {
                index += 2
            } else {
                if value == t { index += 1 }
                break
            }
        }
        return index
    }
}

extension ProfileField {
    fileprivate var isNumber: Bool {
        switch spec.access {
        case .number, .integer: return true
        default: return false
        }
    }
}

extension Compiler {
    /// Adds what `c` reads of each field to `uses`: the constants a number field is compared
    /// with, or nil once some part of `c` reads the field any other way. Parts that fold to a
    /// constant at this date read nothing.
    func thresholds(_ c: Checked, into uses: inout [ProfileField: [Double]?]) {
        if constant(c) != nil { return }
        func exact(_ c: Checked) {
            switch c {
            case .field(let f): uses[f] = .some(nil)
            case .not(let a), .negate(let a): exact(a)
            case .logic(_, let a, let b), .compare(_, let a, let b, _), .arithmetic(_, let a, let b), .member(let a, let b, _):
                exact(a)
                exact(b)
            case .constant, .label, .catalog, .has, .hasLabel: break
            }
        }
        func compared(_ f: ProfileField, with constant: Double) {
            switch uses[f] {
            case .none: uses[f] = .some([constant])
            case .some(.some(var constants)):
                constants.append(constant)
                uses[f] = .some(constants)
            case .some(.none): break
            }
        }
        func compareWith(_ f: ProfileField, _ constant: Value) {
            if let number = constant.asDouble {
                compared(f, with: number)
            } else if uses[f] == nil {
                uses[f] = .some([])  // with an unknown fact: unknown whatever the field holds
            }
        }
        switch c {
        case .not(let a):
            thresholds(a, into: &uses)
        case .logic(_, let a, let b):
            thresholds(a, into: &uses)
            thresholds(b, into: &uses)
        case .compare(_, .field(let f), let b, .double) where constant(b) != nil:
            compareWith(f, constant(b)!)
        case .compare(_, let a, .field(let f), .double) where constant(a) != nil:
            compareWith(f, constant(a)!)
        case .compare(_, .field(let f), .constant(.null), .null), .compare(_, .constant(.null), .field(let f), .null):
            // Whether it is known: NaN has an interval of its own.
            if uses[f] == nil { uses[f] = .some([]) }
        case .has, .hasLabel, .constant, .catalog, .label:
            break
        default:
            exact(c)
        }
    }
}
