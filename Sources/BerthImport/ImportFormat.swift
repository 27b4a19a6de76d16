import BerthCore

/// The formats `berth import` reads: one case each, one importer type each (the seam).
public enum ImportFormat: String, CaseIterable, Sendable {
    case compose, kubernetes, ecs, copilot, cloudformation, serverless

    public var title: String {
        switch self {
        case .compose: return "Compose file"
        case .kubernetes: return "Kubernetes manifests"
        case .ecs: return "ECS task definition"
        case .copilot: return "AWS Copilot manifest"
        case .cloudformation: return "SAM or CloudFormation template"
        case .serverless: return "Serverless Framework file"
        }
    }

    var importer: any SourceImporter.Type {
        switch self {
        case .compose: return ComposeImporter.self
        case .kubernetes: return KubernetesImporter.self
        case .ecs: return ECSImporter.self
        case .copilot: return CopilotImporter.self
        case .cloudformation: return CloudFormationImporter.self
        case .serverless: return ServerlessImporter.self
        }
    }

    /// Whether `${...}` in a value is a variable filled in at deploy time (so the value is unknown).
    var interpolates: Bool {
        switch self {
        case .compose, .copilot, .serverless: return true
        case .kubernetes, .ecs, .cloudformation: return false
        }
    }

    /// Whether files of the format say where the workload runs today; `--current` fills
    /// `current_platform` for the others.
    var namesPlatform: Bool {
        switch self {
        case .ecs, .copilot, .cloudformation, .serverless: return true
        case .compose, .kubernetes: return false
        }
    }

    /// The most specific first: a Serverless file has `service:` and would otherwise pass
    /// for nothing else, but a Compose file's `services:` is the loosest test.
    static let detectionOrder: [ImportFormat] = [.kubernetes, .cloudformation, .serverless, .copilot, .ecs, .compose]

    /// The format of a file's documents, by content; nil when it is none of them.
    static func detect(_ documents: [SourceNode]) -> ImportFormat? {
        guard documents.contains(where: \.isMapping) else { return nil }
        return detectionOrder.first { $0.importer.recognizes(documents) }
    }
}

/// One source format: how to tell it by content and how to turn its documents into workloads.
protocol SourceImporter {
    /// True when the documents are this format. Looks at shape only (top-level keys).
    static func recognizes(_ documents: [SourceNode]) -> Bool
    /// The workloads the documents define, with notes and errors in `collector`.
    static func drafts(from documents: [SourceNode], collector: Collector) -> [Draft]
}
