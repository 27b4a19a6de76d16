import BerthCore

/// A value written into a file that the user must replace before deploying.
struct Placeholder: Hashable {
    /// Stable name used in the README and docs/artifacts.md (e.g. `ACCOUNT_ID`).
    var name: String
    /// The exact text written into the files.
    var value: String
    /// What to put there instead.
    var meaning: String
}

/// Every placeholder a generator may write. The values are well-formed (valid ARNs, ids,
/// schedules) so that the files pass validation as they are, and each carries `REPLACE-ME`
/// or an obviously fake number so it cannot be mistaken for a real value.
enum Placeholders {
    static let accountID = "123456789012"
    static let region = "us-east-1"

    static let account = Placeholder(name: "ACCOUNT_ID", value: accountID,
        meaning: "your 12-digit AWS account id (inside ARNs and the ECR image URI)")
    /// The region of an ECR image URI (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/...`): the skeleton
    /// then deploys where the image lives instead of naming a placeholder region.
    static func region(ofImage image: String?) -> String? {
        guard let image, let host = image.split(separator: "/").first else { return nil }
        let parts = host.split(separator: ".")
        guard parts.count == 6, parts[1] == "dkr", parts[2] == "ecr", parts[4] == "amazonaws", parts[5] == "com" else { return nil }
        let region = String(parts[3])
        guard region.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), region.contains("-") else { return nil }
        return region
    }

    static let regionP = Placeholder(name: "REGION", value: region,
        meaning: "the AWS region to deploy to (awslogs-region, ARNs, the ECR image URI)")
    static func image(_ name: String) -> Placeholder {
        Placeholder(name: "IMAGE", value: "\(accountID).dkr.ecr.\(region).amazonaws.com/\(name):REPLACE-ME",
                    meaning: "the container image URI; the profile gave no `image`")
    }
    static let executionRole = Placeholder(name: "EXECUTION_ROLE_ARN",
        value: "arn:aws:iam::\(accountID):role/REPLACE-ME-ecs-task-execution-role",
        meaning: "the ECS task execution role (pulls the image, writes awslogs); usually ecsTaskExecutionRole with AmazonECSTaskExecutionRolePolicy")
    static let taskRole = Placeholder(name: "TASK_ROLE_ARN",
        value: "arn:aws:iam::\(accountID):role/REPLACE-ME-task-role",
        meaning: "the IAM role the application's AWS calls run as (one role per task)")
    static let podRole = Placeholder(name: "POD_ROLE_ARN",
        value: "arn:aws:iam::\(accountID):role/REPLACE-ME-pod-role",
        meaning: "the IAM role for the ServiceAccount (IAM roles for service accounts); the pod's AWS calls run as it")
    static let cluster = Placeholder(name: "CLUSTER", value: "REPLACE-ME-cluster",
        meaning: "the name of your ECS cluster")
    static let subnetA = Placeholder(name: "SUBNET_A", value: "subnet-0000000000000000a",
        meaning: "a private subnet id for the tasks' network interfaces")
    static let subnetB = Placeholder(name: "SUBNET_B", value: "subnet-0000000000000000b",
        meaning: "a second private subnet id, in another Availability Zone")
    static let securityGroup = Placeholder(name: "SECURITY_GROUP", value: "sg-0000000000000000a",
        meaning: "a security group id for the tasks (allow the port from the load balancer)")
    static let targetGroup = Placeholder(name: "TARGET_GROUP_ARN",
        value: "arn:aws:elasticloadbalancing:\(region):\(accountID):targetgroup/REPLACE-ME/0000000000000000",
        meaning: "the load balancer target group's ARN")
    static let classicLB = Placeholder(name: "CLASSIC_LB_NAME", value: "REPLACE-ME-clb",
        meaning: "the name of the Classic Load Balancer")
    static let spotCapacityProvider = Placeholder(name: "EC2_SPOT_CAPACITY_PROVIDER", value: "REPLACE-ME-spot-capacity-provider",
        meaning: "an ECS capacity provider backed by an Auto Scaling group of EC2 Spot instances")
    static let managedInstancesCapacityProvider = Placeholder(name: "MANAGED_INSTANCES_CAPACITY_PROVIDER", value: "REPLACE-ME-managed-instances-capacity-provider",
        meaning: "the ECS Managed Instances capacity provider of the cluster (template.yaml creates one)")
    static let schedulerRole = Placeholder(name: "SCHEDULER_ROLE_ARN",
        value: "arn:aws:iam::\(accountID):role/REPLACE-ME-scheduler-role",
        meaning: "a role EventBridge Scheduler assumes to run the task (ecs:RunTask and iam:PassRole)")
    static let environment = Placeholder(name: "ENVIRONMENT", value: "REPLACE-ME",
        meaning: "the environment label (e.g. production, staging); set a profile label `environment` to fill it in")
    static let version = Placeholder(name: "VERSION", value: "REPLACE-ME",
        meaning: "the application version label; berth takes it from the image tag or a profile label `version` when it can")
    static let cron = Placeholder(name: "SCHEDULE", value: "0 * * * *",
        meaning: "when the job runs: the profile has no `schedule` (or one a Kubernetes CronJob cannot express); the placeholder runs it hourly")
    static let rate = Placeholder(name: "SCHEDULE", value: "rate(1 hour)",
        meaning: "when the function or task runs: the profile has no `schedule`; the placeholder runs it hourly (template.yaml asks for it as the ScheduleExpression parameter instead)")
    static let codeUri = Placeholder(name: "CODE_URI", value: "src/",
        meaning: "the folder (or s3:// URI) of the function's code")
    static let handler = Placeholder(name: "HANDLER", value: "app.handler",
        meaning: "the function's handler (module.function)")
}

