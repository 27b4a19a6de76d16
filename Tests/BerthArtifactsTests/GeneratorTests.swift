@testable import BerthArtifacts
import BerthCore
import Foundation
import XCTest
import Yams

final class GeneratorTests: XCTestCase {
    // MARK: refusal and force

    func testExcludedPlatformIsRefusedWithTheRulesMessage() throws {
        let p = try Fixture.profile("name: gpu-job\ngpu_count: 1\n")
        let reason = Reason(rule: "current.gpu-not-on-fargate", effect: .exclude,
                            message: "Fargate has no GPUs (gpu_count = 1)", source: "rules/current.yaml:12")
        let d = Fixture.decision(for: p, eligible: [.ecsEC2, .eks], exclusions: [.fargate: [reason]])
        XCTAssertThrowsError(try ArtifactGenerator.generate(profile: p, platform: .fargate, decision: d)) { error in
            guard let e = error as? ArtifactError else { return XCTFail("not an ArtifactError: \(error)") }
            XCTAssertEqual(e.code, "platform-excluded")
            XCTAssertEqual(e.rules, ["current.gpu-not-on-fargate"])
            XCTAssertTrue(e.message.contains("Fargate has no GPUs (gpu_count = 1)"), e.message)
            XCTAssertTrue(e.message.contains("current.gpu-not-on-fargate"), e.message)
            XCTAssertTrue(e.description.hasPrefix("platform-excluded: "), e.description)
        }
        // The eligible platforms still generate.
        XCTAssertNoThrow(try ArtifactGenerator.generate(profile: p, platform: .ecsEC2, decision: d))
    }

    func testPlatformMissingFromTheDecisionIsRefused() throws {
        let p = try Fixture.profile("name: web\n")
        let d = Fixture.decision(for: p, eligible: [.fargate], omit: [.eks])
        XCTAssertThrowsError(try ArtifactGenerator.generate(profile: p, platform: .eks, decision: d)) { error in
            XCTAssertEqual((error as? ArtifactError)?.kind, .platformExcluded)
            XCTAssertTrue((error as? ArtifactError)?.message.contains("does not cover") ?? false)
        }
    }

    func testForceWritesFilesAndTheReadmeStartsWithTheViolatedRules() throws {
        let p = try Fixture.profile("name: win-app\nos: windows\nvcpu: 2\nmemory_mib: 4096\n")
        let rules = [
            Reason(rule: "current.lambda-linux-only", effect: .exclude, message: "Lambda runs Linux only (os = \"windows\")", source: "rules/current.yaml:30"),
            Reason(rule: "current.other", effect: .exclude, message: "second reason", source: ""),
        ]
        let d = Fixture.decision(for: p, eligible: [.fargate, .ecsEC2, .eks], exclusions: [.lambda: rules])
        let files = try ArtifactGenerator.generate(profile: p, platform: .lambda, decision: d, force: true)
        XCTAssertEqual(files.map(\.path), ["template.yaml", "README.md"])
        let readme = try XCTUnwrap(files.last?.contents)
        XCTAssertTrue(readme.hasPrefix("> **WARNING: generated with `--force`.**"), String(readme.prefix(80)))
        let warning = readme.components(separatedBy: "\n# ").first ?? ""
        XCTAssertTrue(warning.contains("`current.lambda-linux-only`: Lambda runs Linux only (os = \"windows\")"), warning)
        XCTAssertTrue(warning.contains("`current.other`: second reason"), warning)
        let template = try XCTUnwrap(files.first?.contents)
        XCTAssertTrue(template.contains("# WARNING: generated with --force although the decision excluded lambda: current.lambda-linux-only, current.other"))
        XCTAssertTrue(readme.contains("Lambda runs Linux only (AWS facts as of 2026-11-26)"), "the Windows adjustment is listed")
    }

    func testEligiblePlatformReadmeHasNoWarning() throws {
        let files = try Fixture.generate("name: web\n", .fargate)
        XCTAssertTrue(try XCTUnwrap(files["README.md"]).hasPrefix("# web on Amazon ECS on AWS Fargate\n"))
    }

    func testInvalidNameIsRefused() throws {
        var p = try Fixture.profile("name: web\n")
        p.name = "Web App"
        let d = Fixture.decision(for: p, eligible: [.eks])
        XCTAssertThrowsError(try ArtifactGenerator.generate(profile: p, platform: .eks, decision: d)) { error in
            XCTAssertEqual((error as? ArtifactError)?.code, "invalid-name")
        }
    }

