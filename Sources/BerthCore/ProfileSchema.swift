/// The workload profile's fields: the public contract documented in docs/profile.md.
/// Decoding, the rule type checker, the CSV columns and the questionnaire all read this table.
public enum ProfileField: String, CaseIterable, Codable, Sendable {
    case name, description, image, os, arch, vcpu
    case memoryMiB = "memory_mib"
    case gpuCount = "gpu_count"
    case ephemeralStorageGiB = "ephemeral_storage_gib"
    case trigger
    case maxDurationSeconds = "max_duration_seconds"
    case schedule
    case msBilling = "ms_billing"
    case avoidRuntimeManagement = "avoid_runtime_management"
    case distributedBatch = "distributed_batch"
    case execAccess = "exec_access"
    case privileged, purchasing
    case onpremInterop = "onprem_interop"
    case avoidInstanceManagement = "avoid_instance_management"
    case loadBalancer = "load_balancer"
    case port
    case healthCheckPath = "health_check_path"
    case minTasks = "min_tasks"
    case maxTasks = "max_tasks"
    case labels
    case environment, secrets
    // Usage, read by the cost (docs/cost.md), not by the built-in rules.
    case region
    case requestsPerMonth = "requests_per_month"
    case avgDurationMs = "avg_duration_ms"
    case avgTasks = "avg_tasks"

    case currentPlatform = "current_platform"
    case currentVariant = "current_variant"

    /// Position in `allCases` (and in `ProfileSchema.fields`). Decoding a million inventory
    /// rows asks for it on every cell, so it is the case's tag, which Swift assigns in
    /// declaration order (`ProfileSchemaTests` checks it against `allCases`).
    @inlinable public var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    public var bit: UInt64 { 1 << UInt64(index) }

    public var spec: FieldSpec { ProfileSchema.fields[index] }

    /// A map of text to text: `labels`, `environment`, `secrets`.
    public var isMap: Bool {
        if case .map = spec.access { return true }
        return false
    }

    /// The key in profile files, inventory columns and JSON.
    public var key: String { rawValue }
}

/// An enum-valued profile field's values: the raw value is the spelling in files.
public protocol ProfileChoice: RawRepresentable, CaseIterable, Hashable, Sendable, CustomStringConvertible
    where RawValue == String {}

extension ProfileChoice {
    /// Interpolated as spelt in files (`on_demand`, not the case name).
    public var description: String { rawValue }
}

public enum OperatingSystem: String, ProfileChoice { case linux, windows }
public enum Architecture: String, ProfileChoice { case x86_64, arm64 }
public enum Trigger: String, ProfileChoice { case http, event, schedule, worker }
public enum Purchasing: String, ProfileChoice {
    case onDemand = "on_demand", spot, reservedInstances = "reserved_instances", savingsPlans = "savings_plans"
}
public enum LoadBalancer: String, ProfileChoice { case none, alb, nlb, clb }

/// How one field is read from and written to a `Profile`: typed closures, so that the
/// decoder, the rule compiler, the writers and the questionnaire need no switch over fields.
public enum FieldAccess: Sendable {
    /// The profile's name (a DNS-1123 label).
    case name
    /// Free text; `get` is nil when the field was left out and has no default.
    case text(get: @Sendable (Profile) -> String?, set: @Sendable (inout Profile, String) -> Void)
    case choice(ChoiceAccess)
    case flag(get: @Sendable (Profile) -> Bool, set: @Sendable (inout Profile, Bool) -> Void)
    /// A whole number in `min...max`; `get` is nil when unknown.
    case integer(min: Int, max: Int, get: @Sendable (Profile) -> Int?, set: @Sendable (inout Profile, Int) -> Void)
    /// A number above (or from) a bound; `get` is nil when unknown.
    case number(NumberRange, get: @Sendable (Profile) -> Double?, set: @Sendable (inout Profile, Double) -> Void)
    /// A map of text to text (`labels`, `environment`, `secrets`), also written key by key
    /// as `FIELD.KEY`.
    case map(MapAccess)
}

