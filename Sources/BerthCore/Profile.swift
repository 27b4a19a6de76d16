/// Where one profile value came from.
public enum FieldSource: Hashable, Codable, Sendable {
    /// Written in a profile file or inventory row (at this place, when known).
    case given(SourceLocation?)
    /// Typed by a person at the questionnaire's prompt.
    case person
    /// Read from a questionnaire answers file at this place.
    case answersFile(SourceLocation)
    /// Converted by `berth import` from another format's key at this place, by this rule
    /// (`limits.cpu 500m -> vcpu 0.5`).
    case imported(SourceLocation, rule: String)
    /// Left out; the schema's default applies.
    case defaulted
    /// Left out, and the field has no default: unknown.
    case unknown

    public var isAssumed: Bool { self == .defaulted || self == .unknown }

    /// The place in a file the value was read from, when there is one.
    public var location: SourceLocation? {
        switch self {
        case .given(let at): return at
        case .answersFile(let at), .imported(let at, _): return at
        case .person, .defaulted, .unknown: return nil
        }
    }
}

/// A set of profile fields, as a bit mask: cheap enough to carry on every inventory row.
public struct FieldSet: Hashable, Sendable, Sequence {
    public var bits: UInt64
    public init(bits: UInt64 = 0) { self.bits = bits }
    public func contains(_ field: ProfileField) -> Bool { bits & field.bit != 0 }
    public mutating func insert(_ field: ProfileField) { bits |= field.bit }
    public func makeIterator() -> IndexingIterator<[ProfileField]> {
        ProfileField.allCases.filter { contains($0) }.makeIterator()
    }
}

/// A typed, validated workload profile. Every way in (file, inventory row, questionnaire)
/// produces one; build it with `ProfileDecoder`.
public struct Profile: Hashable, Sendable {
    public var name: String
    public var description: String = ""
    /// nil: not given; generators write a marked placeholder.
    public var image: String? = nil
    public var os: OperatingSystem = .linux
    public var arch: Architecture = .x86_64
    public var vcpu: Double = 0.5
    public var memoryMiB: Int = 1024
    public var gpuCount: Int = 0
    public var ephemeralStorageGiB: Int = 20
    public var trigger: Trigger = .http
    /// nil: unknown.
    public var maxDurationSeconds: Int? = nil
    /// An EventBridge Scheduler expression, checked by the decoder; nil: unknown.
    public var schedule: String? = nil
    public var msBilling = false
    public var avoidRuntimeManagement = false
    public var distributedBatch = false
    public var execAccess = false
    public var privileged = false
    public var purchasing: Purchasing = .onDemand
    public var onpremInterop = false
    public var avoidInstanceManagement = true
    public var loadBalancer: LoadBalancer = .none
    public var port: Int = 8080
    /// nil: unknown; skeletons check the port only.
    public var healthCheckPath: String? = nil
    public var minTasks: Int = 1
    public var maxTasks: Int = 4
    public var labels: [String: String] = [:]
    /// Plain environment variables of the container.
    public var environment: [String: String] = [:]
    /// Environment variable name -> the name or ARN of the secret it is read from (never a value).
    public var secrets: [String: String] = [:]
    /// Checked against the price catalog's regions when a decision is priced, since a
    /// `--prices` file may add regions.
    public var region = "us-east-1"
    /// Usage; nil: unknown (docs/cost.md).
    public var requestsPerMonth: Double? = nil
    public var avgDurationMs: Double? = nil
    /// nil: `min_tasks`.
    public var avgTasks: Double? = nil

    /// Where the service runs today; nil: not given.
    public var currentPlatform: Platform? = nil
    /// The id of its variant within `currentPlatform` (the decoder checks the pair).
    public var currentVariantID: String? = nil
    public var currentVariant: Variant? {
        guard let currentPlatform, let currentVariantID else { return nil }
        return Variant(platform: currentPlatform, id: currentVariantID)
    }

    /// Fields that were written (in a file, a row or an answer) rather than defaulted.
    public var given = FieldSet()
    /// Where given fields came from, when known (files and the questionnaire fill it;
    /// inventory rows leave it empty for speed and report their row instead).
    public var sources: [ProfileField: FieldSource] = [:]

    public init(name: String) { self.name = name }

    /// The value a rule sees for a field.
    public func value(of field: ProfileField) -> Value {
        field.spec.value(in: self)
    }

    /// Where a field's value came from.
    public func source(of field: ProfileField) -> FieldSource {
        if let known = sources[field] { return known }
        if given.contains(field) { return .given(nil) }
        return field.spec.defaultValue == nil ? .unknown : .defaulted
    }

    /// True when the field was given rather than defaulted or unknown (CEL's `has()`).
    public func has(_ field: ProfileField) -> Bool {
        if case .map(let map) = field.spec.access { return !map.get(self).isEmpty }
        return given.contains(field)
    }

    /// The profile as a plain ordered list of (field, value) for output: every field,
    /// defaults included, but the maps (`labels`, `environment`, `secrets`). Used by JSON
    /// output and the store.
    public var fieldValues: [(ProfileField, Value)] {
        ProfileField.allCases.filter { !$0.isMap }.map { ($0, value(of: $0)) }
    }
}
