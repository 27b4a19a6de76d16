import BerthCore

/// `template.yaml` (a CloudFormation stack with everything the service needs, see
/// `ECSStackGenerator`), `taskdef.json` (RegisterTaskDefinition input) and `service.json`
/// (CreateService input), or `schedule.json` (EventBridge Scheduler CreateSchedule input) for a
/// scheduled task, for every ECS variant. JSON has no comments: every choice goes to the README.
struct ECSGenerator {
    let profile: Profile
    let variant: Variant
    let notes: Notes
    let instances: [InstanceOffer]

    var fargate: Bool { variant.platform == .fargate }
    var windows: Bool { profile.os == .windows }
    private var name: String { profile.name }
    /// The launch type is part of the family so that skeletons of one profile for two
    /// variants never become revisions of one family with incompatible settings.
    var family: String {
        switch variant {
        case .ecsManagedInstances: return name + "-managed-instances"
        case .ecsAnywhere: return name + "-anywhere"
        default: return name + (fargate ? "-fargate" : "-ec2")
        }
    }
    /// `requiresCompatibilities`: the launch type the task definition is checked for.
    var compatibility: String {
        switch variant {
        case .ecsManagedInstances: return "MANAGED_INSTANCES"
        case .ecsAnywhere: return "EXTERNAL"
        default: return fargate ? "FARGATE" : "EC2"
        }
    }
    /// aws-facts.md, task definition facts: Fargate `awsvpc` only; Linux on EC2 `bridge`
    /// (the default); Windows on EC2 `default` or `awsvpc`: berth uses awsvpc for Windows.
    /// ECS Managed Instances take awsvpc or host (no bridge); ECS Anywhere has no awsvpc, so
    /// its Windows tasks use the Windows default (NAT), written as no networkMode ("default").
    var networkMode: String {
        switch variant {
        case .ecsManagedInstances: return "awsvpc"
        case .ecsAnywhere: return windows ? "default" : "bridge"
        default: return fargate || windows ? "awsvpc" : "bridge"
        }
    }
    /// Fargate Spot (the variant), or EC2 Spot instances for a self-managed `purchasing: spot`.
    var spot: Bool {
        switch variant {
        case .fargateSpot: return !windows
        case .ecsSelfManaged: return profile.purchasing == .spot
        default: return false
        }
    }
    /// ECS Anywhere registers no load balancer targets (aws-facts.md).
    var balanced: Bool { Common.serves(profile) && variant != .ecsAnywhere }

    func files() throws -> [GeneratedFile] {
        let taskDefinition = try taskDefinition()
        var files: [GeneratedFile] = []
        let stack = ECSStackGenerator(ecs: self, profile: profile, notes: notes)
        files.append(GeneratedFile(path: "template.yaml", contents: try stack.render(taskDefinition: taskDefinition)))
        if let express = stack.express(taskDefinition: taskDefinition) {
            files.append(GeneratedFile(path: "express.yaml", contents: express))
        }
        files.append(GeneratedFile(path: "taskdef.json", contents: taskDefinition.rendered()))
        if profile.trigger == .schedule {
            files.append(GeneratedFile(path: "schedule.json", contents: schedule().rendered()))
        } else {
            files.append(GeneratedFile(path: "service.json", contents: service().rendered()))
        }
        return files
    }

    // MARK: taskdef.json