/// A map-valued field: its entries, and what a key and a value must be.
public struct MapAccess: Sendable {
    public let get: @Sendable (Profile) -> [String: String]
    public let set: @Sendable (inout Profile, String, String) -> Void
    /// Why a key is refused (nil: accepted), with the error code to report.
    public let checkKey: @Sendable (String) -> (ProfileError.Code, String)?
    /// Why a value is refused (nil: accepted).
    public let checkValue: @Sendable (String) -> (ProfileError.Code, String)?
    /// The type as docs/profile.md states it.
    public let typeText: String

    public init(typeText: String, get: @escaping @Sendable (Profile) -> [String: String],
                set: @escaping @Sendable (inout Profile, String, String) -> Void,
                checkKey: @escaping @Sendable (String) -> (ProfileError.Code, String)? = { _ in nil },
                checkValue: @escaping @Sendable (String) -> (ProfileError.Code, String)? = { _ in nil }) {
        self.typeText = typeText
        self.get = get
        self.set = set
        self.checkKey = checkKey
        self.checkValue = checkValue
    }
}

/// A number field's bounds: `> min` when `exclusive`, else `>= min`; at most `max`.
public struct NumberRange: Sendable, Equatable {
    /// Whole: the fields' bounds are 0, and the schema writes them as integers.
    public let min: Int
    public let exclusive: Bool
    /// berth's own upper limit (docs/profile.md), or infinity.
    public let max: Double

    public init(min: Int, exclusive: Bool, max: Double = .infinity) {
        self.min = min
        self.exclusive = exclusive
        self.max = max
    }

    public static let positive = NumberRange(min: 0, exclusive: true)
    public static let nonNegative = NumberRange(min: 0, exclusive: false)

    public func contains(_ value: Double) -> Bool { (exclusive ? value > Double(min) : value >= Double(min)) && value <= max }

    /// `> 0`, `>= 0, at most 1024`, as docs and messages write the bounds.
    public var text: String {
        (exclusive ? "> " : ">= ") + String(min) + (max == .infinity ? "" : ", at most \(Value.format(max))")
    }
}

/// An enum-valued field, with its options spelt as in files.
public struct ChoiceAccess: Sendable {
    public let options: [String]
    /// nil when the field was left out and has no default (`current_platform`).
    public let get: @Sendable (Profile) -> String?
    /// Sets the field from its spelling; false when it is not one of `options`.
    public let set: @Sendable (inout Profile, String) -> Bool
    /// A test that the field equals one spelling, comparing enum cases; nil when the
    /// spelling is not an option.
    public let equals: @Sendable (String) -> (@Sendable (Profile) -> Bool)?

    public init<E: ProfileChoice>(_ type: E.Type, get: @escaping @Sendable (Profile) -> E,
                                  set: @escaping @Sendable (inout Profile, E) -> Void) {
        options = E.allCases.map(\.rawValue)
        self.get = { get($0).rawValue }
        self.set = { profile, text in
            guard let value = E(rawValue: text) else { return false }
            set(&profile, value)
            return true
        }
        equals = { text in
            guard let wanted = E(rawValue: text) else { return nil }
            return { get($0) == wanted }
        }
    }

    /// An optional field over spellings that are not one Swift enum's cases (a variant id
    /// names a variant only together with its platform).
    public init(options: [String], get: @escaping @Sendable (Profile) -> String?,
                set: @escaping @Sendable (inout Profile, String) -> Void) {
        self.options = options
        self.get = get
        self.set = { profile, text in
            guard options.contains(text) else { return false }
            set(&profile, text)
            return true
        }
        equals = { text in
            guard options.contains(text) else { return nil }
            return { get($0) == text }
        }
    }
}

/// The kind of value a field holds, with its range.
public enum FieldType: Sendable, Equatable {
    case string
    case dnsLabel
    case choice([String])
    case bool
    case integer(min: Int, max: Int)
    case number(NumberRange)
    case map

    /// What the rule language sees: the type checker compares against this.
    public var valueKind: ValueKind {
        switch self {
        case .string, .dnsLabel, .choice: return .string
        case .bool: return .bool
        case .integer: return .int
        case .number: return .double
        case .map: return .map
        }
    }
}