/// What a generator decided and why; the README is written from this.
final class Notes {
    let profile: Profile
    let platform: Platform
    let variant: Variant
    /// Rules that excluded the platform (only when generated with force).
    var forced: [Reason]? = nil
    var forcedWithoutCandidate = false
    /// The rules that scored this platform.
    var platformReasons: [Reason] = []
    var recommended: Platform? = nil
    var pack = ""
    var asOf = ""

    /// (setting, value, why), in the order made.
    private(set) var choices: [(setting: String, value: String, why: String)] = []
    private(set) var placeholders: [Placeholder] = []
    /// What the generator had to change or leave out, and why.
    private(set) var adjustments: [String] = []
    private(set) var commands: [String] = []

    init(profile: Profile, platform: Platform, variant: Variant) {
        self.profile = profile
        self.platform = platform
        self.variant = variant
    }

    func choice(_ setting: String, _ value: String, _ why: String) {
        choices.append((setting, value, why))
    }

    @discardableResult
    func use(_ placeholder: Placeholder) -> String {
        if !placeholders.contains(placeholder) { placeholders.append(placeholder) }
        return placeholder.value
    }

    func adjust(_ text: String) { adjustments.append(text) }
    func command(_ text: String) { commands.append(text) }

    /// Where a field's value came from, for comments and the README:
    /// `from answer: os=windows`, `default: os=linux (not given)`, `unknown: max_duration_seconds not given`.
    func why(_ field: ProfileField) -> String {
        Notes.why(field, in: profile)
    }

    static func why(_ field: ProfileField, in profile: Profile) -> String {
        let value = field == .labels ? "" : profile.value(of: field).plainText
        switch profile.source(of: field) {
        case .defaulted: return "default: \(field.rawValue)=\(value) (not given)"
        case .unknown: return "unknown: \(field.rawValue) not given"
        default: return "from profile: \(field.rawValue)=\(value)"
        }
    }

    /// Several fields' provenance joined.
    func why(_ fields: ProfileField...) -> String {
        fields.map { why($0) }.joined(separator: "; ")
    }
}