    func taskDefinition() throws -> JSONValue {
        var td: [String: JSONValue] = [:]
        td["family"] = .string(family)
        notes.choice("family", family, "profile name + launch type")
        td["requiresCompatibilities"] = .array([.string(compatibility)])
        if networkMode != "default" { td["networkMode"] = .string(networkMode) }
        notes.choice("networkMode", networkMode,
                     fargate ? "Fargate takes awsvpc only (AWS facts as of 2026-11-26)"
                         : variant == .ecsManagedInstances ? "ECS Managed Instances take awsvpc or host, no bridge (AWS facts as of 2026-12-01)"
                         : variant == .ecsAnywhere ? "ECS Anywhere: \(windows ? "the Windows default (NAT)" : "bridge") (awsvpc is not available on external instances)"
                         : windows ? "\(notes.why(.os)): Windows on EC2 takes default or awsvpc (AWS facts as of 2026-11-26); awsvpc gives each task its own ENI"
                         : "\(notes.why(.os)): bridge is the Linux default on EC2 (AWS facts as of 2026-11-26); dynamic host ports")
        td["executionRoleArn"] = .string(notes.use(Placeholders.executionRole))
        td["taskRoleArn"] = .string(notes.use(Placeholders.taskRole))
        notes.use(Placeholders.account)

        var container: [String: JSONValue] = [:]
        container["name"] = .string(name)
        container["image"] = .string(Common.image(profile, notes))
        container["essential"] = .bool(true)

        if fargate {
            try fargateSize(into: &td)
        } else {
            // EC2 without task-level memory needs container memory (aws-facts.md / validator).
            let units = Int((profile.vcpu * 1024 - 1e-9).rounded(.up))
            container["cpu"] = .int(units)
            container["memory"] = .int(profile.memoryMiB)
            notes.choice("container cpu", "\(units) units", "\(notes.why(.vcpu)); 1024 units = 1 vCPU")
            notes.choice("container memory (hard limit)", "\(profile.memoryMiB) MiB", notes.why(.memoryMiB))
        }

        if windows || profile.arch == .arm64 {
            var arch = profile.arch == .arm64 ? "ARM64" : "X86_64"
            if windows && arch == "ARM64" {
                arch = "X86_64"
                notes.adjust("Windows tasks run on X86_64 only (AWS facts as of 2026-11-26); the profile asked for arm64, so the task definition says X86_64.")
            }
            // Fargate takes only the 2019/2022 families (aws-facts.md); 2022 Core is the newest of them.
            let osFamily = windows ? "WINDOWS_SERVER_2022_CORE" : "LINUX"
            td["runtimePlatform"] = .object(["operatingSystemFamily": .string(osFamily), "cpuArchitecture": .string(arch)])
            notes.choice("runtimePlatform", "\(osFamily) / \(arch)", notes.why(.os, .arch)
                         + (windows ? "; Windows Server 2022 Core chosen (change to _FULL or 2019 if your image needs it)" : ""))
        }

        if Common.serves(profile) {
            var mapping: [String: JSONValue] = ["containerPort": .int(profile.port), "protocol": .string("tcp")]
            if networkMode == "bridge" {
                // Classic Load Balancers need a static host port; otherwise dynamic (0).
                let hostPort = profile.loadBalancer == .clb ? profile.port : 0
                mapping["hostPort"] = .int(hostPort)
                notes.choice("hostPort", String(hostPort), hostPort == 0
                             ? "bridge mode: dynamic host port, registered with the target group by ECS"
                             : "\(notes.why(.loadBalancer)): a Classic Load Balancer needs a static host port")
            }
            container["portMappings"] = .array([.object(mapping)])
            notes.choice("containerPort", String(profile.port), "\(notes.why(.port)); exposed because \(notes.why(.trigger)), \(notes.why(.loadBalancer))")
        }

        let group = "/ecs/\(name)"
        let logRegion: String
        if let imageRegion = Placeholders.region(ofImage: profile.image) {
            logRegion = imageRegion
            notes.choice("awslogs-region", imageRegion, "the region of the ECR image (\(notes.why(.image)))")
        } else {
            logRegion = notes.use(Placeholders.regionP)
        }
        container["logConfiguration"] = .object([
            "logDriver": .string("awslogs"),
            "options": .object([
                "awslogs-group": .string(group),
                "awslogs-region": .string(logRegion),
                "awslogs-stream-prefix": .string(name),
            ]),
        ])
        notes.choice("logs", "awslogs, group \(group), stream prefix \(name)", "CloudWatch Logs per task (the talk); awslogs needs group and region, Fargate also a stream prefix (AWS facts as of 2026-11-26)")

        if profile.gpuCount > 0 {
            if fargate {
                notes.adjust("The profile asks for \(profile.gpuCount) GPU(s) but Fargate has no GPUs (AWS facts as of 2026-11-26): no GPU is requested. Use ECS on EC2 or EKS.")
            } else if windows {
                notes.adjust("ECS GPU scheduling is Linux only (AWS facts as of 2026-11-26): the Windows task requests no GPU.")
            } else {
                container["resourceRequirements"] = .array([.object(["type": .string("GPU"), "value": .string(String(profile.gpuCount))])])
                notes.choice("resourceRequirements", "GPU \(profile.gpuCount)", "\(notes.why(.gpuCount)); container-level GPU, EC2 and Linux only (AWS facts as of 2026-11-26)")
            }
        }

        if profile.privileged {
            if fargate {
                notes.adjust("The profile asks for privileged containers, which Fargate does not allow (AWS facts as of 2026-11-26): not set.")
            } else if windows {
                notes.adjust("Windows containers cannot be privileged: not set.")
            } else {
                container["privileged"] = .bool(true)
                notes.choice("privileged", "true", notes.why(.privileged))
            }
        }

        if profile.ephemeralStorageGiB > 20 {
            // aws-facts.md: ephemeral storage 20 GiB default, 21 to 200 GiB configurable (Linux).
            if !fargate {
                notes.adjust("\(notes.why(.ephemeralStorageGiB)): on EC2, task storage is the instance's volume; size the container instances' root or data volume for it (ephemeralStorage is Fargate only).")
            } else if windows {
                notes.adjust("\(notes.why(.ephemeralStorageGiB)): the AWS facts (as of 2026-11-26) list configurable ephemeral storage for Linux tasks only; the Windows task keeps the default 20 GiB.")
            } else if profile.ephemeralStorageGiB > 200 {
                throw ArtifactError(.unsupportedSize, "'\(name)' asks for \(profile.ephemeralStorageGiB) GiB of ephemeral storage; Fargate tasks take at most 200 GiB (AWS facts as of 2026-11-26)")
            } else {
                td["ephemeralStorage"] = .object(["sizeInGiB": .int(profile.ephemeralStorageGiB)])
                notes.choice("ephemeralStorage", "\(profile.ephemeralStorageGiB) GiB", "\(notes.why(.ephemeralStorageGiB)); above the 20 GiB default (AWS facts as of 2026-11-26)")
            }
        }

        settings(into: &container)
        td["containerDefinitions"] = .array([.object(container)])
        let tags = tagsJSON()
        if !tags.isEmpty { td["tags"] = .array(tags) }
        return .object(td)
    }