    /// Profiles built in code skip the decoder: values past the schema's bounds are refused
    /// with an error instead of trapping in an Int conversion; the bounds themselves generate.
    func testValuesPastTheSchemaBoundsAreRefusedNotTrapped() throws {
        var p = try Fixture.profile("name: big\n")
        p.vcpu = 1e16
        var q = try Fixture.profile("name: big\nephemeral_storage_gib: 20\n")
        q.ephemeralStorageGiB = Int.max
        for (profile, field) in [(p, "vcpu"), (q, "ephemeral_storage_gib")] {
            for platform in Platform.allCases {
                let d = Fixture.decision(for: profile, eligible: [platform])
                XCTAssertThrowsError(try ArtifactGenerator.generate(profile: profile, platform: platform, decision: d)) { error in
                    let e = error as? ArtifactError
                    XCTAssertEqual(e?.code, "unsupported-size")
                    XCTAssertEqual(e?.category, .badInput)
                    XCTAssertTrue(e?.message.hasPrefix("'\(field)' is ") ?? false, e?.message ?? "")
                }
            }
        }
        let largest = try Fixture.profile("name: big\nvcpu: 1024\nmemory_mib: 25165824\nephemeral_storage_gib: 65536\nmax_duration_seconds: 31536000\nmin_tasks: 100000\nmax_tasks: 100000\ngpu_count: 64\n")
        for platform in [Platform.ecsEC2, .eks, .lambda] {
            let d = Fixture.decision(for: largest, eligible: [platform])
            XCTAssertNoThrow(try ArtifactGenerator.generate(profile: largest, platform: platform, decision: d), platform.id)
        }
        XCTAssertThrowsError(try ArtifactGenerator.generate(profile: largest, platform: .fargate, decision: Fixture.decision(for: largest, eligible: [.fargate]))) { error in
            XCTAssertEqual((error as? ArtifactError)?.code, "unsupported-size")
        }
    }

    // MARK: ECS

    func testFargateSpotUsesTheCapacityProviderNotTheLaunchType() throws {
        let files = try Fixture.generate("name: w\ntrigger: worker\npurchasing: spot\n", .fargate)
        let svc = try Fixture.json(files["service.json"])
        XCTAssertNil(svc["launchType"])
        let strategy = try XCTUnwrap(svc["capacityProviderStrategy"] as? [[String: Any]])
        XCTAssertEqual(strategy.first?["capacityProvider"] as? String, "FARGATE_SPOT")
        XCTAssertNil(svc["loadBalancers"], "a worker gets no load balancer")
    }

    func testWindowsSpotOnFargateFallsBackToOnDemandAndSaysSo() throws {
        let files = try Fixture.generate("name: w\nos: windows\nvcpu: 1\nmemory_mib: 2048\npurchasing: spot\n", .fargate, force: false)
        let svc = try Fixture.json(files["service.json"])
        XCTAssertEqual(svc["launchType"] as? String, "FARGATE")
        XCTAssertNil(svc["capacityProviderStrategy"])
        XCTAssertTrue(files["README.md"]?.contains("Fargate Spot does not run Windows") ?? false)
        let td = try Fixture.json(files["taskdef.json"])
        let rp = try XCTUnwrap(td["runtimePlatform"] as? [String: String])
        XCTAssertEqual(rp["operatingSystemFamily"], "WINDOWS_SERVER_2022_CORE")
        XCTAssertEqual(rp["cpuArchitecture"], "X86_64")
    }

    func testFargateArm64AndEphemeralStorage() throws {
        let files = try Fixture.generate("name: a\narch: arm64\nephemeral_storage_gib: 21\nvcpu: 0.25\nmemory_mib: 700\n", .fargate)
        let td = try Fixture.json(files["taskdef.json"])
        XCTAssertEqual(td["cpu"] as? String, "256")
        XCTAssertEqual(td["memory"] as? String, "1024")
        XCTAssertEqual((td["runtimePlatform"] as? [String: String])?["cpuArchitecture"], "ARM64")
        XCTAssertEqual((td["ephemeralStorage"] as? [String: Int])?["sizeInGiB"], 21)
        let noDisk = try Fixture.json(Fixture.generate("name: a\nephemeral_storage_gib: 20\n", .fargate)["taskdef.json"])
        XCTAssertNil(noDisk["ephemeralStorage"], "20 GiB is the default: not written")
        XCTAssertNil(noDisk["runtimePlatform"], "Linux x86_64 needs no runtimePlatform")
    }

