@testable import BerthArtifacts
import BerthCore
import BerthCost
import Foundation
import XCTest
import Yams

/// Per-variant skeletons (docs/artifacts.md): the ECS stack, instance sizing, schedules,
/// health checks, environment and secrets, Kubernetes and Lambda variants.
final class VariantSkeletonTests: XCTestCase {
    private func resources(_ text: String?) throws -> [String: [String: Any]] {
        let root = try XCTUnwrap(try Yams.load(yaml: try XCTUnwrap(text)) as? [String: Any])
        let resources = try XCTUnwrap(root["Resources"] as? [String: Any])
        return resources.compactMapValues { $0 as? [String: Any] }
    }

    private func parameters(_ text: String?) throws -> [String: [String: Any]] {
        let root = try XCTUnwrap(try Yams.load(yaml: try XCTUnwrap(text)) as? [String: Any])
        return (root["Parameters"] as? [String: Any] ?? [:]).compactMapValues { $0 as? [String: Any] }
    }

    private func types(_ text: String?) throws -> [String] {
        try resources(text).values.compactMap { $0["Type"] as? String }.sorted()
    }

    private func properties(_ text: String?, _ type: String) throws -> [String: Any] {
        try XCTUnwrap(try resources(text).values.first { $0["Type"] as? String == type }?["Properties"] as? [String: Any], type)
    }

    private func documents(_ text: String?) throws -> [[String: Any]] {
        try Yams.load_all(yaml: try XCTUnwrap(text)).map { try XCTUnwrap($0 as? [String: Any]) }
    }

    // MARK: instance sizing

    private func offer(_ name: String, _ arch: String, vcpu: Double, gib: Double, gpus: Int = 0, usd: Double) -> InstanceOffer {
        InstanceOffer(type: InstanceType(name: name, arch: arch, vcpu: vcpu, memoryGiB: gib, gpus: gpus, gpuModel: nil, prices: []), hourlyUSD: usd)
    }

    func testTasksFitAfterTheKernelShareAndTheAgentsReservation() throws {
        // 8 GiB: 8192 x 0.95 = 7782 (rounded down), less the 256 MiB ECS_RESERVED_MEMORY.
        XCTAssertEqual(InstanceSizing.usableMemoryMiB(gib: 8), 7526)
        XCTAssertEqual(InstanceSizing.usableMemoryMiB(gib: 32), 30873)
        let small = offer("small", "x86_64", vcpu: 2, gib: 8, usd: 0.10)
        let large = offer("large", "x86_64", vcpu: 4, gib: 16, usd: 0.20)
        let graviton = offer("graviton", "arm64", vcpu: 2, gib: 8, usd: 0.05)
        var p = Profile(name: "t")
        p.vcpu = 1
        p.memoryMiB = 7526
        XCTAssertEqual(InstanceSizing.choose(p, from: [large, small, graviton])?.offer.type.name, "small", "exactly the usable memory fits")
        XCTAssertEqual(InstanceSizing.choose(p, from: [large, small])?.tasksPerInstance, 1)
        p.memoryMiB = 7527
        XCTAssertEqual(InstanceSizing.choose(p, from: [large, small, graviton])?.offer.type.name, "large", "one MiB more does not")
        p.memoryMiB = 3000
        XCTAssertEqual(InstanceSizing.choose(p, from: [large, small])?.tasksPerInstance, 2, "by vCPU: 2048 / 1024 units")
        p.arch = .arm64
        XCTAssertEqual(InstanceSizing.choose(p, from: [large, small, graviton])?.offer.type.name, "graviton")
        p.gpuCount = 1
        XCTAssertNil(InstanceSizing.choose(p, from: [large, small, graviton]), "GPU work only on GPU types")
    }