    /// The container's environment, secrets (by reference: the execution role reads them at
    /// start) and, with a health check path, a container health check.
    private func settings(into container: inout [String: JSONValue]) {
        if !profile.environment.isEmpty {
            container["environment"] = .array(profile.environment.keys.sorted().map {
                .object(["name": .string($0), "value": .string(profile.environment[$0] ?? "")])
            })
            notes.choice("environment", profile.environment.keys.sorted().joined(separator: ", "), notes.why(.environment))
        }
        if !profile.secrets.isEmpty {
            container["secrets"] = .array(profile.secrets.keys.sorted().map {
                .object(["name": .string($0), "valueFrom": .string(profile.secrets[$0] ?? "")])
            })
            notes.choice("secrets", profile.secrets.keys.sorted().joined(separator: ", "),
                         "\(notes.why(.secrets)); read by the task execution role when the task starts, never written into the files")
        }
        if let command = healthCheckCommand {
            container["healthCheck"] = .object([
                "command": .array(command.map(JSONValue.string)),
                "interval": .int(30), "timeout": .int(5), "retries": .int(3), "startPeriod": .int(60),
            ])
            notes.choice("container health check", "HTTP GET \(profile.healthCheckPath ?? "") on localhost:\(profile.port) every 30 s",
                         "\(notes.why(.healthCheckPath)); needs curl in the image (replace the command if it has none)")
        }
    }

    /// `CMD-SHELL curl -f http://localhost:PORT/PATH || exit 1`, the path one shell word; nil
    /// without a path, or for Windows (whose images rarely carry curl: no check is written).
    var healthCheckCommand: [String]? {
        guard let path = profile.healthCheckPath, Common.serves(profile) else { return nil }
        if windows {
            notes.adjust("\(notes.why(.healthCheckPath)): no container health check for the Windows task (write one with PowerShell for your image); the load balancer's check uses the path.")
            return nil
        }
        return ["CMD-SHELL", "curl -f " + Common.shellWord("http://localhost:\(profile.port)\(path)") + " || exit 1"]
    }

