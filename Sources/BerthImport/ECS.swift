import Foundation
import BerthCore

/// ECS task definitions as JSON: the RegisterTaskDefinition input, or the
/// describe-task-definition output (`{"taskDefinition": {...}}`). CloudFormation's
/// `AWS::ECS::TaskDefinition` is the same shape with capitalised keys (`KeyStyle.pascal`).
enum ECSImporter: SourceImporter {
    static let taskKeys: Set<String> = [
        "family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes", "placementConstraints",
        "requiresCompatibilities", "cpu", "memory", "tags", "pidMode", "ipcMode", "proxyConfiguration", "inferenceAccelerators",
        "ephemeralStorage", "runtimePlatform", "enableFaultInjection",
    ]
    /// What describe-task-definition adds: facts about the registration, not the workload.
    static let describedKeys: Set<String> = [
        "taskDefinitionArn", "revision", "status", "compatibilities", "requiresAttributes", "registeredAt", "registeredBy", "deregisteredAt",
    ]
    static let taskRead: Set<String> = ["family", "containerDefinitions", "cpu", "memory", "runtimePlatform", "requiresCompatibilities", "ephemeralStorage"]
    static let containerKeys: Set<String> = [
        "name", "image", "repositoryCredentials", "cpu", "memory", "memoryReservation", "links", "portMappings", "essential",
        "restartPolicy", "entryPoint", "command", "environment", "environmentFiles", "mountPoints", "volumesFrom", "linuxParameters",
        "secrets", "dependsOn", "startTimeout", "stopTimeout", "versionConsistency", "hostname", "user", "workingDirectory",
        "disableNetworking", "privileged", "readonlyRootFilesystem", "dnsServers", "dnsSearchDomains", "extraHosts",
        "dockerSecurityOptions", "interactive", "pseudoTerminal", "dockerLabels", "ulimits", "logConfiguration", "healthCheck",
        "systemControls", "resourceRequirements", "firelensConfiguration", "credentialSpecs",
    ]
    static let containerRead: Set<String> = [
        "name", "image", "cpu", "memory", "memoryReservation", "portMappings", "essential", "linuxParameters", "privileged",
        "resourceRequirements", "healthCheck", "environment", "secrets",
    ]

    /// How keys are spelt: the API's camelCase, or CloudFormation's PascalCase.
    enum KeyStyle {
        case camel, pascal
        func callAsFunction(_ key: String) -> String {
            switch self {
            case .camel: return key
            case .pascal: return key.prefix(1).uppercased() + key.dropFirst()
            }
        }
        func set(_ keys: Set<String>) -> Set<String> { Set(keys.map { self($0) }) }
    }

    static func recognizes(_ documents: [SourceNode]) -> Bool {
        guard documents.count == 1, let doc = documents.first else { return false }
        return (doc["taskDefinition"] ?? doc)["containerDefinitions"]?.isSequence == true
    }

    static func drafts(from documents: [SourceNode], collector c: Collector) -> [Draft] {
        guard let doc = documents.first else { return [] }
        let task = doc["taskDefinition"] ?? doc
        guard let family = task.entry("family"), let name = family.value.rawText else {
            c.error(.missingKey, at: task.location, "an ECS task definition needs a family (its name)")
            return []
        }
        if doc["taskDefinition"] != nil {
            c.unread(doc, read: ["taskDefinition"], known: ["tags"], workload: name, what: "describe-task-definition output")
        }
        return taskDefinition(task, name: name, origin: family.keyLocation, style: .camel, collector: c).map { [$0] } ?? []
    }