    /// The issue's case: 8 vCPU and a hard 32,768 MiB do not fit a g5.2xlarge (8 vCPU,
    /// 32 GiB) once the agent's share is gone, and the catalog has nothing larger with a GPU.
    func testAGPUTaskThatFitsNoCatalogTypeLeavesTheInstanceTypeToTheUser() throws {
        let files = try Fixture.generate("name: big\nvcpu: 8\nmemory_mib: 32768\ngpu_count: 1\ntrigger: worker\n", .ecsEC2)
        let instanceType = try XCTUnwrap(try parameters(files["template.yaml"])["InstanceType"])
        XCTAssertNil(instanceType["Default"])
        XCTAssertEqual(instanceType["Description"] as? String, "REPLACE-ME: no type in berth's catalog fits the task; see README.md")
        XCTAssertTrue(files["README.md"]?.contains("No instance type in berth") ?? false)
        let fits = try Fixture.generate("name: fits\nvcpu: 8\nmemory_mib: 30873\ngpu_count: 1\ntrigger: worker\n", .ecsEC2)
        let chosen = try XCTUnwrap(try parameters(fits["template.yaml"])["InstanceType"]?["Default"] as? String)
        XCTAssertTrue(["g5.2xlarge", "g6.2xlarge"].contains(chosen), chosen)
        XCTAssertTrue(fits["README.md"]?.contains("| tasks per instance | 1 |") ?? false)
    }

    // MARK: ECS stacks

    func testEveryECSVariantHasItsCapacityInTheStack() throws {
        let web = "name: web\nload_balancer: alb\nmin_tasks: 2\nmax_tasks: 6\n"
        let onDemand = try Fixture.generate(web, .fargate, variant: .fargateOnDemand)
        XCTAssertEqual(try properties(onDemand["template.yaml"], "AWS::ECS::Service")["LaunchType"] as? String, "FARGATE")
        let spot = try Fixture.generate(web, .fargate, variant: .fargateSpot)
        let strategy = try XCTUnwrap(try properties(spot["template.yaml"], "AWS::ECS::Service")["CapacityProviderStrategy"] as? [[String: Any]])
        XCTAssertEqual(strategy.first?["CapacityProvider"] as? String, "FARGATE_SPOT")

        let selfManaged = try Fixture.generate(web, .ecsEC2, variant: .ecsSelfManaged)
        XCTAssertTrue(try types(selfManaged["template.yaml"]).contains("AWS::AutoScaling::AutoScalingGroup"))
        XCTAssertTrue(try types(selfManaged["template.yaml"]).contains("AWS::ECS::ClusterCapacityProviderAssociations"))
        let lt = try properties(selfManaged["template.yaml"], "AWS::EC2::LaunchTemplate")["LaunchTemplateData"] as? [String: Any]
        XCTAssertEqual((lt?["MetadataOptions"] as? [String: Any])?["HttpTokens"] as? String, "required")

        let managed = try Fixture.generate(web, .ecsEC2, variant: .ecsManagedInstances)
        let provider = try properties(managed["template.yaml"], "AWS::ECS::CapacityProvider")
        XCTAssertNotNil(provider["ManagedInstancesProvider"])
        XCTAssertNil(provider["AutoScalingGroupProvider"])
        XCTAssertEqual(try Fixture.json(managed["taskdef.json"])["requiresCompatibilities"] as? [String], ["MANAGED_INSTANCES"])
        XCTAssertEqual(try Fixture.json(managed["taskdef.json"])["networkMode"] as? String, "awsvpc")

        let anywhere = try Fixture.generate(web, .ecsEC2, variant: .ecsAnywhere)
        let service = try properties(anywhere["template.yaml"], "AWS::ECS::Service")
        XCTAssertEqual(service["LaunchType"] as? String, "EXTERNAL")
        XCTAssertNil(service["LoadBalancers"], "ECS Anywhere has no load balancer support")
        XCTAssertTrue(anywhere["README.md"]?.contains("aws ssm create-activation") ?? false)
        XCTAssertTrue(anywhere["README.md"]?.contains("ecs-anywhere-install.sh") ?? false)
        XCTAssertEqual(try Fixture.json(anywhere["service.json"])["launchType"] as? String, "EXTERNAL")
    }