    func testFargateSizesThatDoNotExistAreRefused() throws {
        for yaml in ["name: big\nvcpu: 20\n", "name: big\nephemeral_storage_gib: 201\n", "name: big\nos: windows\nvcpu: 8\nmemory_mib: 16384\n"] {
            XCTAssertThrowsError(try Fixture.generate(yaml, .fargate, force: true), yaml) { error in
                XCTAssertEqual((error as? ArtifactError)?.kind, .unsupportedSize, yaml)
            }
        }
    }

    func testEC2GpuWindowsAndMemory() throws {
        let gpu = try Fixture.generate("name: g\ngpu_count: 2\nvcpu: 4\nmemory_mib: 16000\npurchasing: spot\n", .ecsEC2)
        let td = try Fixture.json(gpu["taskdef.json"])
        XCTAssertEqual(td["networkMode"] as? String, "bridge")
        XCTAssertEqual(td["requiresCompatibilities"] as? [String], ["EC2"])
        XCTAssertNil(td["cpu"])
        let c = try XCTUnwrap((td["containerDefinitions"] as? [[String: Any]])?.first)
        XCTAssertEqual(c["memory"] as? Int, 16000, "EC2 without task memory needs container memory")
        XCTAssertEqual(c["cpu"] as? Int, 4096)
        let rr = try XCTUnwrap(c["resourceRequirements"] as? [[String: String]])
        XCTAssertEqual(rr, [["type": "GPU", "value": "2"]])
        let svc = try Fixture.json(gpu["service.json"])
        XCTAssertNil(svc["launchType"])
        XCTAssertEqual((svc["capacityProviderStrategy"] as? [[String: Any]])?.first?["capacityProvider"] as? String, "REPLACE-ME-spot-capacity-provider")
        XCTAssertNil(svc["networkConfiguration"], "bridge mode takes no awsvpc configuration")

        let win = try Fixture.generate("name: w\nos: windows\nvcpu: 2\nmemory_mib: 4096\nload_balancer: alb\n", .ecsEC2)
        let wtd = try Fixture.json(win["taskdef.json"])
        XCTAssertEqual(wtd["networkMode"] as? String, "awsvpc")
        XCTAssertEqual((wtd["runtimePlatform"] as? [String: String])?["operatingSystemFamily"], "WINDOWS_SERVER_2022_CORE")
        let wsvc = try Fixture.json(win["service.json"])
        XCTAssertNotNil(wsvc["networkConfiguration"])
        XCTAssertEqual(wsvc["launchType"] as? String, "EC2")
    }

    func testScheduleWritesAScheduleInsteadOfAService() throws {
        let files = try Fixture.generate("name: nightly\ntrigger: schedule\n", .fargate)
        XCTAssertEqual(Set(files.keys), ["template.yaml", "taskdef.json", "schedule.json", "README.md"])
        let s = try Fixture.json(files["schedule.json"])
        XCTAssertEqual(s["ScheduleExpression"] as? String, "rate(1 hour)")
        let ecs = try XCTUnwrap((s["Target"] as? [String: Any])?["EcsParameters"] as? [String: Any])
        XCTAssertEqual(ecs["TaskDefinitionArn"] as? String, "arn:aws:ecs:us-east-1:123456789012:task-definition/nightly-fargate")
        XCTAssertEqual(ecs["LaunchType"] as? String, "FARGATE")
    }

    func testTagsSkipLabelsThatAreNotValidTagText() throws {
        let files = try Fixture.generate("name: t\nlabels:\n  team: core\n  bad: \"<x>\"\n  \"aws:reserved\": x\n", .fargate)
        let td = try Fixture.json(files["taskdef.json"])
        let tags = try XCTUnwrap(td["tags"] as? [[String: String]])
        XCTAssertEqual(tags, [["key": "team", "value": "core"]])
        XCTAssertTrue(files["README.md"]?.contains("Labels not carried as AWS tags") ?? false)
    }

    // MARK: EKS

