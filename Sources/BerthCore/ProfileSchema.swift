/// The workload profile's fields: the public contract documented in docs/profile.md.
/// Decoding, the rule type checker, the CSV columns and the questionnaire all read this table.
public enum ProfileField: String, CaseIterable, Codable, Sendable {
    case name, description, image, os, arch, vcpu
    case memoryMiB = "memory_mib"
    case gpuCount = "gpu_count"
    case ephemeralStorageGiB = "ephemeral_storage_gib"
    case trigger
    case maxDurationSeconds = "max_duration_seconds"
    case msBilling = "ms_billing"
    case avoidRuntimeManagement = "avoid_runtime_management"
    case distributedBatch = "distributed_batch"
    case execAccess = "exec_access"
    case privileged, purchasing
    case onpremInterop = "onprem_interop"
    case avoidInstanceManagement = "avoid_instance_management"
    case loadBalancer = "load_balancer"
    case port
    case minTasks = "min_tasks"
    case maxTasks = "max_tasks"
    case labels

    /// Position in `allCases` (and in `ProfileSchema.fields`): a switch, not a lookup, since
    /// decoding a million inventory rows asks for it on every cell.
    public var index: Int {
        switch self {
        case .name: return 0
        case .description: return 1
        case .image: return 2
        case .os: return 3
        case .arch: return 4
        case .vcpu: return 5
        case .memoryMiB: return 6
        case .gpuCount: return 7
        case .ephemeralStorageGiB: return 8
        case .trigger: return 9
        case .maxDurationSeconds: return 10
        case .msBilling: return 11
        case .avoidRuntimeManagement: return 12
        case .distributedBatch: return 13
        case .execAccess: return 14
        case .privileged: return 15
        case .purchasing: return 16
        case .onpremInterop: return 17
        case .avoidInstanceManagement: return 18
        case .loadBalancer: return 19
        case .port: return 20
        case .minTasks: return 21
        case .maxTasks: return 22
        case .labels: return 23
        }
    }

    public var bit: UInt32 { 1 << UInt32(index) }

    public var spec: FieldSpec { ProfileSchema.fields[index] }
}

/// The kind of value a field holds, with its range.
public enum FieldType: Sendable, Equatable {
    case string
    case dnsLabel
    case choice([String])
    case bool
    case integer(min: Int, max: Int)
    /// A number strictly greater than zero.
    case positiveNumber
    case labels

    /// What the rule language sees: the type checker compares against this.
    public var valueKind: ValueKind {
        switch self {
        case .string, .dnsLabel, .choice: return .string
        case .bool: return .bool
        case .integer: return .int
        case .positiveNumber: return .double
        case .labels: return .map
        }
    }
}

public enum ValueKind: String, Sendable, Equatable {
    case null, bool, int, double, string, list, map
}

public struct FieldSpec: Sendable {
    public let field: ProfileField
    public let type: FieldType
    /// nil: the field has no default and is unknown when left out.
    public let defaultValue: Value?
    public let meaning: String
    public var required: Bool { field == .name }
}

public enum ProfileSchema {
    public static let operatingSystems = ["linux", "windows"]
    public static let architectures = ["x86_64", "arm64"]
    public static let triggers = ["http", "event", "schedule", "worker"]
    public static let purchasingOptions = ["on_demand", "spot", "reserved_instances", "savings_plans"]
    public static let loadBalancers = ["none", "alb", "nlb", "clb"]

