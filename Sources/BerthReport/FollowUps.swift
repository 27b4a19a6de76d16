import BerthCore

/// The talk's practices a service should follow once it lands on its platform. Each one
/// cites the section of the talk notes (`/work/shared/reference/000_949bbb86bc7d1c11.txt`
/// headings) it comes from; the prose is in `Strings`.
public enum FollowUpKind: String, CaseIterable, Sendable, Equatable {
    case stateless
    case loadBalancer = "load-balancer"
    case scaling
    case taskRole = "task-role"
    case ecrLifecycle = "ecr-lifecycle"
    case pipeline
    case monitoring
}

/// One follow-up for one service: the practice, the variant that fits the service, and
/// the talk section it comes from.
public struct FollowUp: Sendable, Equatable {
    public var kind: FollowUpKind
    public var variant: Variant
    /// The heading in the talk notes.
    public var section: String

    public enum Variant: Sendable, Equatable {
        /// Stateless: the service runs more than one task (`max_tasks`).
        case stateless(maxTasks: Int)
        /// Fargate behind an ALB or NLB: keep it so.
        case keepALBorNLB(String)
        /// Fargate, an HTTP service without a load balancer.
        case addALBorNLB
        /// A Classic Load Balancer; `blocksFargate` when it alone keeps Fargate out.
        case replaceCLB(blocksFargate: Bool)
        /// ECS service Target Tracking between min and max tasks; `ec2` adds capacity scaling.
        case targetTracking(min: Int, max: Int, ec2: Bool)
        /// EKS: the worker nodes are your EC2 instances; their Auto Scaling is yours to set up.
        case eksNodes(min: Int, max: Int)
        case taskRole
        /// `image` is where the image is now when it is not in ECR.
        case ecrLifecycle(image: String?)
        case codePipeline
        case kubernetesPipeline
        /// `labels` the service has (sorted `key=value`), empty when it has none.
        case monitoring(labels: [String])
    }

    public init(kind: FollowUpKind, variant: Variant, section: String) {
        self.kind = kind
        self.variant = variant
        self.section = section
    }

    /// The talk's section heading for each practice.
    public static func section(_ kind: FollowUpKind, eks: Bool = false) -> String {
        switch kind {
        case .stateless: return "コンテナを利用した開発に必要な技術要素"
        case .loadBalancer: return "ロードバランシング"
        case .scaling: return eks ? "ワーカーノード" : "コンテナの Auto Scaling"
        case .taskRole: return "ECS"
        case .ecrLifecycle: return "ECR"
        case .pipeline: return eks ? "Pipeline" : "CI/CD パイプライン"
        case .monitoring: return "スケールを前提としたモニタリング基盤とは"
        }
    }

    /// The profile fields that decide which practices `applicable` returns (their kinds;
    /// the variants read more): a large report decides the kinds once per combination of
    /// these values (`RunReader.followUps`); `AggregatedReportTests` holds it to `applicable` on
    /// whole profiles.
    public static let kindFields: [ProfileField] = [.loadBalancer, .trigger, .minTasks, .maxTasks]

    /// The follow-ups that apply to a service given its recommendation and profile.
    /// `fargateExcludedBy`: the rules that excluded Fargate (for the Classic LB note).
    public static func applicable(to profile: Profile, recommendation: Platform?, fargateExcludedBy: [String]?) -> [FollowUp] {
        guard let platform = recommendation else { return [] }
        var out: [FollowUp] = []
        let container = platform != .lambda
        let ecs = platform == .fargate || platform == .ecsEC2
        let longRunning = profile.trigger == .http || profile.trigger == .worker

        if container {
            out.append(FollowUp(kind: .stateless, variant: .stateless(maxTasks: profile.maxTasks), section: section(.stateless)))
        }
        let lb = profile.loadBalancer
        if lb == .clb {
            let blocks = fargateExcludedBy == ["classic-lb-not-on-fargate"]
            out.append(FollowUp(kind: .loadBalancer, variant: .replaceCLB(blocksFargate: blocks), section: section(.loadBalancer)))
        } else if platform == .fargate, lb == .alb || lb == .nlb {
            out.append(FollowUp(kind: .loadBalancer, variant: .keepALBorNLB(lb.rawValue.uppercased()), section: section(.loadBalancer)))
        } else if platform == .fargate, lb == .none, profile.trigger == .http {
            out.append(FollowUp(kind: .loadBalancer, variant: .addALBorNLB, section: section(.loadBalancer)))
        }
        if ecs, longRunning, profile.maxTasks > profile.minTasks {
            out.append(FollowUp(kind: .scaling, variant: .targetTracking(min: profile.minTasks, max: profile.maxTasks, ec2: platform == .ecsEC2),
                                section: section(.scaling)))
        } else if platform == .eks {
            out.append(FollowUp(kind: .scaling, variant: .eksNodes(min: profile.minTasks, max: profile.maxTasks), section: section(.scaling, eks: true)))
        }
        if ecs {
            out.append(FollowUp(kind: .taskRole, variant: .taskRole, section: section(.taskRole)))
        }
        if container {
            let image = profile.image.flatMap { $0.isEmpty || $0.contains(".dkr.ecr.") ? nil : $0 }
            out.append(FollowUp(kind: .ecrLifecycle, variant: .ecrLifecycle(image: image), section: section(.ecrLifecycle)))
        }
        if ecs {
            out.append(FollowUp(kind: .pipeline, variant: .codePipeline, section: section(.pipeline)))
        } else if platform == .eks {
            out.append(FollowUp(kind: .pipeline, variant: .kubernetesPipeline, section: section(.pipeline, eks: true)))
        }
        let labels = profile.labels.keys.sorted().map { "\($0)=\(profile.labels[$0] ?? "")" }
        out.append(FollowUp(kind: .monitoring, variant: .monitoring(labels: labels), section: section(.monitoring)))
        return out
    }
}
