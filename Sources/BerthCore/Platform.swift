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

    /// Short name for tables and charts.
    public var shortName: String {
        switch self {
        case .fargate: return "Fargate"
        case .lambda: return "Lambda"
        case .ecsEC2: return "ECS on EC2"
        case .eks: return "EKS"
        }
    }

    /// The report's colours for the platform: accent, light background, and text on it.
    public var colours: PlatformColours {
        switch self {
        case .fargate: return PlatformColours(accent: "#e07a10", background: "#fdf0e2", text: "#8f4604")
        case .lambda: return PlatformColours(accent: "#8a4bd6", background: "#f2eafc", text: "#5b2a99")
        case .ecsEC2: return PlatformColours(accent: "#2167c7", background: "#e6effb", text: "#134787")
        case .eks: return PlatformColours(accent: "#138a4e", background: "#e3f4ea", text: "#0b5e33")
        }
    }

    /// Position in `allCases`, which is the tie-break order: the case's tag, which Swift
    /// assigns in declaration order (`PlatformTests` checks it against `allCases`).
    @inlinable public var order: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    public static func < (lhs: Platform, rhs: Platform) -> Bool { lhs.order < rhs.order }

    public static func named(_ id: String) -> Platform? { Platform(rawValue: id) }
}

public struct PlatformColours: Sendable, Equatable {
    public let accent: String
    public let background: String
    public let text: String

    public init(accent: String, background: String, text: String) {
        self.accent = accent
        self.background = background
        self.text = text
    }
}

/// One value per platform, in fixed storage indexed by the platform: what every
/// per-platform score, flag, list and count is held in, so that a new platform needs no
/// edit where such values are kept.
///
/// Inlinable: the engine reads and sets these hundreds of times a decision, and across the
/// module boundary an unspecialised generic subscript costs some 600 instructions a call.
public struct PlatformMap<Element> {
    @usableFromInline var storage: [Element]

    @inlinable public init(repeating value: Element) {
        storage = Array(repeating: value, count: Platform.allCases.count)
    }

    public init(_ make: (Platform) throws -> Element) rethrows {
        storage = try Platform.allCases.map(make)
    }

    @inlinable public subscript(platform: Platform) -> Element {
        get { storage[platform.order] }
        set { storage[platform.order] = newValue }
    }

    /// Every platform with its value, in `Platform.allCases` order.
    public var entries: Zip2Sequence<[Platform], [Element]> { zip(Platform.allCases, storage) }

    public func map<T>(_ transform: (Element) throws -> T) rethrows -> PlatformMap<T> {
        PlatformMap<T>(unchecked: try storage.map(transform))
    }

    private init(unchecked storage: [Element]) { self.storage = storage }
}

extension PlatformMap: Sendable where Element: Sendable {}
extension PlatformMap: Equatable where Element: Equatable {}
extension PlatformMap: Hashable where Element: Hashable {}
