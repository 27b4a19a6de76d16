import BerthCore
@testable import BerthImport
import Foundation
import XCTest

final class ComposeTests: XCTestCase {
    func testServiceFieldsAndTheirRules() throws {
        let result = importing("""
            services:
              api:
                image: nginx:1.27
                platform: windows/amd64
                cpus: 0.25
                mem_limit: 300m
                ports:
                  - target: 8443
                    published: 443
                  - "9000"
                privileged: true
                scale: 0
              bad:
                image: nginx
                privileged: yes
              gpu:
                image: ghcr.io/acme/gpu:1
                gpus: all
            """, file: "compose.yaml")
        let api = try result.profile("api")
        XCTAssertEqual(api.os, .windows)
        XCTAssertEqual(api.arch, .x86_64)
        XCTAssertEqual(api.vcpu, 0.25)
        XCTAssertEqual(api.memoryMiB, 300)
        XCTAssertEqual(api.port, 8443)
        XCTAssertEqual(api.trigger, .http)
        XCTAssertEqual(api.minTasks, 0)
        XCTAssertEqual(api.maxTasks, 1, "max_tasks is at least 1")
        XCTAssertEqual(api.rule(.memoryMiB), "services.api.mem_limit 300m -> memory_mib 300")
        XCTAssertEqual(api.place(.vcpu), "compose.yaml:5:5")
        XCTAssertTrue(api.privileged)
        XCTAssertEqual(result.errors.map(\.description), ["compose.yaml:15:17: bad-value: bad: privileged must be true or false, got 'yes'"], "'yes' is not a YAML 1.2 boolean")
        XCTAssertEqual(result.workloads.map(\.profile.name), ["api", "gpu"], "the service with the bad value is skipped")
        XCTAssertTrue(result.notes(.assumed).contains { $0.message.contains("2 ports") })
        let gpu = try result.profile("gpu")
        XCTAssertEqual(gpu.gpuCount, 1)
        XCTAssertEqual(gpu.trigger, .worker)
        XCTAssertEqual(gpu.rule(.trigger), "no ports -> trigger worker")
    }

    func testMergeKeysFillServicesFromAnAnchor() throws {
        let result = importing("""
            x-base: &base
              image: ghcr.io/acme/base:1
              deploy: {resources: {limits: {cpus: "0.25", memory: 256M}}}
            x-more: &more
              privileged: true
              image: ghcr.io/acme/more:1
            services:
              a:
                <<: *base
                ports: ["80"]
              b:
                <<: [*more, *base]
                image: ghcr.io/acme/b:2
            """, file: "compose.yaml")
        XCTAssertEqual(result.notes(.unknownKey), [], "<< is a merge, not a key")
        let a = try result.profile("a")
        XCTAssertEqual(a.image, "ghcr.io/acme/base:1")
        XCTAssertEqual(a.vcpu, 0.25)
        XCTAssertEqual(a.place(.vcpu), "compose.yaml:3:33", "the anchor's line, where the value is written")
        XCTAssertEqual(a.rule(.vcpu), "services.a.deploy.resources.limits.cpus 0.25 -> vcpu 0.25")
        let b = try result.profile("b")
        XCTAssertEqual(b.image, "ghcr.io/acme/b:2", "an explicit key wins over merged ones")
        XCTAssertTrue(b.privileged)
        XCTAssertEqual(b.memoryMiB, 256)
    }

    func testUnknownTopLevelKeyAndBadByteValue() throws {
        let result = importing("""
            servics: {}
            services:
              web:
                image: nginx
                deploy: {resources: {limits: {memory: 2x}}}
              ok:
                image: nginx
            """, file: "compose.yaml")
        XCTAssertEqual(result.notes(.unknownKey).map(\.description), ["compose.yaml:1:1: unknown-key: 'servics' is not a top-level key of a Compose file (did you mean 'services'?); not used"])
        XCTAssertEqual(result.errors.map(\.description), ["compose.yaml:5:43: bad-quantity: web: services.web.deploy.resources.limits.memory '2x' is not a byte value (such as 512m, 1g, 1024k or a number of bytes)"])
        XCTAssertEqual(result.workloads.map(\.profile.name), ["ok"], "the bad service is skipped, the other kept")
    }
}