public enum ValueKind: String, CaseIterable, Sendable, Equatable {
    case null, bool, int, double, string, list, map
}

/// One row of the field table.
/// A class, not a struct: the hot loops of a batch read a spec per field per row, and
/// copying one (a default, its text and accessor closures) cost more than the read.
public final class FieldSpec: Sendable {
    public let field: ProfileField
    /// nil: the field has no default and is unknown when left out.
    public let defaultValue: Value?
    public let meaning: String
    public let access: FieldAccess
    public var required: Bool { field == .name }

    init(field: ProfileField, defaultValue: Value?, meaning: String, access: FieldAccess) {
        self.field = field
        self.defaultValue = defaultValue
        self.meaning = meaning
        self.access = access
    }

    public var type: FieldType {
        switch access {
        case .name: return .dnsLabel
        case .text: return .string
        case .choice(let choice): return .choice(choice.options)
        case .flag: return .bool
        case .integer(let min, let max, _, _): return .integer(min: min, max: max)
        case .number(let range, _, _): return .number(range)
        case .map: return .map
        }
    }

    /// The type as docs/profile.md states it.
    public var typeText: String {
        switch access {
        case .name: return "string, **required**"
        case .text: return "string"
        case .choice(let choice): return choice.options.map { "`\($0)`" }.joined(separator: ", ")
        case .flag: return "bool"
        case .integer(let min, let max, _, _):
            if max != Int.max { return "integer \(min)-\(max)" }
            return min == 0 ? "integer >= 0" : "integer >= \(min)"
        case .number(let range, _, _): return "number \(range.text)"
        case .map(let map): return map.typeText
        }
    }

    /// The default as docs/profile.md states it.
    public var defaultText: String {
        if case .map = access { return "`{}`" }
        guard let value = defaultValue else { return required ? "" : "unknown" }
        if case .string(let text) = value, text.isEmpty { return "`\"\"`" }
        return "`\(value.plainText)`"
    }

    /// The value a rule sees for this field of a profile.
    public func value(in profile: Profile) -> Value {
        switch access {
        case .name: return .string(profile.name)
        case .text(let get, _): return get(profile).map(Value.string) ?? defaultValue ?? .null
        case .choice(let choice): return choice.get(profile).map(Value.string) ?? .null
        case .flag(let get, _): return .bool(get(profile))
        case .integer(_, _, let get, _): return get(profile).map(Value.int) ?? .null
        case .number(_, let get, _): return get(profile).map(Value.double) ?? .null
        case .map: return .null
        }
    }
}

/// The profile's fields, one row each: the public contract documented in docs/profile.md
/// (whose field table is checked against this one). Adding a field is a `ProfileField`
/// case, its `Profile` property, and its row here.
public enum ProfileSchema {
    public static let operatingSystems = OperatingSystem.allCases.map(\.rawValue)
    public static let architectures = Architecture.allCases.map(\.rawValue)
    public static let triggers = Trigger.allCases.map(\.rawValue)
    public static let purchasingOptions = Purchasing.allCases.map(\.rawValue)
    public static let loadBalancers = LoadBalancer.allCases.map(\.rawValue)

    /// Upper bounds no AWS compute offer reaches (docs/profile.md, "Upper bounds"): berth's own
    /// limits, so that generators' integer arithmetic cannot overflow.
    public static let maxVCPU: Double = 1024
    /// 24 TiB.
    public static let maxMemoryMiB = 24 * 1024 * 1024

