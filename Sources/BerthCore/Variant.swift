/// A platform's data plane and capacity: where within the platform the workload runs. Each
/// variant belongs to one platform; its id (`managed-instances`) is a public contract,
/// unique within the platform. Adding a variant is one case here, its catalog facts, and its
/// generator.
public enum Variant: String, CaseIterable, Codable, Sendable {
    case lambdaOnDemand = "lambda/on-demand"
    case lambdaManagedInstances = "lambda/managed-instances"
    case fargateOnDemand = "fargate/on-demand"
    case fargateSpot = "fargate/spot"
    case ecsSelfManaged = "ecs-ec2/self-managed"
    case ecsManagedInstances = "ecs-ec2/managed-instances"
    case ecsAnywhere = "ecs-ec2/anywhere"
    case eksEC2Nodes = "eks/ec2-nodes"
    case eksAutoMode = "eks/auto-mode"
    case eksFargate = "eks/fargate"
    case eksHybridNodes = "eks/hybrid-nodes"

    public var platform: Platform {
        switch self {
        case .lambdaOnDemand, .lambdaManagedInstances: return .lambda
        case .fargateOnDemand, .fargateSpot: return .fargate
        case .ecsSelfManaged, .ecsManagedInstances, .ecsAnywhere: return .ecsEC2
        case .eksEC2Nodes, .eksAutoMode, .eksFargate, .eksHybridNodes: return .eks
        }
    }

    /// Position in `allCases`: the case's tag, as for `Platform.order` (checked by `VariantTests`).
    @inlinable public var index: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    /// The id within the platform (`managed-instances`).
    public var id: String { Self.idTable[index] }

    // Computed once: a batch asks for ids, prefixes and a platform's variants several times a row.
    private static let idTable = allCases.map { String($0.rawValue[$0.rawValue.index(after: $0.rawValue.firstIndex(of: "/")!)...]) }
    private static let prefixTable = allCases.map { String($0.rawValue.map { $0 == "/" || $0 == "-" ? "_" : $0 }) }
    private static let variantsOf = PlatformMap<[Variant]>({ (platform: Platform) in allCases.filter { $0.platform == platform } })

    public init?(platform: Platform, id: String) {
        self.init(rawValue: "\(platform.id)/\(id)")
    }

    public init?(platform: String, id: String) {
        self.init(rawValue: "\(platform)/\(id)")
    }

    /// The prefix of the variant's facts in the catalog (`ecs_ec2_managed_instances`).
    public var catalogPrefix: String { Self.prefixTable[index] }

    /// Every variant id, each once, in table order (`on-demand` is Lambda's and Fargate's).
    public static let ids: [String] = allCases.map(\.id).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }

    /// A platform's variants, in the order they are preferred when all else is equal.
    public static func of(_ platform: Platform) -> [Variant] { variantsOf[platform] }
}

/// One value per variant, in fixed storage indexed by the variant, as `PlatformMap` is per
/// platform: what a rule keeps its per-variant checks in. Not a dictionary keyed by
/// variant: a `decide` would pay the Swift runtime's first lookup of `Variant: Hashable`,
/// a scan of every protocol conformance in the process, to build one. Nor one map generic
/// over a key protocol shared with `PlatformMap`: its metadata would cost that same lookup.
public struct VariantMap<Element> {
    @usableFromInline var storage: [Element]

    @inlinable public init(repeating value: Element) {
        storage = Array(repeating: value, count: Variant.allCases.count)
    }

    @inlinable public subscript(variant: Variant) -> Element {
        get { storage[variant.index] }
        set { storage[variant.index] = newValue }
    }

    /// Every variant with its value, in `Variant.allCases` order.
    public var entries: Zip2Sequence<[Variant], [Element]> { zip(Variant.allCases, storage) }
}

extension VariantMap: Sendable where Element: Sendable {}