    public static let fields: [FieldSpec] = [
        FieldSpec(field: .name, type: .dnsLabel, defaultValue: nil,
                  meaning: "DNS-1123 label: lowercase letters, digits and '-', at most 63, starts with a letter"),
        FieldSpec(field: .description, type: .string, defaultValue: .string(""), meaning: "free text"),
        FieldSpec(field: .image, type: .string, defaultValue: .string(""), meaning: "container image URI (a placeholder when left out)"),
        FieldSpec(field: .os, type: .choice(operatingSystems), defaultValue: .string("linux"), meaning: "operating system of the container"),
        FieldSpec(field: .arch, type: .choice(architectures), defaultValue: .string("x86_64"), meaning: "CPU architecture"),
        FieldSpec(field: .vcpu, type: .positiveNumber, defaultValue: .double(0.5), meaning: "vCPUs per task"),
        FieldSpec(field: .memoryMiB, type: .integer(min: 1, max: Int.max), defaultValue: .int(1024), meaning: "memory per task in MiB"),
        FieldSpec(field: .gpuCount, type: .integer(min: 0, max: Int.max), defaultValue: .int(0), meaning: "GPUs per task"),
        FieldSpec(field: .ephemeralStorageGiB, type: .integer(min: 1, max: Int.max), defaultValue: .int(20), meaning: "local disk per task in GiB"),
        FieldSpec(field: .trigger, type: .choice(triggers), defaultValue: .string("http"),
                  meaning: "http: serves requests; event: reacts to events; schedule: runs on a timer; worker: long-running process with no trigger"),
        FieldSpec(field: .maxDurationSeconds, type: .integer(min: 1, max: Int.max), defaultValue: nil,
                  meaning: "longest single unit of work (request, event, job run) in seconds"),
        FieldSpec(field: .msBilling, type: .bool, defaultValue: .bool(false), meaning: "wants to pay per millisecond of compute"),
        FieldSpec(field: .avoidRuntimeManagement, type: .bool, defaultValue: .bool(false), meaning: "does not want to manage a language runtime"),
        FieldSpec(field: .distributedBatch, type: .bool, defaultValue: .bool(false), meaning: "fan-out batch computing"),
        FieldSpec(field: .execAccess, type: .bool, defaultValue: .bool(false), meaning: "operators need a shell in running containers (docker exec)"),
        FieldSpec(field: .privileged, type: .bool, defaultValue: .bool(false), meaning: "needs privileged containers or host access"),
        FieldSpec(field: .purchasing, type: .choice(purchasingOptions), defaultValue: .string("on_demand"), meaning: "how compute is bought"),
        FieldSpec(field: .onpremInterop, type: .bool, defaultValue: .bool(false), meaning: "the same workload must also run in the company's own data center"),
        FieldSpec(field: .avoidInstanceManagement, type: .bool, defaultValue: .bool(true), meaning: "does not want to manage EC2 instances"),
        FieldSpec(field: .loadBalancer, type: .choice(loadBalancers), defaultValue: .string("none"), meaning: "load balancer in front of the service"),
        FieldSpec(field: .port, type: .integer(min: 1, max: 65535), defaultValue: .int(8080), meaning: "container port"),
        FieldSpec(field: .minTasks, type: .integer(min: 0, max: Int.max), defaultValue: .int(1), meaning: "fewest running tasks"),
        FieldSpec(field: .maxTasks, type: .integer(min: 1, max: Int.max), defaultValue: .int(4), meaning: "most running tasks"),
        FieldSpec(field: .labels, type: .labels, defaultValue: nil, meaning: "map of string to string, free-form; readable by rules as labels.KEY"),
    ]

    public static let spec: [ProfileField: FieldSpec] = Dictionary(uniqueKeysWithValues: fields.map { ($0.field, $0) })
    public static let byName: [String: ProfileField] = Dictionary(uniqueKeysWithValues: ProfileField.allCases.map { ($0.rawValue, $0) })

    /// The closest field name to a misspelt one, or nil when nothing is close.
    public static func suggestion(for key: String) -> String? {
        closest(to: key, among: ProfileField.allCases.map(\.rawValue))
    }

    /// The closest of `candidates` to `word`: first a candidate containing the word's stem
    /// (`gpus` -> `gpu_count`, `memory` -> `memory_mib`), else the nearest by edit distance.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        var stem = word.lowercased().replacingOccurrences(of: "-", with: "_")
        if stem.count > 3, stem.hasSuffix("s") { stem.removeLast() }
        if stem.count >= 3, let hit = candidates.first(where: { $0.contains(stem) }) { return hit }
        let scored = candidates.map { ($0, editDistance(stem, $0)) }.min { $0.1 < $1.1 }
        guard let best = scored, best.1 <= max(2, stem.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