    /// In `ProfileField.allCases` order.
    public static let fields: [FieldSpec] = [
        FieldSpec(field: .name, defaultValue: nil,
                  meaning: "DNS-1123 label: lowercase letters, digits and `-`, at most 63, starting with a letter and ending with a letter or digit; valid as an ECS family and a Kubernetes name", access: .name),
        FieldSpec(field: .description, defaultValue: .string(""), meaning: "free text",
                  access: .text(get: { $0.description }, set: { $0.description = $1 })),
        FieldSpec(field: .image, defaultValue: .string(""), meaning: "container image URI; generators write a marked placeholder when it is left out",
                  access: .text(get: { $0.image }, set: { $0.image = $1 })),
        FieldSpec(field: .os, defaultValue: .string("linux"), meaning: "operating system of the container",
                  access: .choice(ChoiceAccess(OperatingSystem.self, get: { $0.os }, set: { $0.os = $1 }))),
        FieldSpec(field: .arch, defaultValue: .string("x86_64"), meaning: "CPU architecture",
                  access: .choice(ChoiceAccess(Architecture.self, get: { $0.arch }, set: { $0.arch = $1 }))),
        FieldSpec(field: .vcpu, defaultValue: .double(0.5), meaning: "vCPUs per task",
                  access: .number(NumberRange(min: 0, exclusive: true, max: ProfileSchema.maxVCPU), get: { $0.vcpu }, set: { $0.vcpu = $1 })),
        FieldSpec(field: .memoryMiB, defaultValue: .int(1024), meaning: "memory per task, MiB",
                  access: .integer(min: 1, max: ProfileSchema.maxMemoryMiB, get: { $0.memoryMiB }, set: { $0.memoryMiB = $1 })),
        FieldSpec(field: .gpuCount, defaultValue: .int(0), meaning: "GPUs per task",
                  access: .integer(min: 0, max: 64, get: { $0.gpuCount }, set: { $0.gpuCount = $1 })),
        FieldSpec(field: .ephemeralStorageGiB, defaultValue: .int(20), meaning: "local disk per task, GiB",
                  access: .integer(min: 1, max: 65_536, get: { $0.ephemeralStorageGiB }, set: { $0.ephemeralStorageGiB = $1 })),
        FieldSpec(field: .trigger, defaultValue: .string("http"),
                  meaning: "`http` serves requests; `event` reacts to events (queues, uploads, notifications); `schedule` runs on a timer; `worker` is a long-running process with no trigger",
                  access: .choice(ChoiceAccess(Trigger.self, get: { $0.trigger }, set: { $0.trigger = $1 }))),
        FieldSpec(field: .maxDurationSeconds, defaultValue: nil,
                  meaning: "longest single unit of work (request, event, job run) in seconds",
                  access: .integer(min: 1, max: 31_536_000, get: { $0.maxDurationSeconds }, set: { $0.maxDurationSeconds = $1 })),
        FieldSpec(field: .schedule, defaultValue: nil,
                  meaning: "when a `schedule` workload runs: an EventBridge Scheduler `cron(...)` or `rate(...)` expression (UTC); unknown: its skeleton has a marked placeholder",
                  access: .text(get: { $0.schedule }, set: { $0.schedule = $1 })),
        FieldSpec(field: .msBilling, defaultValue: .bool(false), meaning: "wants to pay per millisecond of compute",
                  access: .flag(get: { $0.msBilling }, set: { $0.msBilling = $1 })),
        FieldSpec(field: .avoidRuntimeManagement, defaultValue: .bool(false), meaning: "does not want to manage a language runtime",
                  access: .flag(get: { $0.avoidRuntimeManagement }, set: { $0.avoidRuntimeManagement = $1 })),
        FieldSpec(field: .distributedBatch, defaultValue: .bool(false), meaning: "fan-out batch computing",
                  access: .flag(get: { $0.distributedBatch }, set: { $0.distributedBatch = $1 })),
        FieldSpec(field: .execAccess, defaultValue: .bool(false), meaning: "operators need a shell in running containers (`docker exec`)",
                  access: .flag(get: { $0.execAccess }, set: { $0.execAccess = $1 })),
        FieldSpec(field: .privileged, defaultValue: .bool(false), meaning: "needs privileged containers or host access",
                  access: .flag(get: { $0.privileged }, set: { $0.privileged = $1 })),
        FieldSpec(field: .purchasing, defaultValue: .string("on_demand"), meaning: "how compute is bought",
                  access: .choice(ChoiceAccess(Purchasing.self, get: { $0.purchasing }, set: { $0.purchasing = $1 }))),
        FieldSpec(field: .onpremInterop, defaultValue: .bool(false), meaning: "the same workload must also run in the company's own data center",
                  access: .flag(get: { $0.onpremInterop }, set: { $0.onpremInterop = $1 })),
        FieldSpec(field: .avoidInstanceManagement, defaultValue: .bool(true), meaning: "does not want to manage EC2 instances",
                  access: .flag(get: { $0.avoidInstanceManagement }, set: { $0.avoidInstanceManagement = $1 })),
        FieldSpec(field: .loadBalancer, defaultValue: .string("none"), meaning: "load balancer in front of the service",
                  access: .choice(ChoiceAccess(LoadBalancer.self, get: { $0.loadBalancer }, set: { $0.loadBalancer = $1 }))),
        FieldSpec(field: .port, defaultValue: .int(8080), meaning: "container port",
                  access: .integer(min: 1, max: 65535, get: { $0.port }, set: { $0.port = $1 })),
        FieldSpec(field: .healthCheckPath, defaultValue: nil,
                  meaning: "HTTP path that answers 200 when the service is healthy (`/healthz`); unknown: skeletons check the port only",
                  access: .text(get: { $0.healthCheckPath }, set: { $0.healthCheckPath = $1 })),
        FieldSpec(field: .minTasks, defaultValue: .int(1), meaning: "fewest running tasks (scaling bound)",
                  access: .integer(min: 0, max: 100_000, get: { $0.minTasks }, set: { $0.minTasks = $1 })),
        FieldSpec(field: .maxTasks, defaultValue: .int(4), meaning: "most running tasks (scaling bound); at least `min_tasks`",
                  access: .integer(min: 1, max: 100_000, get: { $0.maxTasks }, set: { $0.maxTasks = $1 })),
        FieldSpec(field: .labels, defaultValue: nil, meaning: "free-form; rules read them as `labels.KEY` (the built-in packs read `labels.kubernetes: \"yes\"`: the team already runs Kubernetes)",
                  access: .map(MapAccess(typeText: "map of string to string", get: { $0.labels }, set: { $0.labels[$1] = $2 }))),
        FieldSpec(field: .environment, defaultValue: nil,
                  meaning: "plain environment variables of the container, `NAME: value`; never put secrets here",
                  access: .map(MapAccess(typeText: "map of variable name to string", get: { $0.environment }, set: { $0.environment[$1] = $2 },
                                         checkKey: ProfileSchema.variableNameProblem))),
        FieldSpec(field: .secrets, defaultValue: nil,
                  meaning: "secrets the container reads as environment variables, `NAME: secret`: the name or ARN of a Secrets Manager secret or an SSM parameter, never its value",
                  access: .map(MapAccess(typeText: "map of variable name to secret name or ARN", get: { $0.secrets }, set: { $0.secrets[$1] = $2 },
                                         checkKey: ProfileSchema.variableNameProblem, checkValue: ProfileSchema.secretReferenceProblem))),
        FieldSpec(field: .region, defaultValue: .string("us-east-1"),
                  meaning: "AWS region the workload is priced in: `us-east-1` or `ap-northeast-1` with the bundled prices, or a region a `--prices` file adds; checked against the price catalog when a decision is priced",
                  access: .text(get: { $0.region }, set: { $0.region = $1 })),
        FieldSpec(field: .requestsPerMonth, defaultValue: nil, meaning: "units of work a month (requests, events, job runs); unknown: Lambda and event-driven containers are not priced",
                  access: .number(.nonNegative, get: { $0.requestsPerMonth }, set: { $0.requestsPerMonth = $1 })),
        FieldSpec(field: .avgDurationMs, defaultValue: nil, meaning: "average duration of one unit of work, ms; unknown: as for `requests_per_month`",
                  access: .number(.positive, get: { $0.avgDurationMs }, set: { $0.avgDurationMs = $1 })),
        FieldSpec(field: .avgTasks, defaultValue: nil, meaning: "average running tasks of a long-running service (`http`, `worker`) on a container platform; unknown: `min_tasks`",
                  access: .number(.nonNegative, get: { $0.avgTasks }, set: { $0.avgTasks = $1 })),

        FieldSpec(field: .currentPlatform, defaultValue: nil, meaning: "the platform the service runs on today; `berth check` compares it with the recommendation",
                  access: .choice(ChoiceAccess(options: Platform.allCases.map(\.id), get: { $0.currentPlatform?.id },
                                               set: { $0.currentPlatform = Platform(rawValue: $1) }))),
        FieldSpec(field: .currentVariant, defaultValue: nil, meaning: "the variant of `current_platform` it runs as today (docs/decision.md); needs `current_platform`",
                  access: .choice(ChoiceAccess(options: Variant.ids, get: { $0.currentVariantID },
                                               set: { $0.currentVariantID = $1 }))),
    ]