    /// One task definition's workload; nil (with an error) when it has no containers.
    static func taskDefinition(_ task: SourceNode, name: String, origin: SourceLocation, style k: KeyStyle, collector c: Collector) -> Draft? {
        let draft = Draft(sourceName: name, origin: origin)
        c.current = draft
        let w = name
        c.unread(task, read: k.set(taskRead).union(k.set(describedKeys)), known: k.set(taskKeys), workload: w, what: "a task definition")
        let containers = task[k("containerDefinitions")]?.items ?? []
        guard !containers.isEmpty else {
            c.error(.missingKey, at: task.location, "\(w): the task definition has no containerDefinitions")
            return nil
        }
        let chosen = chooseContainer(containers, k, c, w)
        let main = containers[chosen]
        c.unread(main, read: k.set(containerRead), known: k.set(containerKeys), workload: w, what: "a container definition")

        if let image = main.entry(k("image")), let text = c.text(image.value, workload: w) {
            if ImageReference.isValid(text) {
                draft.set(.image, text, at: image.keyLocation, rule: "\(image.value.path) -> image")
            } else {
                c.note(.assumed, at: image.value.location, workload: w, "image '\(Shown.text(text))' is not an image reference; image left out")
            }
        }
        // Task size, else the containers' sizes added up.
        if let cpu = task.entry(k("cpu")), let text = c.text(cpu.value, workload: w) {
            if let units = cpuUnits(text) {
                let vcpu = Shown.number(units / 1024)
                draft.set(.vcpu, vcpu, at: cpu.keyLocation, rule: "\(cpu.value.path) \(Shown.text(text)) -> vcpu \(vcpu) (1024 units = 1 vCPU)")
            } else {
                c.error(.badValue, at: cpu.value.location, "\(w): \(cpu.value.path) '\(Shown.text(text))' is not CPU units (1024) or vCPUs (1 vCPU)")
            }
        } else {
            sum(containers, key: k("cpu"), c, w) { units, rule, at in
                guard units > 0 else { return }
                let vcpu = Shown.number(units / 1024)
                draft.set(.vcpu, vcpu, at: at, rule: "\(rule) -> vcpu \(vcpu) (1024 units = 1 vCPU)")
            }
        }
        if let memory = task.entry(k("memory")), let text = c.text(memory.value, workload: w) {
            if let mib = memoryMiB(text) {
                draft.set(.memoryMiB, String(mib), at: memory.keyLocation, rule: "\(memory.value.path) \(Shown.text(text)) -> memory_mib \(mib)")
            } else {
                c.error(.badValue, at: memory.value.location, "\(w): \(memory.value.path) '\(Shown.text(text))' is not MiB (2048) or GB (2 GB)")
            }
        } else {
            let key = containers.contains { $0[k("memory")] != nil } ? k("memory") : k("memoryReservation")
            sum(containers, key: key, c, w) { mib, rule, at in
                guard mib > 0 else { return }
                draft.set(.memoryMiB, String(Int(mib)), at: at, rule: "\(rule) -> memory_mib \(Int(mib))")
            }
        }
        if let storage = task[k("ephemeralStorage")]?.entry(k("sizeInGiB")), let text = c.text(storage.value, workload: w) {
            draft.set(.ephemeralStorageGiB, text, at: storage.keyLocation, rule: "\(storage.value.path) \(Shown.text(text)) -> ephemeral_storage_gib \(Shown.text(text))")
        }
        if let platform = task[k("runtimePlatform")] {
            if let arch = platform.entry(k("cpuArchitecture")), let text = c.text(arch.value, workload: w) {
                switch text.uppercased() {
                case "ARM64": draft.set(.arch, "arm64", at: arch.keyLocation, rule: "\(arch.value.path) \(text) -> arch arm64")
                case "X86_64": draft.set(.arch, "x86_64", at: arch.keyLocation, rule: "\(arch.value.path) \(text) -> arch x86_64")
                default: c.error(.badValue, at: arch.value.location, "\(w): \(arch.value.path) must be X86_64 or ARM64, got '\(Shown.text(text))'")
                }
            }
            if let os = platform.entry(k("operatingSystemFamily")), let text = c.text(os.value, workload: w) {
                let value = text.uppercased().hasPrefix("WINDOWS") ? "windows" : text.uppercased() == "LINUX" ? "linux" : nil
                if let value {
                    draft.set(.os, value, at: os.keyLocation, rule: "\(os.value.path) \(Shown.text(text)) -> os \(value)")
                } else {
                    c.error(.badValue, at: os.value.location, "\(w): \(os.value.path) must be LINUX or WINDOWS_SERVER_..., got '\(Shown.text(text))'")
                }
            }
        }
        compatibilities(task, k, draft, c)

        var gpus = 0
        var gpuAt: (SourceLocation, String)?
        for container in containers {
            for requirement in container[k("resourceRequirements")]?.items ?? [] where requirement[k("type")]?.rawText == "GPU" {
                if let value = requirement.entry(k("value")), let text = c.text(value.value, workload: w), let n = Int(text) {
                    gpus += n
                    gpuAt = gpuAt ?? (value.keyLocation, value.value.path)
                }
            }
        }
        if let (at, path) = gpuAt {
            draft.set(.gpuCount, String(gpus), at: at, rule: "\(path) (resourceRequirements GPU\(containers.count > 1 ? ", all containers" : "")) -> gpu_count \(gpus)")
        }
        for container in containers {
            if let entry = container.entry(k("privileged")), entry.value.bool == true {
                draft.set(.privileged, "true", at: entry.keyLocation, rule: "\(entry.value.path) true -> privileged true")
                break
            }
        }
        if let entry = main[k("linuxParameters")]?.entry(k("initProcessEnabled")), entry.value.bool == true {
            draft.set(.execAccess, "true", at: entry.keyLocation, rule: "\(entry.value.path) true -> exec_access true (ECS Exec wants an init process)")
        }
        if let mappings = main.entry(k("portMappings")), let port = mappings.value.items.first?.entry(k("containerPort")),
           let text = c.text(port.value, workload: w) {
            draft.set(.port, text, at: port.keyLocation, rule: "\(port.value.path) \(Shown.text(text)) -> port \(Shown.text(text))")
            draft.set(.trigger, "http", at: mappings.keyLocation, rule: "\(mappings.value.path) given -> trigger http")
        } else {
            draft.set(.trigger, "worker", at: main.location, rule: "no portMappings -> trigger worker")
        }
        if let command = main[k("healthCheck")]?[k("command")] { SkeletonFields.healthCheckCommand(command, draft, c) }
        if let environment = main[k("environment")] { SkeletonFields.environment(environment, draft, c) }
        for secret in main[k("secrets")]?.items ?? [] {
            guard let name = secret[k("name")]?.rawText, let from = secret[k("valueFrom")], let reference = c.text(from, workload: w) else { continue }
            SkeletonFields.secret(name, reference, at: secret.location, path: secret.path, draft, c)
        }
        return draft
    }