    func testExpressModeOnlyForOneHTTPPortOnFargateOnDemand() throws {
        let web = try Fixture.generate("name: w\nload_balancer: alb\nhealth_check_path: /ok\nmin_tasks: 2\nmax_tasks: 5\n", .fargate, variant: .fargateOnDemand)
        let service = try properties(web["express.yaml"], "AWS::ECS::ExpressGatewayService")
        XCTAssertEqual(service["HealthCheckPath"] as? String, "/ok")
        XCTAssertEqual((service["ScalingTarget"] as? [String: Any])?["MaxTaskCount"] as? Int, 5)
        XCTAssertEqual(service["Cpu"] as? String, "512", "the default 0.5 vCPU as a Fargate size")
        XCTAssertTrue(try types(web["express.yaml"]).contains("AWS::IAM::Role"))
        for (yaml, variant) in [("name: n\nload_balancer: nlb\n", Variant.fargateOnDemand), ("name: q\ntrigger: worker\n", .fargateOnDemand),
                                ("name: s\nload_balancer: alb\n", .fargateSpot), ("name: w\nos: windows\nvcpu: 1\nmemory_mib: 2048\n", .fargateOnDemand)] {
            XCTAssertNil(try Fixture.generate(yaml, .fargate, variant: variant)["express.yaml"], yaml)
        }
    }

    func testTheAMIFollowsOSArchitectureAndGPU() throws {
        func ami(_ yaml: String) throws -> String? {
            try parameters(Fixture.generate(yaml, .ecsEC2, variant: .ecsSelfManaged)["template.yaml"])["AmiId"]?["Default"] as? String
        }
        XCTAssertEqual(try ami("name: a\n"), "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id")
        XCTAssertEqual(try ami("name: a\narch: arm64\n"), "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id")
        XCTAssertEqual(try ami("name: a\ngpu_count: 1\nvcpu: 2\nmemory_mib: 4096\n"), "/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id")
        XCTAssertEqual(try ami("name: a\nos: windows\nvcpu: 1\nmemory_mib: 2048\n"), "/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-ECS_Optimized/image_id")
    }

    func testScalingFitsTheWorkload() throws {
        func policy(_ yaml: String) throws -> [String: Any]? {
            let files = try Fixture.generate(yaml, .fargate)
            return try resources(files["template.yaml"]).values.first { $0["Type"] as? String == "AWS::ApplicationAutoScaling::ScalingPolicy" }?["Properties"] as? [String: Any]
        }
        func metric(_ p: [String: Any]?) -> String? {
            let config = p?["TargetTrackingScalingPolicyConfiguration"] as? [String: Any]
            if let predefined = config?["PredefinedMetricSpecification"] as? [String: Any] { return predefined["PredefinedMetricType"] as? String }
            return (config?["CustomizedMetricSpecification"] as? [String: Any])?["MetricName"] as? String
        }
        XCTAssertEqual(metric(try policy("name: a\nload_balancer: alb\nmax_tasks: 4\n")), "ALBRequestCountPerTarget")
        XCTAssertEqual(metric(try policy("name: a\nload_balancer: nlb\nmax_tasks: 4\n")), "ECSServiceAverageCPUUtilization")
        XCTAssertEqual(metric(try policy("name: a\ntrigger: worker\nmax_tasks: 4\n")), "ApproximateNumberOfMessagesVisible")
        XCTAssertNil(try policy("name: a\nload_balancer: alb\nmin_tasks: 4\nmax_tasks: 4\n"), "a fixed size does not scale")
        let gpu = try Fixture.generate("name: g\ngpu_count: 1\nvcpu: 2\nmemory_mib: 4096\nload_balancer: nlb\nmax_tasks: 4\n", .ecsEC2)
        XCTAssertFalse(try types(gpu["template.yaml"]).contains("AWS::ApplicationAutoScaling::ScalingPolicy"), "none for GPU work")
        XCTAssertTrue(gpu["README.md"]?.contains("no scaling policy (CPU and request count do not measure GPU load)") ?? false)
    }