    /// The field table of docs/profile.md, in Markdown (a test keeps the doc equal to it).
    public static var markdownTable: String {
        var out = "| field | type | default | meaning |\n|---|---|---|---|\n"
        for spec in fields {
            out += "| `\(spec.field.key)` | \(spec.typeText) | \(spec.defaultText) | \(spec.meaning) |\n"
        }
        return out
    }

    public static let spec: [ProfileField: FieldSpec] = Dictionary(uniqueKeysWithValues: fields.map { ($0.field, $0) })
    public static let byName: [String: ProfileField] = Dictionary(uniqueKeysWithValues: ProfileField.allCases.map { ($0.rawValue, $0) })

    /// The closest field name to a misspelt one, or nil when nothing is close. A misspelt
    /// map field before a dot is one too: `label.team` -> `labels.team`.
    public static func suggestion(for key: String) -> String? {
        fieldHint(for: key, floor: 2)
    }

    /// The field (or `MAP.KEY` of a map field) an inventory column or key not in the schema
    /// was most likely meant to be; nil when it is unrelated to every field (`owner_email`,
    /// `cost_center`, `id`), so that the inventory may keep it as a label.
    ///
    /// The same search as `suggestion(for:)`, with a tighter bound on the edit distance:
    /// a third of the name, but 1 rather than 2 for names under 6 characters, because 2 edits
    /// turn `id` and `host` into `os` and `notes` into `name`, which a spreadsheet column
    /// rarely means. A part of a field's name (`memory`, `gpus`, `cpu`) is still a near miss.
    public static func nearMiss(for key: String) -> String? {
        fieldHint(for: key, floor: 1)
    }