    /// The essential container with port mappings, else the first essential, else the first.
    private static func chooseContainer(_ containers: [SourceNode], _ k: KeyStyle, _ c: Collector, _ w: String) -> Int {
        guard containers.count > 1 else { return 0 }
        let essential = containers.indices.filter { containers[$0][k("essential")]?.bool != false }
        let index: Int
        let why: String
        if let i = essential.first(where: { containers[$0][k("portMappings")]?.items.isEmpty == false }) {
            (index, why) = (i, "it is the first essential container with port mappings")
        } else if let i = essential.first {
            (index, why) = (i, "it is the first essential container (none maps a port)")
        } else {
            (index, why) = (0, "it is the first (none is essential)")
        }
        let names = containers.map { $0[k("name")]?.rawText ?? "?" }
        let others = names.enumerated().filter { $0.offset != index }.map { "'\(Shown.text($0.element))'" }.joined(separator: ", ")
        c.note(.chosenContainer, at: containers[index].location, workload: w,
               "\(containers.count) containers: '\(Shown.text(names[index]))' is the workload because \(why); the others (\(others)) are sidecars (image and port come from the workload; cpu, memory and GPUs add up all containers)")
        return index
    }

    /// A per-container number added up over the containers that give it.
    private static func sum(_ containers: [SourceNode], key: String, _ c: Collector, _ w: String,
                            _ apply: (Double, String, SourceLocation) -> Void) {
        var total = 0.0
        var parts: [String] = []
        var at: SourceLocation?
        for container in containers {
            guard let entry = container.entry(key), let text = c.text(entry.value, workload: w) else { continue }
            guard let value = Double(text), value >= 0 else {
                c.error(.badValue, at: entry.value.location, "\(w): \(entry.value.path) must be a number, got '\(Shown.text(text))'")
                continue
            }
            total += value
            parts.append("\(entry.value.path) \(Shown.text(text))")
            at = at ?? entry.keyLocation
        }
        guard let at else { return }
        apply(total, parts.count == 1 ? parts[0] : "no task size; " + parts.joined(separator: " + "), at)
    }