final class KubernetesTests: XCTestCase {
    func testListKindsStatefulSetsJobsAndIngress() throws {
        let result = importing("""
            apiVersion: v1
            kind: List
            items:
              - apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      hostNetwork: true
                      affinity:
                        nodeAffinity:
                          requiredDuringSchedulingIgnoredDuringExecution:
                            nodeSelectorTerms:
                              - matchExpressions:
                                  - {key: kubernetes.io/arch, operator: In, values: [arm64]}
                      containers:
                        - name: db
                          image: postgres:17
                          resources:
                            requests: {cpu: "1.5", memory: 1e9, ephemeral-storage: 10Gi, nvidia.com/gpu: "2"}
              - apiVersion: batch/v1
                kind: Job
                metadata: {name: migrate}
                spec:
                  parallelism: 4
                  activeDeadlineSeconds: 600
                  template:
                    spec:
                      containers: [{name: m, image: busybox, resources: {limits: {cpu: 2x}}}]
              - apiVersion: v1
                kind: Service
                metadata: {name: db}
                spec: {selector: {app: db}, ports: [{port: 5432}]}
              - apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web}
                spec:
                  ingressClassName: alb
                  rules:
                    - http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: db, port: {number: 5432}}}}]}
              - apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
            """, file: "k.yaml")
        let db = try result.profile("db")
        XCTAssertEqual(db.vcpu, 1.5)
        XCTAssertEqual(db.memoryMiB, 954)
        XCTAssertEqual(db.ephemeralStorageGiB, 10)
        XCTAssertEqual(db.gpuCount, 2)
        XCTAssertEqual(db.arch, .arm64)
        XCTAssertTrue(db.privileged)
        XCTAssertEqual(db.rule(.privileged), "items[0].spec.template.spec.hostNetwork true (host access) -> privileged true")
        XCTAssertEqual(db.loadBalancer, .alb)
        XCTAssertEqual(db.trigger, .http)
        XCTAssertTrue(result.notes(.assumed).contains { $0.message == "cpu: a container has a request and no limit; its request is used" })
        XCTAssertEqual(result.errors.map(\.description), [
            "k.yaml:31:76: bad-quantity: migrate: items[1].spec.template.spec.containers[0].resources.limits.cpu '2x' is not a Kubernetes quantity (\(Quantity.forms))",
        ])
        XCTAssertNil(result.workloads.first { $0.profile.name == "migrate" }, "a workload with a bad quantity is skipped")
        XCTAssertEqual(result.notes(.unknownKind).map(\.description), ["k.yaml:44:11: unknown-kind: kind 'Widget' is not a Kubernetes kind berth knows; not used"])
    }