    private static func fieldHint(for key: String, floor: Int) -> String? {
        if let hint = closest(to: key, among: ProfileField.allCases.map(\.rawValue), floor: floor) { return hint }
        guard let dot = key.firstIndex(of: "."), dot != key.startIndex else { return nil }
        let maps = ProfileField.allCases.filter(\.isMap).map(\.rawValue)
        return closest(to: String(key[..<dot]), among: maps, floor: floor).map { $0 + key[dot...] }
    }

    /// The closest of `candidates` to `word`: first a candidate containing the word's stem
    /// (`gpus` -> `gpu_count`, `memory` -> `memory_mib`), else the nearest by edit distance,
    /// within a third of the word's length and at least `floor`.
    public static func closest(to word: String, among candidates: [String], floor: Int = 2) -> String? {
        var stem = word.lowercased().replacingOccurrences(of: "-", with: "_")
        if stem.count > 3, stem.hasSuffix("s") { stem.removeLast() }
        if stem.count >= 3, let hit = candidates.first(where: { $0.contains(stem) }) { return hit }
        let scored = candidates.map { ($0, editDistance(stem, $0)) }.min { $0.1 < $1.1 }
        guard let best = scored, best.1 <= max(floor, stem.count / 3) else { return nil }
        return best.0
    }

    /// Edits (insert, delete, replace, or swap two neighbours) from `a` to `b`: the optimal
    /// string alignment distance, so that a swapped pair (`vpcu`, `memroy`), the commonest
    /// typo, costs one edit rather than two.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = Array(0...b.count)
        var previous = beforePrevious
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