    private func fargateSize(into td: inout [String: JSONValue]) throws {
        guard let size = FargateSizes.roundUp(vcpu: profile.vcpu, memoryMiB: profile.memoryMiB, windows: windows) else {
            let limit = windows ? "Windows on Fargate takes 1, 2 or 4 vCPU (up to 30720 MiB)" : "the largest Fargate task is 16 vCPU / 122880 MiB"
            throw ArtifactError(.unsupportedSize,
                                "'\(name)' needs \(Value.format(profile.vcpu)) vCPU and \(profile.memoryMiB) MiB: no Fargate task size is that large (\(limit); AWS facts as of 2026-11-26)")
        }
        td["cpu"] = .string(String(size.cpu))
        td["memory"] = .string(String(size.memoryMiB))
        let asked = "\(notes.why(.vcpu)); \(notes.why(.memoryMiB))"
        let exact = size.cpu == Int((profile.vcpu * 1024).rounded()) && size.memoryMiB == profile.memoryMiB
        notes.choice("task cpu / memory", "\(size.cpu) / \(size.memoryMiB) MiB",
                     asked + (exact ? "; a valid Fargate size" : "; rounded up to the nearest valid Fargate size (AWS facts as of 2026-11-26\(windows ? ", Windows: 1, 2 or 4 vCPU" : ""))"))
    }

    private func tagsJSON() -> [JSONValue] {
        let (valid, skipped) = Common.awsTags(profile)
        if !valid.isEmpty {
            notes.choice("tags", valid.map { $0.0 }.joined(separator: ", "), "from profile: labels (service-centric monitoring: query by tags)")
        }
        if !skipped.isEmpty {
            notes.adjust("Labels not carried as AWS tags (not valid tag text, or more than 50): \(skipped.map { Common.clip($0, 40) }.joined(separator: ", ")).")
        }
        return valid.map { .object(["key": .string($0.0), "value": .string($0.1)]) }
    }

    // MARK: service.json

    func service() -> JSONValue {
        var svc: [String: JSONValue] = [:]
        let cluster = notes.use(Placeholders.cluster)
        svc["cluster"] = .string(cluster)
        svc["serviceName"] = .string(name)
        svc["taskDefinition"] = .string(family)
        svc["desiredCount"] = .int(profile.minTasks)
        notes.choice("desiredCount", String(profile.minTasks), notes.why(.minTasks))

        placement(into: &svc, lowercaseKeys: true)

        if networkMode == "awsvpc" {
            svc["networkConfiguration"] = .object(["awsvpcConfiguration": awsvpc(capitalised: false)])
        }

        if Common.serves(profile) {
            if variant == .ecsAnywhere {
                if profile.loadBalancer != .none {
                    notes.adjust("\(notes.why(.loadBalancer)): ECS Anywhere has no load balancer support (AWS facts as of 2026-11-26); put your own load balancer in front of the external instances.")
                }
            } else {
                loadBalancers(into: &svc)
            }
        }

        svc["deploymentConfiguration"] = .object([
            "minimumHealthyPercent": .int(100),
            "maximumPercent": .int(200),
            "deploymentCircuitBreaker": .object(["enable": .bool(true), "rollback": .bool(true)]),
        ])
        notes.choice("deployment", "rolling, 100%/200%, circuit breaker with rollback", "berth default: a failed deployment rolls back")

        if profile.execAccess {
            svc["enableExecuteCommand"] = .bool(true)
            notes.choice("enableExecuteCommand", "true", "\(notes.why(.execAccess)); ECS Exec works on Fargate and EC2 (AWS facts as of 2026-11-26); the task role needs the ssmmessages permissions")
        }
        let tags = tagsForService()
        if !tags.isEmpty {
            svc["tags"] = .array(tags)
            svc["propagateTags"] = .string("SERVICE")
        }

        notes.command("# or, without CloudFormation, from the API input files (taskdef.json and the \(profile.trigger == .schedule ? "schedule" : "service")):")
        notes.command("aws logs create-log-group --log-group-name \(Common.shellWord("/ecs/" + name)) --region \(Common.shellWord(Placeholders.region(ofImage: profile.image) ?? Placeholders.region))")
        notes.command("aws ecs register-task-definition --cli-input-json file://taskdef.json")
        if fargate && spot && !windows {
            notes.command("aws ecs put-cluster-capacity-providers --cluster \(Common.shellWord(cluster)) --capacity-providers FARGATE FARGATE_SPOT --default-capacity-provider-strategy capacityProvider=FARGATE,weight=1")
        }
        notes.command("aws ecs create-service --cli-input-json file://service.json")
        if profile.maxTasks > profile.minTasks {
            let resource = "service/\(cluster)/\(name)"
            notes.command("aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id \(Common.shellWord(resource)) --min-capacity \(profile.minTasks) --max-capacity \(profile.maxTasks)")
            notes.command("aws application-autoscaling put-scaling-policy --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id \(Common.shellWord(resource)) --policy-name \(Common.shellWord(name + "-cpu70")) --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{\"TargetValue\":70.0,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ECSServiceAverageCPUUtilization\"}}'")
            notes.choice("autoscaling", "\(profile.minTasks)..\(profile.maxTasks) tasks, target tracking on 70% CPU (commands below)",
                         "\(notes.why(.minTasks)); \(notes.why(.maxTasks)); CreateService has no scaling bounds, Application Auto Scaling holds them")
        }
        return .object(svc)
    }