    func testJobsDaemonSetsAndTheCurrentOption() throws {
        let result = importing("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              parallelism: 4
              activeDeadlineSeconds: 600
              template: {spec: {containers: [{name: m, image: busybox}]}}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              template:
                spec:
                  nodeSelector: {kubernetes.io/os: windows}
                  containers: [{name: a, image: agent, securityContext: {privileged: true}}]
            """, file: "k.yaml", ImportOptions(current: .eks))
        let job = try result.profile("migrate")
        XCTAssertEqual(job.trigger, .worker)
        XCTAssertTrue(job.distributedBatch)
        XCTAssertEqual(job.maxDurationSeconds, 600)
        XCTAssertEqual(job.currentPlatform, .eks)
        XCTAssertEqual(job.rule(.currentPlatform), "--current eks -> current_platform eks")
        let agent = try result.profile("agent")
        XCTAssertEqual(agent.os, .windows)
        XCTAssertTrue(agent.privileged)
        XCTAssertEqual(agent.trigger, .worker)
        XCTAssertEqual(result.errors, [])
    }

    func testBrokenYAMLAndManifestsWithoutKind() {
        XCTAssertEqual(importing("apiVersion: v1\nkind: Pod\nmetadata: {name: [}\n", file: "b.yaml").errors.map(\.code), ["syntax"])
        let missing = importing("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a}]}\n---\nmetadata: {name: x}\n", file: "m.yaml")
        XCTAssertEqual(missing.errors.map(\.description), ["m.yaml:6:1: missing-key: a Kubernetes manifest needs apiVersion and kind"])
        XCTAssertEqual(missing.workloads.map(\.profile.name), ["p"])
    }
}

final class ECSTests: XCTestCase {
    let register = #"""
        {
          "family": "Worker_Pool",
          "requiresCompatibilities": ["EXTERNAL"],
          "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
          "containerDefinitions": [
            {"name": "main", "image": "acme/worker:1", "cpu": 512, "memory": 1024, "privileged": true,
             "resourceRequirements": [{"type": "GPU", "value": "1"}]},
            {"name": "side", "image": "acme/side:1", "cpu": 256, "memory": 512, "essential": false,
             "resourceRequirements": [{"type": "GPU", "value": "1"}]}
          ]
        }
        """#

    func testRegisterInputWithContainerSizes() throws {
        let result = importing(register, file: "td.json")
        let w = try result.profile("worker-pool")
        XCTAssertEqual(w.vcpu, 0.75, "no task size: the containers' units added up")
        XCTAssertEqual(w.memoryMiB, 1536)
        XCTAssertEqual(w.gpuCount, 2)
        XCTAssertEqual(w.arch, .arm64)
        XCTAssertEqual(w.os, .windows)
        XCTAssertTrue(w.privileged)
        XCTAssertEqual(w.trigger, .worker)
        XCTAssertEqual(w.currentPlatform, .ecsEC2)
        XCTAssertEqual(w.currentVariant, .ecsAnywhere)
        XCTAssertEqual(w.rule(.vcpu), "no task size; containerDefinitions[0].cpu 512 + containerDefinitions[1].cpu 256 -> vcpu 0.75 (1024 units = 1 vCPU)")
        XCTAssertEqual(result.notes(.renamed).map(\.message), ["'Worker_Pool' is named 'worker-pool' (a DNS-1123 label)"])
        XCTAssertEqual(result.notes(.chosenContainer).count, 1)
    }

    func testTaskSizesInVCPUAndGBAndLaunchTypes() throws {
        let result = importing(#"{"taskDefinition": {"family": "f", "cpu": "0.5 vCPU", "memory": "2 GB", "requiresCompatibilities": ["EC2"], "containerDefinitions": [{"name": "a", "image": "nginx"}]}}"#, file: "d.json")
        let f = try result.profile("f")
        XCTAssertEqual(f.vcpu, 0.5)
        XCTAssertEqual(f.memoryMiB, 2048)
        XCTAssertEqual(f.currentPlatform, .ecsEC2)
        XCTAssertNil(f.currentVariantID)
        let both = importing(#"{"family": "g", "requiresCompatibilities": ["EC2", "FARGATE"], "containerDefinitions": [{"name": "a", "image": "nginx"}]}"#, file: "e.json")
        XCTAssertNil(try both.profile("g").currentPlatform)
        XCTAssertTrue(both.notes(.assumed).contains { $0.message.contains("more than one launch type") })
    }

    func testAJSONFileIsStrictJSON() throws {
        let folder = try temporaryFolder()
        try #"{"family": "f", "containerDefinitions": [{"name": "a", "image": "nginx"},]}"#.write(toFile: folder + "/td.json", atomically: true, encoding: .utf8)
        let result = Importer.run(paths: [folder + "/td.json"])
        XCTAssertEqual(result.workloads.count, 0, "YAML would read the trailing comma; JSON does not")
        XCTAssertEqual(result.errors.map(\.code), ["syntax"])
        XCTAssertEqual(result.errors.first?.location?.line, 1)
    }

    func testBrokenJSONNamesItsPlace() {
        let result = importing("{\"family\": \"f\",\n  \"containerDefinitions\": [}\n", file: "bad.json")
        XCTAssertEqual(result.errors.map(\.code), ["syntax"])
        XCTAssertEqual(result.errors.first?.location?.line, 2)
    }
}

final class CopilotTests: XCTestCase {
    let manifest = """
        name: jobs
        type: Scheduled Job
        image: {location: acme/jobs:3}
        on: {schedule: "@daily"}
        timeout: 1h30m
        cpu: 256
        memory: 512
        platform: {osfamily: linux, architecture: arm64}
        environments:
          prod:
            cpu: 2048
            memory: 4096
        """

    func testEveryWorkloadType() throws {
        let types: [(String, Trigger, LoadBalancer, Platform?)] = [
            ("Load Balanced Web Service", .http, .alb, .fargate), ("Backend Service", .http, .none, .fargate),
            ("Worker Service", .event, .none, .fargate), ("Request-Driven Web Service", .http, .none, nil),
            ("Scheduled Job", .schedule, .none, .fargate),
        ]
        for (type, trigger, lb, platform) in types {
            let http = type == "Load Balanced Web Service" ? "http: {path: /}\n" : ""
            let result = importing("name: svc\ntype: \(type)\nimage: {location: acme/svc:1, port: 80}\n\(http)", file: "manifest.yml")
            let svc = try result.profile("svc")
            XCTAssertEqual(svc.trigger, trigger, type)
            XCTAssertEqual(svc.loadBalancer, lb, type)
            XCTAssertEqual(svc.currentPlatform, platform, type)
        }
    }

    func testEnvironmentOverridesAndUnknownEnvironment() throws {
        let base = try importing(manifest, file: "manifest.yml").profile("jobs")
        XCTAssertEqual(base.vcpu, 0.25)
        XCTAssertEqual(base.maxDurationSeconds, 5400)
        XCTAssertEqual(base.arch, .arm64)
        let prod = try importing(manifest, file: "manifest.yml", ImportOptions(environment: "prod")).profile("jobs")
        XCTAssertEqual(prod.vcpu, 2)
        XCTAssertEqual(prod.memoryMiB, 4096)
        XCTAssertEqual(prod.place(.vcpu), "manifest.yml:11:5", "the override's own line")
        let unknown = importing(manifest, file: "manifest.yml", ImportOptions(environment: "staging"))
        XCTAssertEqual(unknown.errors.map(\.description), ["manifest.yml:9:1: unknown-environment: jobs: no environment 'staging' under environments (prod)"])
    }
}

final class CloudFormationTests: XCTestCase {
    func testLambdaFunctionsEventsAndShortForms() throws {
        let result = importing("""
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  MemorySize: 1769
                  Timeout: !If [IsProd, 30, 10]
                  PackageType: Image
                  ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1
                  Events:
                    Get: {Type: HttpApi}
                    Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}
              Consumer:
                Type: AWS::Lambda::Function
                Properties:
                  MemorySize: {"Fn::FindInMap": [Sizes, Consumer, Memory]}
                  Architectures: [x86_64]
              ConsumerMapping:
                Type: AWS::Lambda::EventSourceMapping
                Properties: {FunctionName: !GetAtt Consumer.Arn, EventSourceArn: !Sub "arn:${AWS::Partition}:sqs:q"}
              Task:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  Family: !Sub "${AWS::StackName}-task"
                  Cpu: "2048"
                  Memory: "4096"
                  RequiresCompatibilities: [FARGATE]
                  ContainerDefinitions:
                    - {Name: app, Image: nginx:1.27, PortMappings: [{ContainerPort: 80}]}
            """, file: "t.yaml")
        XCTAssertEqual(result.errors, [])
        let api = try result.profile("api")
        XCTAssertEqual(api.vcpu, 1)
        XCTAssertEqual(api.memoryMiB, 1769)
        XCTAssertEqual(api.trigger, .http)
        XCTAssertEqual(api.image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1")
        XCTAssertNil(api.maxDurationSeconds, "a value behind !If is unknown")
        XCTAssertEqual(api.currentPlatform, .lambda)
        XCTAssertTrue(result.notes(.assumed).contains { $0.message.contains("Nightly (Schedule) would give trigger schedule") })
        let consumer = try result.profile("consumer")
        XCTAssertEqual(consumer.trigger, .event)
        XCTAssertEqual(consumer.rule(.trigger), "ConsumerMapping (AWS::Lambda::EventSourceMapping) -> trigger event")
        let task = try result.profile("task")
        XCTAssertEqual(task.vcpu, 2)
        XCTAssertEqual(task.currentPlatform, .fargate)
        XCTAssertEqual(task.port, 80)
        XCTAssertEqual(Set(result.notes(.hiddenValue).map(\.location.line)), [7, 16])
    }
}

final class ServerlessTests: XCTestCase {
    func testFunctionsOverTheProvider() throws {
        let result = importing("""
            service: shop
            provider: {name: aws, memorySize: 2048, timeout: 29, architecture: x86_64}
            functions:
              hook:
                handler: h.hook
                url: true
                ephemeralStorageSize: 1536
              stream:
                handler: h.stream
                memorySize: ${self:custom.memory}
                events: [{stream: {type: dynamodb, arn: x}}, {http: {path: /, method: get}}]
              odd:
                handler: h.odd
                events: [{telepathy: {}}]
            """, file: "serverless.yml")
        let hook = try result.profile("shop-hook")
        XCTAssertEqual(hook.memoryMiB, 2048)
        XCTAssertEqual(hook.maxDurationSeconds, 29)
        XCTAssertEqual(hook.trigger, .http)
        XCTAssertEqual(hook.ephemeralStorageGiB, 2)
        let stream = try result.profile("shop-stream")
        XCTAssertEqual(stream.trigger, .event)
        XCTAssertFalse(stream.has(.memoryMiB), "${...} hides the value, and the provider's is not used in its place")
        XCTAssertEqual(result.notes(.hiddenValue).count, 1)
        XCTAssertEqual(result.notes(.unknownKey).map(\.message), ["event 'telepathy' is not one berth knows; not used"])
        let included = importing("service: s\nprovider: {name: aws}\nfunctions:\n  - ${file(./functions.yml)}\n", file: "serverless.yml")
        XCTAssertEqual(included.workloads.count, 0)
        XCTAssertEqual(included.notes(.notUsed).map(\.location.line), [4])
    }
}

final class BadInputTests: XCTestCase {
    func testControlCharactersInKeysNeverReachARule() throws {
        let result = importing("services:\n  \"w\\eb\":\n    image: nginx\n    cpus: 2\n", file: "compose.yaml")
        let p = try result.profile("w-b")
        XCTAssertEqual(p.vcpu, 2)
        XCTAssertEqual(p.rule(.vcpu), "services.w\\u{1b}b.cpus 2 -> vcpu 2", "escaped before it is stored or printed")
        XCTAssertEqual(result.notes(.renamed).map(\.message), ["'w\\u{1b}b' is named 'w-b' (a DNS-1123 label)"])
    }

    func testAliasBombsDeepNestingAndHugeFilesAreRefused() throws {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...6 { bomb += "\(Character(UnicodeScalar(97 + i)!)): &\(Character(UnicodeScalar(97 + i)!)) [" + Array(repeating: "*\(Character(UnicodeScalar(96 + i)!))", count: 10).joined(separator: ", ") + "]\n" }
        XCTAssertEqual(importing("services: {}\n" + bomb, file: "bomb.yaml").errors.map(\.code), ["syntax"])
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        XCTAssertEqual(importing(deep, file: "deep.yaml").errors.first?.message, "YAML nested more than 64 levels deep")

        let folder = try temporaryFolder()
        var options = ImportOptions()
        options.maxFileBytes = 100
        let text = "services: {web: {image: nginx}}\n"
        try (text + String(repeating: "#", count: 100 - text.utf8.count - 1) + "\n").write(toFile: folder + "/at.yaml", atomically: true, encoding: .utf8)
        try (text + String(repeating: "#", count: 100 - text.utf8.count) + "\n").write(toFile: folder + "/over.yaml", atomically: true, encoding: .utf8)
        let result = Importer.run(paths: [folder + "/at.yaml", folder + "/over.yaml"], options: options)
        XCTAssertEqual(result.workloads.count, 1, "100 bytes is at the limit")
        XCTAssertEqual(result.errors.map(\.description), ["\(folder)/over.yaml: too-large: 101 bytes; files of more than 100 bytes are not imported"])
        XCTAssertEqual(ImportOptions().maxFileBytes, 8 << 20)
    }

    func testTwoWorkloadsOfOneNameNameBothSources() throws {
        let folder = try temporaryFolder()
        try "services: {Web: {image: nginx}}\n".write(toFile: folder + "/a.yaml", atomically: true, encoding: .utf8)
        try "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: a, image: nginx}]}\n".write(toFile: folder + "/b.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/node_modules", withIntermediateDirectories: true)
        try "services: {skipped: {image: nginx}}\n".write(toFile: folder + "/node_modules/c.yaml", atomically: true, encoding: .utf8)
        let result = Importer.run(paths: [folder])
        XCTAssertEqual(result.workloads.map(\.profile.name), ["web"])
        XCTAssertEqual(result.errors.map(\.description), [
            "\(folder)/b.yaml:3:18: duplicate-name: 'web' (\(folder)/b.yaml:3:18) and 'Web' (\(folder)/a.yaml:1:12) both become 'web'; rename one; the first is kept",
        ])
        XCTAssertEqual(result.filesImported, 2, "node_modules is not walked")
    }

    func testBinaryNamedFileIsRefused() throws {
        let folder = try temporaryFolder()
        try Data([0x73, 0x00, 0xff]).write(to: URL(fileURLWithPath: folder + "/bin.yaml"))
        XCTAssertEqual(Importer.run(paths: [folder + "/bin.yaml"]).errors.map(\.code), ["not-text"])
        let walked = Importer.run(paths: [folder])
        XCTAssertEqual(walked.errors, [], "a binary file found in a folder is not an error")
        XCTAssertEqual(walked.notes.map(\.description), ["\(folder)/bin.yaml:1:2: ignored-file: not UTF-8 text; not read"])
    }
}

final class SkeletonFieldTests: XCTestCase {
    func testUnixCronBecomesEventBridgeCron() {
        let cases: [(String, String?)] = [
            ("0 3 * * *", "cron(0 3 * * ? *)"), ("*/15 * * * *", "cron(*/15 * * * ? *)"),
            ("30 6 * * 1-5", "cron(30 6 ? * 2-6 *)"), ("0 0 * * 0,6", "cron(0 0 ? * 1,7 *)"), ("0 0 * * 7", "cron(0 0 ? * 1 *)"),
            ("0 0 * * MON", "cron(0 0 ? * MON *)"), ("0 12 1 * *", "cron(0 12 1 * ? *)"),
            ("@daily", "cron(0 0 * * ? *)"), ("@hourly", "cron(0 * * * ? *)"), ("@weekly", "cron(0 0 ? * 1 *)"),
            ("@every 2h", "rate(2 hours)"), ("@every 90m", "rate(90 minutes)"), ("@every 1d", nil), ("@every 30s", nil),
            ("0 0 1 * 1", nil), ("0 0 * *", nil), ("0 0 * * 8", nil),
        ]
        for (unix, expected) in cases { XCTAssertEqual(SkeletonFields.eventBridge(unix: unix), expected, unix) }
    }

    func testSchedulesHealthChecksVariablesAndSecretsFromEachFormat() throws {
        let cron = importing("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: report}
            spec:
              schedule: "0 0 1 * 1"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: r
                          image: busybox
                          livenessProbe: {exec: {command: [/bin/check]}}
                          env:
                            - {name: MODE, value: full}
                            - {name: my-var, value: x}
                            - name: DB_PASSWORD
                              valueFrom: {secretKeyRef: {name: db-creds, key: password}}
            """, file: "cron.yaml")
        let report = try cron.profile("report")
        XCTAssertNil(report.schedule, "both day fields set: EventBridge cannot take it")
        XCTAssertTrue(cron.notes(.assumed).contains { $0.message.hasPrefix("spec.schedule '0 0 1 * 1' is not a schedule EventBridge Scheduler takes") })
        XCTAssertEqual(report.environment, ["MODE": "full"])
        XCTAssertTrue(cron.notes(.assumed).contains { $0.message.contains("'my-var' is not kept in environment") })
        XCTAssertEqual(report.secrets, ["DB_PASSWORD": "db-creds"])
        XCTAssertEqual(cron.errors, [], "a value the profile refuses is left out, the workload kept")
        XCTAssertTrue(cron.notes(.notUsed).contains { $0.message == "spec.jobTemplate.spec.template.spec.containers[0].livenessProbe checks with exec, not an HTTP path; health_check_path left out" })