    /// `requiresCompatibilities` says where the task runs today.
    private static func compatibilities(_ task: SourceNode, _ k: KeyStyle, _ draft: Draft, _ c: Collector) {
        guard let entry = task.entry(k("requiresCompatibilities")) else {
            c.note(.assumed, at: task.location, workload: draft.sourceName, "no requiresCompatibilities: where the task runs today is left unknown")
            return
        }
        let values = entry.value.items.compactMap(\.rawText)
        guard values.count == 1 else {
            c.note(.assumed, at: entry.keyLocation, workload: draft.sourceName,
                   "requiresCompatibilities \(values.joined(separator: ", ")): more than one launch type, so current_platform is left unknown")
            return
        }
        let rule = "\(entry.value.path) \(values[0])"
        switch values[0] {
        case "FARGATE":
            draft.set(.currentPlatform, "fargate", at: entry.keyLocation, rule: "\(rule) -> current_platform fargate")
        case "EC2":
            draft.set(.currentPlatform, "ecs-ec2", at: entry.keyLocation, rule: "\(rule) -> current_platform ecs-ec2")
        case "EXTERNAL":
            draft.set(.currentPlatform, "ecs-ec2", at: entry.keyLocation, rule: "\(rule) -> current_platform ecs-ec2")
            draft.set(.currentVariant, "anywhere", at: entry.keyLocation, rule: "\(rule) -> current_variant anywhere")
        case "MANAGED_INSTANCES":
            draft.set(.currentPlatform, "ecs-ec2", at: entry.keyLocation, rule: "\(rule) -> current_platform ecs-ec2")
            draft.set(.currentVariant, "managed-instances", at: entry.keyLocation, rule: "\(rule) -> current_variant managed-instances")
        default:
            c.note(.assumed, at: entry.keyLocation, workload: draft.sourceName, "requiresCompatibilities '\(Shown.text(values[0]))' is not a launch type berth knows; current_platform left unknown")
        }
    }

    /// `1024` (units) or `1 vCPU` / `0.25 vcpu`.
    static func cpuUnits(_ text: String) -> Double? {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        if lower.hasSuffix("vcpu"), let v = Double(lower.dropLast(4).trimmingCharacters(in: .whitespaces)), v > 0 { return v * 1024 }
        if let units = Double(lower), units > 0 { return units }
        return nil
    }

    /// `2048` (MiB) or `2 GB` / `2GB` (GiB, as ECS means it).
    static func memoryMiB(_ text: String) -> Int? {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        if lower.hasSuffix("gb"), let v = Double(lower.dropLast(2).trimmingCharacters(in: .whitespaces)), v > 0 { return Int((v * 1024).rounded(.up)) }
        if let mib = Double(lower), mib > 0 { return Int(mib.rounded(.up)) }
        return nil
    }
}