    private func tagsForService() -> [JSONValue] {
        Common.awsTags(profile).valid.map { .object(["key": .string($0.0), "value": .string($0.1)]) }
    }

    /// Launch type or capacity provider strategy. CreateService spells the strategy's keys
    /// `capacityProvider`/`weight`; so does EventBridge Scheduler.
    private func placement(into obj: inout [String: JSONValue], lowercaseKeys: Bool) {
        let launchKey = lowercaseKeys ? "launchType" : "LaunchType"
        let strategyKey = lowercaseKeys ? "capacityProviderStrategy" : "CapacityProviderStrategy"
        let platformKey = lowercaseKeys ? "platformVersion" : "PlatformVersion"
        if fargate {
            if windows, variant == .fargateSpot || profile.purchasing == .spot {
                notes.adjust("Fargate Spot does not run Windows (AWS facts as of 2026-11-26): the service uses on-demand FARGATE.")
            }
            if spot && !windows {
                obj[strategyKey] = .array([.object(["capacityProvider": .string("FARGATE_SPOT"), "weight": .int(1)])])
                notes.choice("capacity", "FARGATE_SPOT", "\(notes.why(.purchasing)); Fargate Spot: up to 70% off, 2-minute interruption warning (AWS facts as of 2026-11-26)")
            } else {
                obj[launchKey] = .string("FARGATE")
                notes.choice("capacity", "FARGATE (on-demand)", purchasingWhy())
            }
            obj[platformKey] = .string("LATEST")
        } else if variant == .ecsManagedInstances {
            obj[strategyKey] = .array([.object(["capacityProvider": .string(notes.use(Placeholders.managedInstancesCapacityProvider)), "weight": .int(1)])])
            notes.choice("capacity", "ECS Managed Instances capacity provider", "\(purchasingWhy()); AWS launches, patches and replaces the EC2 instances (AWS facts as of 2026-12-01)")
        } else if variant == .ecsAnywhere {
            obj[launchKey] = .string("EXTERNAL")
            notes.choice("capacity", "EXTERNAL launch type (ECS Anywhere)", "\(notes.why(.onpremInterop)); your own servers, registered with SSM and the ECS agent")
        } else if spot {
            obj[strategyKey] = .array([.object(["capacityProvider": .string(notes.use(Placeholders.spotCapacityProvider)), "weight": .int(1)])])
            notes.choice("capacity", "EC2 Spot capacity provider", "\(notes.why(.purchasing)); an Auto Scaling group of Spot instances behind a capacity provider")
        } else {
            obj[launchKey] = .string("EC2")
            notes.choice("capacity", "EC2 launch type", purchasingWhy())
        }
    }

    private func purchasingWhy() -> String {
        switch profile.purchasing {
        case .reservedInstances:
            return "\(notes.why(.purchasing)); Reserved Instances are a billing discount on the EC2 instances, nothing to set here"
        case .savingsPlans:
            return "\(notes.why(.purchasing)); Compute Savings Plans cover EC2 and Fargate (AWS facts as of 2026-11-26), nothing to set here"
        default:
            return notes.why(.purchasing)
        }
    }

    private func awsvpc(capitalised: Bool) -> JSONValue {
        let subnets: JSONValue = .array([.string(notes.use(Placeholders.subnetA)), .string(notes.use(Placeholders.subnetB))])
        let groups: JSONValue = .array([.string(notes.use(Placeholders.securityGroup))])
        notes.choice("assignPublicIp", "DISABLED", "tasks run in private subnets; they need a NAT gateway or VPC endpoints to pull images and write logs")
        if capitalised {
            return .object(["Subnets": subnets, "SecurityGroups": groups, "AssignPublicIp": .string("DISABLED")])
        }
        return .object(["subnets": subnets, "securityGroups": groups, "assignPublicIp": .string("DISABLED")])
    }