        let ecs = importing(#"""
            {"family": "api", "containerDefinitions": [{"name": "a", "image": "nginx",
              "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/health?deep=1 || exit 1"]},
              "environment": [{"name": "STAGE", "value": "prod"}],
              "secrets": [{"name": "TOKEN", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/api/token"}]}]}
            """#, file: "td.json")
        let api = try ecs.profile("api")
        XCTAssertEqual(api.healthCheckPath, "/health?deep=1")
        XCTAssertEqual(api.environment, ["STAGE": "prod"])
        XCTAssertEqual(api.secrets, ["TOKEN": "arn:aws:ssm:us-east-1:123456789012:parameter/api/token"])
        XCTAssertEqual(api.rule(.secrets), "containerDefinitions[0].secrets[0] -> secrets.TOKEN")

        let copilot = importing("""
            name: nightly
            type: Scheduled Job
            image: {location: acme/nightly:1, healthcheck: {command: ["CMD", "true"]}}
            on: {schedule: "@every 6h"}
            variables: {A: "1", B: {from_cfn: stack-output}}
            secrets: {GITHUB_TOKEN: GH_TOKEN_SECRET, DB: {secretsmanager: "nightly/db"}}
            """, file: "manifest.yml")
        let nightly = try copilot.profile("nightly")
        XCTAssertEqual(nightly.schedule, "rate(6 hours)")
        XCTAssertEqual(nightly.environment, ["A": "1"])
        XCTAssertEqual(nightly.secrets, ["GITHUB_TOKEN": "GH_TOKEN_SECRET", "DB": "nightly/db"])
        XCTAssertNil(nightly.healthCheckPath)
        XCTAssertTrue(copilot.notes(.notUsed).contains { $0.message == "image.healthcheck.command runs a command, not an HTTP check; health_check_path left out" })
        XCTAssertTrue(copilot.notes(.notUsed).contains { $0.message == "variables.B is not a plain value; left out" })

        let sam = importing("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Tick:
                Type: AWS::Serverless::Function
                Properties:
                  Environment: {Variables: {TABLE: !Ref Table, LEVEL: debug}}
                  Events:
                    Every: {Type: ScheduleV2, Properties: {ScheduleExpression: "at(2026-12-24T00:00:00)"}}
                    Backup: {Type: Schedule, Properties: {Schedule: "cron(0 12 * * ? *)"}}
            """, file: "t.yaml")
        let tick = try sam.profile("tick")
        XCTAssertEqual(tick.schedule, "cron(0 12 * * ? *)", "a one-time at() is not a recurring schedule: the next schedule event's is taken")
        XCTAssertTrue(sam.notes(.assumed).contains { $0.message.hasPrefix("Resources.Tick.Properties.Events.Every.Properties.ScheduleExpression 'at(2026-12-24T00:00:00)' is not a schedule") })
        XCTAssertEqual(tick.environment, ["LEVEL": "debug"])
        XCTAssertEqual(sam.notes(.hiddenValue).count, 1)

        let compose = importing("""
            services:
              web:
                image: nginx
                environment: [LEVEL=info, HOME_DIR]
                healthcheck: {test: "wget -qO- https://127.0.0.1:8443/up"}
            """, file: "compose.yaml")
        let web = try compose.profile("web")
        XCTAssertEqual(web.environment, ["LEVEL": "info"])
        XCTAssertEqual(web.healthCheckPath, "/up")
        XCTAssertTrue(compose.notes(.hiddenValue).contains { $0.message.contains("'HOME_DIR' takes its value from where it is run") })
    }
}
