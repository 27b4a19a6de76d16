import BerthArtifacts
import BerthCore
import Foundation
import XCTest

/// Golden files: every case's skeleton for every platform it is eligible for, under
/// Golden/<case>/<platform>/. `BERTH_UPDATE_GOLDEN=1 swift test --filter BerthArtifactsTests`
/// rewrites them in the source tree; check the diff, then run the validators on them:
/// `../shared/tools/validate/validate_all.sh Tests/BerthArtifactsTests/Golden`.
final class GoldenTests: XCTestCase {
    struct Case {
        let id: String
        let yaml: String
        let platforms: [Platform]
        /// Variants besides each platform's default, under Golden/<case>/<platform>-<variant>/.
        var variants: [Variant] = []

        /// (folder, platform, variant): the default variant of each platform, then the others.
        var outputs: [(String, Platform, Variant?)] {
            platforms.map { ($0.id, $0, nil) } + variants.map { ("\($0.platform.id)-\($0.id)", $0.platform, $0) }
        }
    }

    /// Linux, Windows, ARM64, GPU and Spot profiles (and triggers, sizes and hostile text),
    /// each on the platforms that can run it. Profile names are unique so that the
    /// validators' cross-file checks (task definition family <-> service) stay unambiguous.
    static let cases: [Case] = [
        Case(id: "linux-web", yaml: """
            name: web-api
            description: Orders HTTP API
            image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/web-api:1.4.2
            vcpu: 0.5
            memory_mib: 1024
            trigger: http
            load_balancer: alb
            port: 8080
            min_tasks: 2
            max_tasks: 10
            exec_access: true
            labels:
              team: payments
              environment: production
            """, platforms: [.fargate, .lambda, .ecsEC2, .eks], variants: [.fargateSpot, .ecsManagedInstances, .eksFargate]),
        Case(id: "windows-site", yaml: """
            name: win-site
            description: .NET Framework site on IIS
            image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
            os: windows
            vcpu: 1.5
            memory_mib: 3000
            trigger: http
            load_balancer: nlb
            port: 80
            min_tasks: 2
            max_tasks: 4
            """, platforms: [.fargate, .ecsEC2, .eks]),
        Case(id: "arm64-events", yaml: """
            name: thumbnailer
            description: Makes thumbnails of uploads
            arch: arm64
            vcpu: 0.25
            memory_mib: 512
            trigger: event
            max_duration_seconds: 20
            ms_billing: true
            min_tasks: 0
            max_tasks: 5
            """, platforms: [.lambda, .fargate, .ecsEC2, .eks], variants: [.lambdaManagedInstances, .eksAutoMode]),
        Case(id: "gpu-inference", yaml: """
            name: gpu-infer
            image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/infer:2.0.0
            vcpu: 4
            memory_mib: 16384
            gpu_count: 1
            trigger: http
            load_balancer: nlb
            port: 8000
            min_tasks: 1
            max_tasks: 3
            avoid_instance_management: false
            """, platforms: [.ecsEC2, .eks], variants: [.ecsManagedInstances, .eksAutoMode]),
        Case(id: "spot-worker", yaml: """
            name: queue-worker
            vcpu: 1
            memory_mib: 3000
            trigger: worker
            purchasing: spot
            min_tasks: 2
            max_tasks: 2
            labels:
              team: data
            """, platforms: [.fargate, .ecsEC2, .eks]),
        Case(id: "schedule", yaml: """
            name: nightly-report
            description: Builds the nightly sales report
            vcpu: 1
            memory_mib: 2048
            trigger: schedule
            max_duration_seconds: 600
            """, platforms: [.lambda, .fargate, .ecsEC2, .eks]),
        Case(id: "batch-disk", yaml: """
            name: batch-fanout
            vcpu: 2
            memory_mib: 8192
            ephemeral_storage_gib: 50
            trigger: worker
            distributed_batch: true
            max_duration_seconds: 3600
            max_tasks: 20
            """, platforms: [.fargate, .eks]),
        Case(id: "hostile-text", yaml: #"""
            name: hostile-text
            description: "\"; <script>alert(1)</script>\nkind: Secret\n---\n# 日本語の説明 & `rm -rf`"
            trigger: http
            labels:
              team: "a\"b: c"
              チーム: 決済
              tier: backend
              "evil\nkey": "- x"
            """#, platforms: [.fargate, .lambda, .eks]),
        Case(id: "long-cron-name", yaml: """
            name: a-very-long-scheduled-job-name-that-exceeds-the-cronjob-limit
            vcpu: 0.5
            memory_mib: 1024
            trigger: schedule
            """, platforms: [.eks]),
        Case(id: "settings-web", yaml: """
            name: orders-api
            image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/orders:3.1.0
            trigger: http
            load_balancer: alb
            port: 8080
            health_check_path: /healthz
            min_tasks: 2
            max_tasks: 8
            environment:
              LOG_LEVEL: info
              WORKERS: 4
            secrets:
              DATABASE_URL: prod/orders/database-url
              API_TOKEN: arn:aws:ssm:us-east-1:111122223333:parameter/orders/api-token
            """, platforms: [.fargate, .lambda, .ecsEC2, .eks], variants: [.eksAutoMode]),
        Case(id: "settings-nightly", yaml: """
            name: nightly-export
            vcpu: 1
            memory_mib: 2048
            trigger: schedule
            schedule: cron(0 2 ? * MON-FRI *)
            max_duration_seconds: 7200
            environment:
              EXPORT_BUCKET: reports
            secrets:
              WAREHOUSE_PASSWORD: /prod/warehouse/password
            """, platforms: [.lambda, .fargate, .ecsEC2, .eks], variants: [.lambdaManagedInstances, .ecsManagedInstances]),
        Case(id: "gpu-large", yaml: """
            name: gpu-large
            image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0.0
            vcpu: 8
            memory_mib: 32768
            gpu_count: 1
            trigger: http
            load_balancer: nlb
            port: 8000
            min_tasks: 1
            max_tasks: 2
            avoid_instance_management: false
            """, platforms: [.ecsEC2, .eks]),
        Case(id: "onprem", yaml: """
            name: plant-gateway
            vcpu: 1
            memory_mib: 2048
            trigger: worker
            onprem_interop: true
            min_tasks: 2
            max_tasks: 2
            """, platforms: [.ecsEC2, .eks], variants: [.ecsAnywhere, .eksHybridNodes]),
    ]

    static var sourceGolden: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    func testGoldenFiles() throws {
        let update = ProcessInfo.processInfo.environment["BERTH_UPDATE_GOLDEN"] == "1"
        let golden: URL
        if update {
            golden = Self.sourceGolden
        } else {
            golden = try XCTUnwrap(Bundle.module.url(forResource: "Golden", withExtension: nil), "Golden resources missing")
        }
        var compared = 0
        for c in Self.cases {
            let profile = try Fixture.profile(c.yaml, file: "\(c.id).yaml")
            let decision = Fixture.decision(for: profile, eligible: c.platforms)
            for (folder, platform, variant) in c.outputs {
                let files = try ArtifactGenerator.generate(profile: profile, platform: platform, variant: variant, decision: decision,
                                                           instances: Fixture.instances)
                let dir = golden.appendingPathComponent(c.id).appendingPathComponent(folder)
                if update {
                    try? FileManager.default.removeItem(at: dir)
                    try FileWriter.write(files, to: dir.path)
                    // The manifest is the writer's, not the generator's: not a golden file.
                    try FileManager.default.removeItem(at: dir.appendingPathComponent(Manifest.fileName))
                    continue
                }
                let expected = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
                XCTAssertEqual(Set(files.map(\.path)), expected, "\(c.id)/\(folder): file set differs; run with BERTH_UPDATE_GOLDEN=1")
                for file in files {
                    let want = try String(contentsOf: dir.appendingPathComponent(file.path), encoding: .utf8)
                    XCTAssertEqual(file.contents, want, "\(c.id)/\(folder)/\(file.path) differs from the golden file; run with BERTH_UPDATE_GOLDEN=1 and review the diff")
                    compared += 1
                }
            }
        }
        if !update { XCTAssertGreaterThan(compared, 150) }
    }

    /// Same profile, same bytes: labels built in another order and a second run agree.
    func testDeterministic() throws {
        for c in Self.cases {
            let p1 = try Fixture.profile(c.yaml)
            var p2 = p1
            p2.labels = [:]
            for key in p1.labels.keys.sorted().reversed() { p2.labels[key] = p1.labels[key] }
            for (folder, platform, variant) in c.outputs {
                let a = try ArtifactGenerator.generate(profile: p1, platform: platform, variant: variant, decision: Fixture.decision(for: p1, eligible: c.platforms), instances: Fixture.instances)
                let b = try ArtifactGenerator.generate(profile: p2, platform: platform, variant: variant, decision: Fixture.decision(for: p2, eligible: c.platforms), instances: Fixture.instances)
                XCTAssertEqual(a, b, "\(c.id)/\(folder)")
            }
        }
    }

    /// Every placeholder value that appears in a generated file is explained in its README.
    func testEveryPlaceholderIsInTheReadme() throws {
        let known: [(name: String, value: String)] = [
            ("EXECUTION_ROLE_ARN", "REPLACE-ME-ecs-task-execution-role"), ("TASK_ROLE_ARN", "REPLACE-ME-task-role"),
            ("POD_ROLE_ARN", "REPLACE-ME-pod-role"), ("CLUSTER", "REPLACE-ME-cluster"),
            ("SUBNET_A", "subnet-0000000000000000a"), ("SECURITY_GROUP", "sg-0000000000000000a"),
            ("TARGET_GROUP_ARN", "targetgroup/REPLACE-ME/"), ("EC2_SPOT_CAPACITY_PROVIDER", "REPLACE-ME-spot-capacity-provider"),
            ("SCHEDULER_ROLE_ARN", "REPLACE-ME-scheduler-role"), ("IMAGE", ":REPLACE-ME"), ("ACCOUNT_ID", "123456789012"),
            ("REGION", "\"us-east-1\""), ("CODE_URI", "\"src/\""), ("HANDLER", "\"app.handler\""),
        ]
        var checked = 0
        for c in Self.cases {
            for (folder, platform, variant) in c.outputs {
                let files = try Fixture.generate(c.yaml, platform, variant: variant, eligible: c.platforms)
                let readme = try XCTUnwrap(files["README.md"])
                let body = files.filter { $0.key != "README.md" }.values.joined(separator: "\n")
                for ph in known where body.contains(ph.value) {
                    // An ECR image names its region, which is then used rather than a placeholder.
                    if ph.name == "REGION", c.yaml.contains(".dkr.ecr.") { continue }
                    XCTAssertTrue(readme.contains("| \(ph.name) |"), "\(c.id)/\(folder): README does not explain \(ph.name)")
                    checked += 1
                }
                XCTAssertTrue(readme.contains("## Next commands"), "\(c.id)/\(folder)")
            }
        }
        XCTAssertGreaterThan(checked, 50)
    }
}

/// Many profile combinations on every platform, forced: every one generates (or is refused
/// for a size no platform offers). With BERTH_ARTIFACTS_OUT=DIR the files are written to
/// DIR/<profile>/<platform>/ so that the validators can be run over all of them;
/// BERTH_ARTIFACTS_PROFILES=DIR adds the profiles in DIR.
final class MatrixTests: XCTestCase {
    static func profiles() -> [String] {
        var out: [String] = []
        var i = 0
        for trigger in ProfileSchema.triggers {
            for lb in ProfileSchema.loadBalancers {
                for os in ProfileSchema.operatingSystems {
                    for gpu in [0, 1] {
                        let arch = i % 3 == 1 ? "arm64" : "x86_64"
                        let purchasing = ProfileSchema.purchasingOptions[i % 4]
                        let vcpu = [0.25, 1, 2, 4][i % 4]
                        let memory = [512, 3000, 8192, 16000][(i / 2) % 4]
                        out.append("""
                            name: m\(i)-\(trigger)-\(lb)-\(os)-g\(gpu)
                            os: \(os)
                            arch: \(arch)
                            vcpu: \(vcpu)
                            memory_mib: \(memory)
                            gpu_count: \(gpu)
                            trigger: \(trigger)
                            load_balancer: \(lb)
                            purchasing: \(purchasing)
                            privileged: \(i % 5 == 0)
                            exec_access: \(i % 2 == 0)
                            distributed_batch: \(i % 7 < 3)
                            ephemeral_storage_gib: \(i % 6 == 0 ? 40 : 20)
                            min_tasks: \(i % 3)
                            max_tasks: \(i % 3 + (i % 2) * 3 + 1)
                            max_duration_seconds: \([30, 600, 3600][i % 3])
                            labels:
                              team: t\(i % 4)
                            """)
                        i += 1
                    }
                }
            }
        }
        return out
    }

    func testEveryCombinationGenerates() throws {
        let out = ProcessInfo.processInfo.environment["BERTH_ARTIFACTS_OUT"]
        var generated = 0
        // BERTH_ARTIFACTS_PROFILES=DIR adds every *.yaml profile in DIR (e.g. data/examples).
        var texts = Self.profiles()
        if let dir = ProcessInfo.processInfo.environment["BERTH_ARTIFACTS_PROFILES"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where file.hasSuffix(".yaml") {
                texts.append(try String(contentsOfFile: "\(dir)/\(file)", encoding: .utf8))
            }
        }
        for yaml in texts {
            let profile = try Fixture.profile(yaml)
            let decision = Fixture.decision(for: profile, eligible: [])
            for variant in Variant.allCases {
                let platform = variant.platform
                do {
                    let files = try ArtifactGenerator.generate(profile: profile, platform: platform, variant: variant, decision: decision,
                                                               instances: Fixture.instances, force: true)
                    XCTAssertEqual(files.last?.path, "README.md")
                    XCTAssertTrue(files.last?.contents.hasPrefix("> **WARNING") ?? false)
                    if let out {
                        try FileWriter.write(files, to: "\(out)/\(profile.name)/\(platform.id)-\(variant.id)")
                    }
                    generated += 1
                } catch let error as ArtifactError {
                    XCTAssertEqual(error.kind, .unsupportedSize, "\(profile.name)/\(variant.rawValue): \(error)")
                    XCTAssertEqual(platform, .fargate, "only Fargate has fixed sizes: \(profile.name)")
                }
            }
        }
        XCTAssertGreaterThan(generated, 600)
    }
}