    func testEKSWorkloadKinds() throws {
        let web = try Fixture.generate("name: web\nmin_tasks: 0\nmax_tasks: 3\n", .eks)["k8s.yaml"] ?? ""
        let kinds = try documents(web).map { $0["kind"] as? String ?? "" }
        XCTAssertEqual(kinds, ["ServiceAccount", "Deployment", "Service", "HorizontalPodAutoscaler", "NetworkPolicy"], "one replica at the floor: no PodDisruptionBudget")
        let hpa = try XCTUnwrap(try documents(web).first { $0["kind"] as? String == "HorizontalPodAutoscaler" }?["spec"] as? [String: Any])
        XCTAssertEqual(hpa["minReplicas"] as? Int, 1, "min_tasks 0 becomes 1")
        XCTAssertEqual(hpa["maxReplicas"] as? Int, 3)

        let fixed = try documents(Fixture.generate("name: w\ntrigger: worker\nmin_tasks: 2\nmax_tasks: 2\n", .eks)["k8s.yaml"] ?? "")
        XCTAssertEqual(fixed.map { $0["kind"] as? String ?? "" }, ["ServiceAccount", "Deployment", "PodDisruptionBudget", "NetworkPolicy"],
                       "no HPA when min = max; no Service for a worker; two replicas get a budget")
        XCTAssertEqual((fixed[1]["spec"] as? [String: Any])?["replicas"] as? Int, 2)

        let cron = try documents(Fixture.generate("name: c\ntrigger: schedule\nmax_duration_seconds: 120\n", .eks)["k8s.yaml"] ?? "")
        XCTAssertEqual(cron.map { $0["kind"] as? String ?? "" }, ["ServiceAccount", "CronJob", "NetworkPolicy"])
        let job = try documents(Fixture.generate("name: j\ntrigger: worker\ndistributed_batch: true\nmax_tasks: 7\n", .eks)["k8s.yaml"] ?? "")
        XCTAssertEqual(job.map { $0["kind"] as? String ?? "" }, ["ServiceAccount", "Job", "NetworkPolicy"])
        XCTAssertEqual((job[1]["spec"] as? [String: Any])?["parallelism"] as? Int, 7)
    }

