/// The four places a workload can run. `allCases` is the documented tie-break order:
/// when two eligible platforms score the same, the earlier one wins (the talk: "everything
/// else is fine on Fargate", then Lambda, then the platforms with instances to manage).
public enum Platform: String, CaseIterable, Codable, Sendable, Comparable {
    case fargate
    case lambda
    case ecsEC2 = "ecs-ec2"
    case eks

    public var id: String { rawValue }

    public var displayName: String {
        switch self {
        case .fargate: return "Amazon ECS on AWS Fargate"
        case .lambda: return "AWS Lambda"
        case .ecsEC2: return "Amazon ECS on EC2"
        case .eks: return "Amazon EKS"
        }
    }

    /// Position in the tie-break order.
    public var order: Int {
        switch self {
        case .fargate: return 0
        case .lambda: return 1
        case .ecsEC2: return 2
        case .eks: return 3
        }
    }

    public static func < (lhs: Platform, rhs: Platform) -> Bool { lhs.order < rhs.order }

    public static func named(_ id: String) -> Platform? { Platform(rawValue: id) }
}