    func testAScheduleUsesTheProfilesExpressionOrAParameterWithNoDefault() throws {
        let given = try Fixture.generate("name: n\ntrigger: schedule\nschedule: cron(0 2 * * ? *)\nmax_duration_seconds: 7200\n", .fargate)
        XCTAssertEqual(try properties(given["template.yaml"], "AWS::Scheduler::Schedule")["ScheduleExpression"] as? String, "cron(0 2 * * ? *)")
        XCTAssertEqual(try Fixture.json(given["schedule.json"])["ScheduleExpression"] as? String, "cron(0 2 * * ? *)")
        XCTAssertNil(try parameters(given["template.yaml"])["ScheduleExpression"])
        XCTAssertFalse(try types(given["template.yaml"]).contains("AWS::ECS::Service"), "a scheduled task has no service")

        let missing = try Fixture.generate("name: n\ntrigger: schedule\n", .fargate)
        let parameter = try XCTUnwrap(try parameters(missing["template.yaml"])["ScheduleExpression"])
        XCTAssertNil(parameter["Default"], "no guessed schedule can be deployed by accident")
        XCTAssertTrue((parameter["Description"] as? String)?.hasPrefix("REPLACE-ME") ?? false)
        XCTAssertTrue(missing["README.md"]?.contains("ScheduleExpression=REPLACE-ME") ?? false)

        let overlapping = try Fixture.generate("name: n\ntrigger: schedule\nschedule: rate(1 hour)\nmax_duration_seconds: 3600\n", .fargate)
        XCTAssertTrue(overlapping["README.md"]?.contains("Runs can overlap") ?? false)
        let apart = try Fixture.generate("name: n\ntrigger: schedule\nschedule: rate(1 hour)\nmax_duration_seconds: 3599\n", .fargate)
        XCTAssertFalse(apart["README.md"]?.contains("Runs can overlap") ?? true)
    }