    func testEKSGpuNodeSelectorsAndResources() throws {
        let docs = try documents(Fixture.generate("name: g\ngpu_count: 1\narch: arm64\nvcpu: 1.5\nmemory_mib: 3072\n", .eks)["k8s.yaml"] ?? "")
        let deployment = try XCTUnwrap(docs.first { $0["kind"] as? String == "Deployment" })
        let pod = try XCTUnwrap(((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        XCTAssertEqual(pod["nodeSelector"] as? [String: String], ["kubernetes.io/os": "linux", "kubernetes.io/arch": "arm64"])
        let container = try XCTUnwrap((pod["containers"] as? [[String: Any]])?.first)
        let resources = try XCTUnwrap(container["resources"] as? [String: [String: Any]])
        XCTAssertEqual(resources["requests"]?["cpu"] as? String, "1500m")
        XCTAssertEqual(resources["requests"]?["memory"] as? String, "3072Mi")
        XCTAssertEqual(resources["limits"]?["nvidia.com/gpu"] as? Int, 1)
        XCTAssertNil(resources["requests"]?["nvidia.com/gpu"])
    }

    func testCronJobNamesAreShortenedStably() {
        let long = "a-very-long-scheduled-job-name-that-exceeds-the-cronjob-limit"
        let short = EKSGenerator.cronJobName(long)
        XCTAssertLessThanOrEqual(short.count, 52)
        XCTAssertTrue(short.hasPrefix("a-very-long-scheduled-job-name-that-exceeds"))
        XCTAssertEqual(short, EKSGenerator.cronJobName(long), "deterministic")
        XCTAssertNotEqual(short, EKSGenerator.cronJobName(long + "x"), "a different name gets a different hash")
        XCTAssertTrue(ProfileDecoder.isDNSLabel(short))
        let exact = String(repeating: "a", count: 52)
        XCTAssertEqual(EKSGenerator.cronJobName(exact), exact, "52 characters are kept")
    }

    // MARK: Lambda

    func testLambdaLimitsArchitectureAndPackage() throws {
        let t = try template(Fixture.generate("name: f\nmax_duration_seconds: 3600\nmemory_mib: 20000\narch: arm64\ntrigger: schedule\n", .lambda, force: true))
        let fn = try XCTUnwrap(t.properties)
        XCTAssertEqual(fn["Timeout"] as? Int, 900, "capped at 900 s")
        XCTAssertEqual(fn["MemorySize"] as? Int, 10240, "capped at 10,240 MB")
        XCTAssertEqual(fn["Architectures"] as? [String], ["arm64"])
        XCTAssertEqual(fn["Runtime"] as? String, "python3.13")
        XCTAssertEqual(((fn["Events"] as? [String: Any])?["Timer"] as? [String: Any])?["Type"] as? String, "Schedule")

        let img = try template(Fixture.generate("name: f\nimage: 111122223333.dkr.ecr.us-east-1.amazonaws.com/f:1\nmax_duration_seconds: 20\ntrigger: event\nvcpu: 2\nmemory_mib: 512\n", .lambda))
        let props = try XCTUnwrap(img.properties)
        XCTAssertEqual(props["PackageType"] as? String, "Image")
        XCTAssertEqual(props["ImageUri"] as? String, "111122223333.dkr.ecr.us-east-1.amazonaws.com/f:1")
        XCTAssertNil(props["Runtime"])
        XCTAssertEqual(props["Timeout"] as? Int, 20)
        XCTAssertEqual(props["MemorySize"] as? Int, 3538, "2 vCPU given: 2 x 1,769 MB")
        XCTAssertEqual(((props["Events"] as? [String: Any])?["Queue"] as? [String: Any])?["Type"] as? String, "SQS")
        XCTAssertNotNil((img.root["Resources"] as? [String: Any])?["Queue"])
    }

    // MARK: hostile text

    static let hostile = [
        "\"; <script>alert(1)</script>",
        "line one\nkind: Secret\n---\napiVersion: v1",
        "日本語の説明",
        "# not a comment",
        "key: value",
        "- item",
        "&anchor *alias !tag %directive @at `tick` {a: b} [c]",
        "null", "~", "yes", "no", "on", "0x1F", "1e3", "",
        "trailing space ", " leading space",
        "tab\there", "back\\slash", "cr\rlf", "nel\u{85}ls\u{2028}ps\u{2029}bom\u{FEFF}",
        "emoji 🚢 and combining é",
        "bell\u{07}del\u{7F}c1\u{9B}",
    ]

    func testQuotedStringsReadBackExactly() throws {
        for s in Self.hostile {
            let doc = YAMLEmitter.render(.map([YAMLEntry("k", .string(s), comment: s), YAMLEntry(s.isEmpty ? "e" : s, .string("v"))]))
            let loaded = try XCTUnwrap(try Yams.load(yaml: doc) as? [String: Any], "not a mapping for \(s.debugDescription):\n\(doc)")
            XCTAssertEqual(loaded["k"] as? String, s, doc)
            XCTAssertEqual(loaded.count, 2, "an injected key for \(s.debugDescription):\n\(doc)")
            XCTAssertEqual(loaded[s.isEmpty ? "e" : s] as? String, "v", doc)
            XCTAssertEqual(doc.split(separator: "\n").count, 2, "a comment or string broke a line:\n\(doc)")
        }
    }

    func testHostileProfileTextCannotChangeTheManifests() throws {
        let description = "\"; <script>alert(1)</script>\nkind: Secret\n---\n# 日本語"
        var p = try Fixture.profile("name: hostile\ntrigger: http\n")
        p.description = description
        p.labels = ["team": "a\"b: c", "チーム": "決済", "ok": "fine", "evil\nkey": "- x\n---"]
        p.image = "repo/app:1.0\"\nkind: Secret"
        let d = Fixture.decision(for: p, eligible: [.eks, .lambda, .fargate])

        let k8s = try XCTUnwrap(try ArtifactGenerator.generate(profile: p, platform: .eks, decision: d).first?.contents)
        let docs = try documents(k8s)
        XCTAssertEqual(docs.map { $0["kind"] as? String ?? "" }, ["ServiceAccount", "Deployment", "Service", "HorizontalPodAutoscaler", "NetworkPolicy"])
        guard docs.count == 5 else { return XCTFail("the documents changed:\n\(k8s)") }
        let md = try XCTUnwrap(docs[1]["metadata"] as? [String: Any])
        let annotations = try XCTUnwrap(md["annotations"] as? [String: String])
        XCTAssertEqual(annotations["berth/description"], description)
        let kept = try XCTUnwrap(annotations["berth/profile-labels"])
        let keptLabels = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(kept.utf8)) as? [String: String])
        XCTAssertEqual(keptLabels, ["team": "a\"b: c", "チーム": "決済", "evil\nkey": "- x\n---"])
        XCTAssertEqual((md["labels"] as? [String: String])?["ok"], "fine")
        let container = try XCTUnwrap(((((docs[1]["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])?["containers"] as? [[String: Any]])?.first)
        XCTAssertEqual(container["image"] as? String, "repo/app:1.0\"\nkind: Secret")

        let sam = try template(Dictionary(uniqueKeysWithValues: try ArtifactGenerator.generate(profile: p, platform: .lambda, decision: d).map { ($0.path, $0.contents) }))
        XCTAssertEqual(sam.root["Description"] as? String, description)
        XCTAssertEqual((sam.root["Resources"] as? [String: Any])?.count, 1)
        XCTAssertEqual((sam.properties?["Tags"] as? [String: String]), ["チーム": "決済", "ok": "fine"])

        let readme = try XCTUnwrap(try ArtifactGenerator.generate(profile: p, platform: .fargate, decision: d).last?.contents)
        XCTAssertFalse(readme.contains("<script>"), "HTML in the README is escaped")
        XCTAssertTrue(readme.contains("\\<script\\>"))
        XCTAssertFalse(readme.contains("\nkind: Secret"), "no line of the README starts with profile text")
    }

    /// Profile text in a README command is one shell word: pasted, it runs nothing it spells.
    func testReadmeCommandsQuoteProfileValuesForTheShell() throws {
        XCTAssertEqual(Common.shellWord("public.ecr.aws/nginx/nginx:1.27"), "public.ecr.aws/nginx/nginx:1.27")
        XCTAssertEqual(Common.shellWord("$(touch pwned)"), "'$(touch pwned)'")
        XCTAssertEqual(Common.shellWord("a'b;`id`"), "'a'\\''b;`id`'")
        XCTAssertEqual(Common.shellWord(""), "''")
        // The decoder refuses such images; a Profile built in code still gets a quoted command.
        var p = try Fixture.profile("name: fn\ntrigger: event\n")
        p.image = "app:1;touch /tmp/pwned;$(id)`id`"
        let files = try ArtifactGenerator.generate(profile: p, platform: .lambda, decision: Fixture.decision(for: p, eligible: [.lambda]))
        let readme = try XCTUnwrap(files.last?.contents)
        XCTAssertTrue(readme.contains("docker push 'app:1;touch /tmp/pwned;$(id)`id`'   # the image"), readme)
    }

    /// A label key that YAML would read as a number or a boolean is quoted, so it reads back as text.
    func testNumberLikeLabelKeysAreQuoted() throws {
        for key in ["123", "1e3", "0x1F", "1_000", "0o17", "true", "NULL"] {
            XCTAssertEqual(YAMLEmitter.quoteKey(key), "\"\(key)\"", key)
            let loaded = try XCTUnwrap(try Yams.load(yaml: YAMLEmitter.render(.map([YAMLEntry(key, .string("v"))]))) as? [String: Any], key)
            XCTAssertEqual(loaded[key] as? String, "v", key)
        }
        XCTAssertEqual(YAMLEmitter.quoteKey("app.kubernetes.io/name"), "app.kubernetes.io/name")
        var p = try Fixture.profile("name: web\n")
        p.labels = ["123": "x"]
        let k8s = try XCTUnwrap(try ArtifactGenerator.generate(profile: p, platform: .eks, decision: Fixture.decision(for: p, eligible: [.eks])).first?.contents)
        XCTAssertTrue(k8s.contains("\"123\": x") || k8s.contains("\"123\": \"x\""), k8s)
    }

    // MARK: helpers

    private func documents(_ text: String) throws -> [[String: Any]] {
        try Yams.load_all(yaml: text).map { try XCTUnwrap($0 as? [String: Any]) }
    }

    private func template(_ files: [String: String]) throws -> (root: [String: Any], properties: [String: Any]?) {
        // Short-form intrinsics (!GetAtt, !Sub) are custom tags: read with a resolver-free
        // compose and then as plain values.
        let text = try XCTUnwrap(files["template.yaml"])
        let root = try XCTUnwrap(try Yams.load(yaml: text) as? [String: Any])
        let resources = root["Resources"] as? [String: Any]
        let fn = resources?.values.compactMap { $0 as? [String: Any] }.first { $0["Type"] as? String == "AWS::Serverless::Function" }
        return (root, fn?["Properties"] as? [String: Any])
    }
}

final class RegionTests: XCTestCase {
    func testTheRegionComesFromAnECRImage() {
        XCTAssertEqual(Placeholders.region(ofImage: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1"), "ap-northeast-1")
        XCTAssertNil(Placeholders.region(ofImage: "public.ecr.aws/nginx/nginx:1"))
        XCTAssertNil(Placeholders.region(ofImage: "docker.io/library/nginx"))
        XCTAssertNil(Placeholders.region(ofImage: nil))
    }
}