    private func loadBalancers(into svc: inout [String: JSONValue]) {
        switch profile.loadBalancer {
        case .alb, .nlb:
            svc["loadBalancers"] = .array([.object([
                "targetGroupArn": .string(notes.use(Placeholders.targetGroup)),
                "containerName": .string(name),
                "containerPort": .int(profile.port),
            ])])
            svc["healthCheckGracePeriodSeconds"] = .int(60)
            let targetType = networkMode == "awsvpc" ? "ip" : "instance"
            notes.choice("load balancer", "\(profile.loadBalancer.rawValue.uppercased()), target group with target type \(targetType)",
                         notes.why(.loadBalancer) + (fargate ? "; Fargate needs target type ip (AWS facts as of 2026-11-26)" : "; \(networkMode) mode"))
            notes.command("aws elbv2 create-target-group --name \(Common.shellWord(targetGroupName)) --protocol \(profile.loadBalancer == .nlb ? "TCP" : "HTTP") --port \(profile.port) --target-type \(targetType) --vpc-id REPLACE-ME-vpc  # then put its ARN in service.json")
        case .clb:
            if fargate {
                notes.adjust("Fargate does not take the Classic Load Balancer (AWS facts as of 2026-11-26): service.json has no load balancer. Use an ALB or NLB with target type ip.")
            } else {
                svc["loadBalancers"] = .array([.object([
                    "loadBalancerName": .string(notes.use(Placeholders.classicLB)),
                    "containerName": .string(name),
                    "containerPort": .int(profile.port),
                ])])
                svc["healthCheckGracePeriodSeconds"] = .int(60)
                notes.choice("load balancer", "Classic Load Balancer", notes.why(.loadBalancer))
            }
        default:
            notes.choice("load balancer", "none", "\(notes.why(.loadBalancer)); reach the service through service discovery or add a load balancer")
        }
    }

    /// Target group names: at most 32 characters, not ending in a hyphen.
    private var targetGroupName: String {
        var n = String(name.prefix(32))
        while n.hasSuffix("-") { n.removeLast() }
        return n
    }

    // MARK: schedule.json

    /// EventBridge Scheduler CreateSchedule input (`aws scheduler create-schedule --cli-input-json`):
    /// an ECS service would keep the task running; a scheduled job runs a task per tick.
    func schedule() -> JSONValue {
        let cluster = notes.use(Placeholders.cluster)
        let region = Placeholders.region(ofImage: profile.image) ?? Placeholders.region
        var ecs: [String: JSONValue] = [
            "TaskDefinitionArn": .string("arn:aws:ecs:\(region):\(Placeholders.accountID):task-definition/\(family)"),
            "TaskCount": .int(1),
        ]
        placement(into: &ecs, lowercaseKeys: false)
        if networkMode == "awsvpc" {
            ecs["NetworkConfiguration"] = .object(["awsvpcConfiguration": awsvpc(capitalised: true)])
        }
        notes.choice("trigger", "EventBridge Scheduler runs one task per tick (schedule.json, no service)", notes.why(.trigger))
        if let d = profile.maxDurationSeconds {
            notes.choice("run time", "\(d) s", "\(notes.why(.maxDurationSeconds)); ECS does not stop a task after a time limit: the program must exit")
        }
        notes.command("# or, without CloudFormation, from the API input files (taskdef.json and the \(profile.trigger == .schedule ? "schedule" : "service")):")
        notes.command("aws logs create-log-group --log-group-name \(Common.shellWord("/ecs/" + name)) --region \(Common.shellWord(region))")
        notes.command("aws ecs register-task-definition --cli-input-json file://taskdef.json")
        notes.command("aws scheduler create-schedule --cli-input-json file://schedule.json")
        return .object([
            "Name": .string(name),
            "ScheduleExpression": .string(Common.scheduleExpression(profile, notes)),
            "FlexibleTimeWindow": .object(["Mode": .string("OFF")]),
            "Target": .object([
                "Arn": .string("arn:aws:ecs:\(region):\(Placeholders.accountID):cluster/\(cluster)"),
                "RoleArn": .string(notes.use(Placeholders.schedulerRole)),
                "EcsParameters": .object(ecs),
            ]),
        ])
    }
}
