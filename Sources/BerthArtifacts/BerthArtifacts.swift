import BerthCore
import BerthCost

/// One file of a deployment skeleton.
public struct GeneratedFile: Hashable, Sendable {
    /// Relative path inside the output folder (a plain file name such as `taskdef.json`).
    public let path: String
    public let contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// Why a skeleton could not be generated or written.
public struct ArtifactError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        /// The decision excluded the platform (or the variant) and `force` was not given.
        case platformExcluded = "platform-excluded"
        /// `--variant` names a variant of another platform.
        case variantMismatch = "variant-mismatch"
        /// The profile's size fits no valid size on the platform (e.g. no Fargate cpu/memory pair).
        case unsupportedSize = "unsupported-size"
        /// A generated name would break the platform's naming rules.
        case invalidName = "invalid-name"
        /// A file path is absolute, empty or leaves the output folder.
        case unsafePath = "unsafe-path"
        /// A file in the way that berth did not write, or that changed since (no `--force`).
        case wouldOverwrite = "would-overwrite"
    }

    public var kind: Code
    public var location: SourceLocation?
    public var message: String
    /// For `platformExcluded`: the ids of the rules that excluded the platform.
    public var rules: [String]

    public var code: String { kind.rawValue }
    public var category: ErrorCategory {
        switch kind {
        case .platformExcluded, .wouldOverwrite: return .refusal
        case .unsupportedSize, .invalidName, .unsafePath: return .badInput
        case .variantMismatch: return .usage
        }
    }

    public init(_ kind: Code, at location: SourceLocation? = nil, rules: [String] = [], _ message: String) {
        self.kind = kind
        self.location = location
        self.rules = rules
        self.message = message
    }
}

/// Turns a profile and its decision into a deployment skeleton.
public enum ArtifactGenerator {
    /// The files for `platform` as `variant` (default: `variant(for:on:decision:)`), in a
    /// stable order, README.md last. `instances` are the EC2 instance types (with prices in
    /// force) that EC2-based skeletons are sized from (docs/artifacts.md, "Instance sizing").
    ///
    /// Refuses (`ArtifactError.platformExcluded`, naming the excluding rules' messages) when
    /// `decision` says `platform` or `variant` is not eligible, unless `force`; with `force`
    /// the README starts with the violated rules. Same inputs, same bytes.
    public static func generate(profile: Profile, platform: Platform, variant: Variant? = nil, decision: Decision,
                                instances: [InstanceOffer] = [], force: Bool = false) throws -> [GeneratedFile] {
        if let variant, variant.platform != platform {
            throw ArtifactError(.variantMismatch, "variant \(variant.id) is a variant of \(variant.platform.id), not of \(platform.id); \(platform.id)'s variants are \(Variant.of(platform).map(\.id).joined(separator: ", "))")
        }
        let variant = variant ?? Self.variant(for: profile, on: platform, decision: decision)
        guard ProfileDecoder.isDNSLabel(profile.name) else {
            // Decoded profiles always pass; a Profile built in code might not.
            throw ArtifactError(.invalidName, "profile name \"\(Common.clip(profile.name))\" is not a DNS-1123 label; it names the task family, service and Kubernetes objects")
        }
        try checkBounds(profile)
        var exclusions = decision.candidate(platform)?.exclusions ?? []
        let verdict = decision.candidate(platform)?.variants.first { $0.variant == variant }
        let variantExcluded = verdict.map { !$0.eligible } ?? false
        if variantExcluded, decision.isEligible(platform) {
            exclusions = verdict?.reasons ?? []
            if !force {
                throw ArtifactError(.platformExcluded, rules: exclusions.map(\.rule),
                                    "'\(profile.name)' cannot run as \(variant.rawValue): excluded by "
                                    + exclusions.map { "\($0.rule) (\($0.message))" }.joined(separator: "; ") + ". Pass --force to generate anyway.")
            }
        }
        if !decision.isEligible(platform) {
            if !force {
                throw ArtifactError(.platformExcluded, rules: exclusions.map(\.rule),
                                    refusal(profile: profile, platform: platform, exclusions: exclusions,
                                            known: decision.candidate(platform) != nil))
            }
        }
        let notes = Notes(profile: profile, platform: platform, variant: variant)
        if !decision.isEligible(platform) || variantExcluded {
            notes.forced = exclusions
            notes.forcedWithoutCandidate = decision.candidate(platform) == nil
        }
        notes.platformReasons = decision.candidate(platform)?.reasons.filter { $0.effect != .exclude } ?? []
        notes.recommended = decision.recommendation
        notes.pack = decision.pack
        notes.asOf = decision.asOf

        var files: [GeneratedFile]
        switch platform {
        case .fargate, .ecsEC2:
            files = try ECSGenerator(profile: profile, variant: variant, notes: notes, instances: instances).files()
        case .eks:
            files = try EKSGenerator(profile: profile, variant: variant, notes: notes, instances: instances).files()
        case .lambda:
            files = try LambdaGenerator(profile: profile, variant: variant, notes: notes, instances: instances).files()
        }
        files.append(GeneratedFile(path: "README.md", contents: ReadmeWriter(notes: notes, files: files.map(\.path)).render()))
        return files
    }

    /// The variant a skeleton is for when none is asked: the decision's for the platform,
    /// else (a decision without variants) Fargate Spot for a Linux `purchasing: spot`
    /// profile, else the platform's first variant.
    public static func variant(for profile: Profile, on platform: Platform, decision: Decision) -> Variant {
        if let chosen = decision.candidate(platform)?.variant { return chosen }
        if platform == .fargate, profile.purchasing == .spot, profile.os == .linux { return .fargateSpot }
        return Variant.of(platform)[0]
    }

    /// Decoded profiles are within the schema's bounds; a Profile built in code might not be,
    /// and the generators' integer conversions and products rely on them.
    static func checkBounds(_ profile: Profile) throws {
        for spec in ProfileSchema.fields {
            let key = spec.field.key
            switch spec.access {
            case .integer(let min, let max, let get, _):
                if let v = get(profile), v < min || v > max {
                    throw ArtifactError(.unsupportedSize, "'\(key)' is \(v); berth generates skeletons for \(min) to \(max) (docs/profile.md)")
                }
            case .number(let range, let get, _):
                if let v = get(profile), !range.contains(v) {
                    throw ArtifactError(.unsupportedSize, "'\(key)' is \(Value.format(v)); berth generates skeletons for numbers \(range.text) (docs/profile.md)")
                }
            default:
                continue
            }
        }
    }

    static func refusal(profile: Profile, platform: Platform, exclusions: [Reason], known: Bool) -> String {
        var text = "'\(profile.name)' cannot run on \(platform.id) (\(platform.displayName))"
        if !known {
            return text + ": the decision does not cover this platform; decide again or pass --force"
        }
        if exclusions.isEmpty {
            return text + ": the decision marks it ineligible; pass --force to generate anyway"
        }
        text += ": excluded by "
        text += exclusions.map { "\($0.rule) (\($0.message))" }.joined(separator: "; ")
        return text + ". Pass --force to generate anyway."
    }
}