    func testSecretsAreReferencesAndTheExecutionRoleReadsOnlyThem() throws {
        let files = try Fixture.generate("""
            name: s
            image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.0
            health_check_path: /healthz
            environment: {LOG_LEVEL: info}
            secrets: {DB: prod/db, TOKEN: /prod/token, KEY: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:k-AbCdEf"}
            """, .fargate)
        let td = try Fixture.json(files["taskdef.json"])
        let container = try XCTUnwrap((td["containerDefinitions"] as? [[String: Any]])?.first)
        XCTAssertEqual(container["environment"] as? [[String: String]], [["name": "LOG_LEVEL", "value": "info"]])
        XCTAssertEqual(container["secrets"] as? [[String: String]], [
            ["name": "DB", "valueFrom": "prod/db"],
            ["name": "KEY", "valueFrom": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:k-AbCdEf"],
            ["name": "TOKEN", "valueFrom": "/prod/token"],
        ])
        let check = try XCTUnwrap(container["healthCheck"] as? [String: Any])
        XCTAssertEqual(check["command"] as? [String], ["CMD-SHELL", "curl -f http://localhost:8080/healthz || exit 1"])
        let template = try XCTUnwrap(files["template.yaml"])
        XCTAssertTrue(template.contains(#"!Sub "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/db-??????""#), template)
        XCTAssertTrue(template.contains(#"!Sub "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/prod/token""#))
        XCTAssertTrue(template.contains(#"- "arn:aws:secretsmanager:eu-west-1:111122223333:secret:k-AbCdEf""#))
        XCTAssertTrue(template.contains(#"Resource: "arn:aws:ecr:eu-west-1:111122223333:repository/team/app""#), "pull from the image's repository only")
        XCTAssertFalse(template.contains("secretsmanager:*"))
    }

    func testAHealthCheckPathWithShellCharactersStaysOneWord() throws {
        let files = try Fixture.generate("name: h\nhealth_check_path: /a$(b);c\n", .fargate)
        let container = try XCTUnwrap((try Fixture.json(files["taskdef.json"])["containerDefinitions"] as? [[String: Any]])?.first)
        XCTAssertEqual((container["healthCheck"] as? [String: Any])?["command"] as? [String], ["CMD-SHELL", "curl -f 'http://localhost:8080/a$(b);c' || exit 1"])
    }

    // MARK: schedules for Kubernetes

    func testEventBridgeSchedulesBecomeKubernetesCronOnlyWhenExact() throws {
        func cron(_ text: String) throws -> String? { Common.kubernetesCron(try ScheduleExpression.parse(text).get()) }
        XCTAssertEqual(try cron("cron(0 2 ? * MON-FRI *)"), "0 2 * * MON-FRI")
        XCTAssertEqual(try cron("cron(0 12 ? * 2-6 *)"), "0 12 * * 1-5", "EventBridge counts days from 1 = Sunday, Kubernetes from 0")
        XCTAssertEqual(try cron("cron(15 3 1 * ? *)"), "15 3 1 * *")
        XCTAssertEqual(try cron("cron(0/15 * * * ? *)"), "0/15 * * * *")
        XCTAssertNil(try cron("cron(0 0 1 1 ? 2027)"), "a year has no Kubernetes form")
        XCTAssertNil(try cron("cron(0 12 L * ? *)"))
        XCTAssertNil(try cron("cron(0 12 ? * 6#3 *)"))
        XCTAssertEqual(try cron("rate(1 minute)"), "* * * * *")
        XCTAssertEqual(try cron("rate(15 minutes)"), "*/15 * * * *")
        XCTAssertNil(try cron("rate(7 minutes)"), "7 does not divide an hour")
        XCTAssertEqual(try cron("rate(6 hours)"), "0 */6 * * *")
        XCTAssertNil(try cron("rate(5 hours)"))
        XCTAssertEqual(try cron("rate(1 day)"), "0 0 * * *")
        XCTAssertNil(try cron("rate(2 days)"))

        let job = try documents(Fixture.generate("name: c\ntrigger: schedule\nschedule: cron(30 1 ? * SUN *)\n", .eks)["k8s.yaml"])
        let spec = try XCTUnwrap(job.first { $0["kind"] as? String == "CronJob" }?["spec"] as? [String: Any])
        XCTAssertEqual(spec["schedule"] as? String, "30 1 * * SUN")
        XCTAssertEqual(spec["timeZone"] as? String, "Etc/UTC")
        let yearly = try Fixture.generate("name: c\ntrigger: schedule\nschedule: cron(0 0 1 1 ? 2030)\n", .eks)
        XCTAssertTrue(yearly["README.md"]?.contains("no exact Kubernetes cron equivalent") ?? false)
    }

    // MARK: Kubernetes

    func testHTTPProbesBudgetsAndNoCPUAutoscalerForGPUs() throws {
        let web = try documents(Fixture.generate("name: w\nhealth_check_path: /ready\nmin_tasks: 2\nmax_tasks: 5\n", .eks)["k8s.yaml"])
        let pod = try XCTUnwrap((((web.first { $0["kind"] as? String == "Deployment" }?["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"]) as? [String: Any])
        let container = try XCTUnwrap((pod["containers"] as? [[String: Any]])?.first)
        XCTAssertEqual(((container["readinessProbe"] as? [String: Any])?["httpGet"] as? [String: Any])?["path"] as? String, "/ready")
        XCTAssertEqual(((container["livenessProbe"] as? [String: Any])?["httpGet"] as? [String: Any])?["path"] as? String, "/ready")
        XCTAssertEqual((pod["securityContext"] as? [String: Any])?["runAsNonRoot"] as? Bool, true)
        XCTAssertEqual(pod["automountServiceAccountToken"] as? Bool, false)
        let pdb = try XCTUnwrap(web.first { $0["kind"] as? String == "PodDisruptionBudget" }?["spec"] as? [String: Any])
        XCTAssertEqual(pdb["maxUnavailable"] as? Int, 1)

        let single = try documents(Fixture.generate("name: w\nmin_tasks: 1\nmax_tasks: 1\n", .eks)["k8s.yaml"])
        XCTAssertFalse(single.contains { $0["kind"] as? String == "PodDisruptionBudget" }, "one replica: a budget would block every drain")

        let gpu = try documents(Fixture.generate("name: g\ngpu_count: 1\nvcpu: 2\nmemory_mib: 4096\nmin_tasks: 1\nmax_tasks: 4\n", .eks)["k8s.yaml"])
        XCTAssertFalse(gpu.contains { $0["kind"] as? String == "HorizontalPodAutoscaler" })
        XCTAssertEqual((gpu.first { $0["kind"] as? String == "Deployment" }?["spec"] as? [String: Any])?["replicas"] as? Int, 1)
    }

    func testSecretsComeFromAKubernetesSecretAndPlainVariablesInline() throws {
        let docs = try documents(Fixture.generate("name: e\ntrigger: worker\nenvironment: {MODE: fast}\nsecrets: {DB: prod/db}\n", .eks)["k8s.yaml"])
        let pod = try XCTUnwrap((((docs.first { $0["kind"] as? String == "Deployment" }?["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"]) as? [String: Any])
        let env = try XCTUnwrap(((pod["containers"] as? [[String: Any]])?.first)?["env"] as? [[String: Any]])
        XCTAssertEqual(env.first?["value"] as? String, "fast")
        let ref = (env.last?["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: String]
        XCTAssertEqual(ref, ["name": "e-secrets", "key": "DB"])
    }

    func testEKSFargateAndAutoModeAddWhatTheyNeed() throws {
        let fargate = try Fixture.generate("name: f\n", .eks, variant: .eksFargate)
        XCTAssertEqual(try types(fargate["fargate-profile.yaml"]), ["AWS::EKS::FargateProfile", "AWS::IAM::Role"])
        XCTAssertNil(fargate["nodepool.yaml"])
        let auto = try Fixture.generate("name: a\narch: arm64\n", .eks, variant: .eksAutoMode)
        let pool = try XCTUnwrap(try documents(auto["nodepool.yaml"]).first)
        XCTAssertEqual(pool["kind"] as? String, "NodePool")
        let selector = try documents(auto["k8s.yaml"]).first { $0["kind"] as? String == "Deployment" }
        let nodeSelector = ((((selector?["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"]) as? [String: Any])?["nodeSelector"] as? [String: String]
        XCTAssertEqual(nodeSelector?["karpenter.sh/nodepool"], "a")
        XCTAssertNil(try Fixture.generate("name: a\n", .eks, variant: .eksAutoMode)["nodepool.yaml"], "x86 without GPUs: the built-in pools serve it")
        let hybrid = try documents(Fixture.generate("name: h\ntrigger: worker\n", .eks, variant: .eksHybridNodes)["k8s.yaml"]).first { $0["kind"] as? String == "Deployment" }
        let hybridSelector = ((((hybrid?["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"]) as? [String: Any])?["nodeSelector"] as? [String: String]
        XCTAssertEqual(hybridSelector?["eks.amazonaws.com/compute-type"], "hybrid")
    }

    // MARK: Lambda

    func testLambdaQueuesHaveADeadLetterQueueAndManagedInstancesACapacityProvider() throws {
        let event = try Fixture.generate("name: e\ntrigger: event\n", .lambda)
        let queue = try XCTUnwrap(try resources(event["template.yaml"])["Queue"]?["Properties"] as? [String: Any])
        XCTAssertEqual((queue["RedrivePolicy"] as? [String: Any])?["maxReceiveCount"] as? Int, 5)
        XCTAssertEqual(queue["SqsManagedSseEnabled"] as? Bool, true)
        let http = try Fixture.generate("name: h\ntrigger: http\n", .lambda)
        XCTAssertNil(try resources(http["template.yaml"])["DeadLetterQueue"], "a synchronous API has no dead-letter queue")

        let managed = try Fixture.generate("name: m\ntrigger: schedule\nschedule: rate(5 minutes)\nmemory_mib: 512\n", .lambda, variant: .lambdaManagedInstances)
        XCTAssertTrue(try types(managed["template.yaml"]).contains("AWS::Lambda::CapacityProvider"))
        let function = try properties(managed["template.yaml"], "AWS::Serverless::Function")
        XCTAssertEqual(function["MemorySize"] as? Int, 2048, "Lambda Managed Instances take at least 2,048 MB")
        XCTAssertNotNil(function["CapacityProviderConfig"])
        let timer = ((function["Events"] as? [String: Any])?["Timer"] as? [String: Any])?["Properties"] as? [String: Any]
        XCTAssertEqual(timer?["Schedule"] as? String, "rate(5 minutes)")
    }

    func testARequestLongerThanAPIGatewaysLimitGoesThroughAFunctionURL() throws {
        let slow = try properties(Fixture.generate("name: s\ntrigger: http\nmax_duration_seconds: 30\n", .lambda)["template.yaml"], "AWS::Serverless::Function")
        XCTAssertEqual((slow["FunctionUrlConfig"] as? [String: Any])?["AuthType"] as? String, "AWS_IAM")
        XCTAssertNil(slow["Events"])
        let quick = try properties(Fixture.generate("name: q\ntrigger: http\nmax_duration_seconds: 29\n", .lambda)["template.yaml"], "AWS::Serverless::Function")
        XCTAssertNil(quick["FunctionUrlConfig"], "29 s is within API Gateway's limit")
        XCTAssertNotNil((quick["Events"] as? [String: Any])?["Http"])
    }

    func testLoadBalancersCheckTheHealthPath() throws {
        let alb = try documents(Fixture.generate("name: a\nload_balancer: alb\nhealth_check_path: /up\n", .eks)["k8s.yaml"])
        let ingress = (alb.first { $0["kind"] as? String == "Ingress" }?["metadata"] as? [String: Any])?["annotations"] as? [String: String]
        XCTAssertEqual(ingress?["alb.ingress.kubernetes.io/healthcheck-path"], "/up")
        let nlb = try documents(Fixture.generate("name: n\nload_balancer: nlb\nhealth_check_path: /up\n", .eks)["k8s.yaml"])
        let service = (nlb.first { $0["kind"] as? String == "Service" }?["metadata"] as? [String: Any])?["annotations"] as? [String: String]
        XCTAssertEqual(service?["service.beta.kubernetes.io/aws-load-balancer-healthcheck-path"], "/up")
        let group = try properties(Fixture.generate("name: e\nload_balancer: alb\nhealth_check_path: /up\n", .fargate)["template.yaml"], "AWS::ElasticLoadBalancingV2::TargetGroup")
        XCTAssertEqual(group["HealthCheckPath"] as? String, "/up")
    }

    // MARK: variants

    func testAVariantOfAnotherPlatformOrAnExcludedOneIsRefused() throws {
        let p = try Fixture.profile("name: v\n")
        XCTAssertThrowsError(try ArtifactGenerator.generate(profile: p, platform: .fargate, variant: .ecsAnywhere, decision: Fixture.decision(for: p, eligible: [.fargate]))) {
            XCTAssertEqual(($0 as? ArtifactError)?.kind, .variantMismatch)
            XCTAssertEqual(($0 as? ArtifactError)?.category, .usage)
        }
        var decision = Fixture.decision(for: p, eligible: [.ecsEC2])
        let reason = Reason(rule: "no-anywhere", effect: .exclude, message: "not on premises", source: "test")
        let ec2 = try XCTUnwrap(decision.candidates.firstIndex { $0.platform == .ecsEC2 })
        decision.candidates[ec2].variants = [VariantVerdict(variant: .ecsAnywhere, eligible: false, reasons: [reason], unverified: [])]
        XCTAssertThrowsError(try ArtifactGenerator.generate(profile: p, platform: .ecsEC2, variant: .ecsAnywhere, decision: decision)) {
            XCTAssertEqual(($0 as? ArtifactError)?.kind, .platformExcluded)
            XCTAssertEqual(($0 as? ArtifactError)?.rules, ["no-anywhere"])
        }
        let forced = try ArtifactGenerator.generate(profile: p, platform: .ecsEC2, variant: .ecsAnywhere, decision: decision, force: true)
        XCTAssertTrue(forced.last?.contents.contains("`no-anywhere`") ?? false)
    }
}
