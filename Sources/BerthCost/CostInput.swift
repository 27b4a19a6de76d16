import BerthCore
import Foundation

extension Variant {
    /// The variant, or an `unknown-variant` error listing the platform's variants.
    public static func named(platform: String, id: String) throws -> Variant {
        if let variant = Variant(platform: platform, id: id) { return variant }
        let ids = allCases.filter { $0.platform.rawValue == platform }.map(\.id)
        if ids.isEmpty {
            throw CostError(.unknownVariant, at: nil, field: "platform",
                            "unknown platform '\(platform)'; platforms: \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        throw CostError(.unknownVariant, at: nil, field: "variant",
                        "unknown variant '\(id)' of \(platform); its variants: \(ids.joined(separator: ", "))")
    }
}

/// What one candidate is priced from: the workload as the profile states it, its usage, and
/// where and when. A plain value, so callers map their own profile type onto it.
public struct CostInput: Sendable, Hashable {
    public typealias OS = OperatingSystem
    public typealias Arch = Architecture
    public typealias Trigger = BerthCore.Trigger
    public typealias Purchasing = BerthCore.Purchasing
    public typealias LoadBalancer = BerthCore.LoadBalancer

    /// The vCPUs containers get when the profile states none (the profile's default).
    public static let defaultVCPU = 0.5

    public var variant: Variant
    public var os: OS
    public var arch: Arch
    /// vCPUs per task as the profile states them; nil when it does not. Containers then take
    /// `defaultVCPU`; Lambda's CPU follows its memory, raised only for a stated vcpu.
    public var vcpu: Double?
    public var memoryMiB: Int
    public var gpuCount: Int
    public var ephemeralStorageGiB: Int
    public var trigger: Trigger
    public var purchasing: Purchasing
    public var loadBalancer: LoadBalancer
    public var region: String
    /// Units of work a month (requests, events, job runs); nil when unknown.
    public var requestsPerMonth: Double?
    /// Average duration of one unit of work in ms; nil when unknown.
    public var avgDurationMs: Double?
    /// Average running tasks of a long-running service; nil means `minTasks`.
    public var avgTasks: Double?
    public var minTasks: Int
    /// The date prices are taken at, YYYY-MM-DD.
    public var date: String
    /// Subtract Lambda's monthly free tier (`--free-tier`).
    public var freeTier: Bool
    /// Services sharing one EKS cluster (`--services-per-cluster N`). Default 1: the cluster
    /// serves this workload alone, since berth does not guess how many others share it.
    public var servicesPerCluster: Int

    public init(variant: Variant, os: OS = .linux, arch: Arch = .x86_64, vcpu: Double? = nil, memoryMiB: Int = 1024,
                gpuCount: Int = 0, ephemeralStorageGiB: Int = 20, trigger: Trigger = .http, purchasing: Purchasing = .onDemand,
                loadBalancer: LoadBalancer = .none, region: String = "us-east-1", requestsPerMonth: Double? = nil,
                avgDurationMs: Double? = nil, avgTasks: Double? = nil, minTasks: Int = 1, date: String,
                freeTier: Bool = false, servicesPerCluster: Int = 1) {
        self.variant = variant
        self.os = os
        self.arch = arch
        self.vcpu = vcpu
        self.memoryMiB = memoryMiB
        self.gpuCount = gpuCount
        self.ephemeralStorageGiB = ephemeralStorageGiB
        self.trigger = trigger
        self.purchasing = purchasing
        self.loadBalancer = loadBalancer
        self.region = region
        self.requestsPerMonth = requestsPerMonth
        self.avgDurationMs = avgDurationMs
        self.avgTasks = avgTasks
        self.minTasks = minTasks
        self.date = date
        self.freeTier = freeTier
        self.servicesPerCluster = servicesPerCluster
    }

    /// The usage fields a caller may read from text (a profile, a flag, an answer).
    public enum UsageField: String, Sendable, CaseIterable {
        case requestsPerMonth = "requests_per_month"
        case avgDurationMs = "avg_duration_ms"
        case avgTasks = "avg_tasks"
        case servicesPerCluster = "services_per_cluster"
    }

    /// Reads a usage value from text: a plain decimal number, >= 0 (`avg_duration_ms` > 0;
    /// `services_per_cluster` a whole number >= 1). Errors name `field` and `location`.
    public static func usage(_ text: String, field: UsageField, at location: SourceLocation? = nil) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }),
              let value = Double(trimmed), value.isFinite else {
            throw CostError(.notANumber, at: location, field: field.rawValue, "\(field.rawValue) must be a number, got '\(text)'")
        }
        try check(value, field, at: location)
        return value
    }

    static func check(_ value: Double, _ field: UsageField, at location: SourceLocation?) throws {
        let name = field.rawValue
        guard value.isFinite else { throw CostError(.notANumber, at: location, field: name, "\(name) must be a number, got \(value)") }
        switch field {
        case .avgDurationMs where value <= 0:
            throw CostError(.outOfRange, at: location, field: name, "\(name) must be above 0, got \(Money.text(value))")
        case .servicesPerCluster where value < 1 || value != value.rounded():
            throw CostError(.outOfRange, at: location, field: name, "\(name) is a whole number >= 1, got \(Money.text(value))")
        case _ where value < 0:
            throw CostError(.outOfRange, at: location, field: name, "\(name) cannot be negative, got \(Money.text(value))")
        default:
            return
        }
    }

    /// Refuses input no price can be computed from: negative or non-finite usage, a bad date.
    /// (An unknown region is refused against the catalog, which knows the priced regions.)
    func validate() throws {
        if let r = requestsPerMonth { try Self.check(r, .requestsPerMonth, at: nil) }
        if let d = avgDurationMs { try Self.check(d, .avgDurationMs, at: nil) }
        if let t = avgTasks { try Self.check(t, .avgTasks, at: nil) }
        try Self.check(Double(servicesPerCluster), .servicesPerCluster, at: nil)
        if let vcpu, !(vcpu.isFinite && vcpu > 0) {
            throw CostError(.outOfRange, at: nil, field: "vcpu", "vcpu must be a number above 0, got \(vcpu)")
        }
        for (name, value, least) in [("memory_mib", memoryMiB, 1), ("gpu_count", gpuCount, 0),
                                     ("ephemeral_storage_gib", ephemeralStorageGiB, 1), ("min_tasks", minTasks, 0)] where value < least {
            throw CostError(.outOfRange, at: nil, field: name, "\(name) must be at least \(least), got \(value)")
        }
        _ = try Self.checkedDate(date)
    }

    /// `date` if it is a real YYYY-MM-DD day, else a `bad-date` error.
    static func checkedDate(_ date: String) throws -> String {
        guard date.count == 10, let day = normalise(date: date) else {
            throw CostError(.badDate, at: nil, field: "date", "the date is YYYY-MM-DD, got '\(date)'")
        }
        return day
    }

    /// `2021-10` -> `2021-10-01`; a valid `YYYY-MM-DD` stays; anything else is nil.
    static func normalise(date: String) -> String? {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              parts[0].count == 4, let year = Int(parts[0]), year > 1900,
              parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        if parts.count == 2 { return date + "-01" }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard parts[2].count == 2, let day = Int(parts[2]), (1...days).contains(day) else { return nil }
        return date
    }
}
