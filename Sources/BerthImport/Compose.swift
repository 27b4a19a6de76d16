import BerthCore

/// The Compose specification (`compose.yaml`, `docker-compose.yml`): one workload per service.
enum ComposeImporter: SourceImporter {
    static let topLevelKeys: Set<String> = ["version", "name", "services", "networks", "volumes", "configs", "secrets", "include", "models"]
    static let serviceKeys: Set<String> = [
        "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command", "configs",
        "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares",
        "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules", "devices", "dns", "dns_opt",
        "dns_search", "domainname", "driver_opts", "entrypoint", "env_file", "environment", "expose", "extends", "external_links",
        "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image", "init", "ipc", "isolation", "labels", "label_file",
        "links", "logging", "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode",
        "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop",
        "privileged", "profiles", "provider", "pull_policy", "read_only", "restart", "runtime", "scale", "secrets", "security_opt",
        "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits",
        "use_api_socket", "user", "userns_mode", "uts", "volumes", "volumes_from", "working_dir",
    ]
    static let deployKeys: Set<String> = ["endpoint_mode", "labels", "mode", "placement", "replicas", "resources", "restart_policy", "rollback_config", "update_config"]
    static let resourceKeys: Set<String> = ["cpus", "memory", "pids", "devices"]
    static let read: Set<String> = ["image", "platform", "cpus", "mem_limit", "deploy", "ports", "expose", "privileged", "healthcheck",
                                    "environment", "secrets", "gpus", "scale", "build"]

    static func recognizes(_ documents: [SourceNode]) -> Bool {
        guard documents.count == 1, let doc = documents.first, doc["services"]?.isMapping == true else { return false }
        return doc["apiVersion"] == nil && doc["Resources"] == nil && doc["provider"] == nil
    }

    static func drafts(from documents: [SourceNode], collector: Collector) -> [Draft] {
        guard let doc = documents.first else { return [] }
        for entry in doc.entries where !topLevelKeys.contains(entry.key) && !entry.key.hasPrefix("x-") {
            var message = "'\(Shown.text(entry.key))' is not a top-level key of a Compose file"
            if let hint = ProfileSchema.closest(to: entry.key, among: topLevelKeys.sorted()) { message += " (did you mean '\(hint)'?)" }
            collector.note(.unknownKey, at: entry.keyLocation, workload: nil, message + "; not used")
        }
        if let include = doc.entry("include") {
            collector.note(.notUsed, at: include.keyLocation, workload: nil, "include is not followed: import the included files themselves")
        }
        return doc["services"]?.entries.compactMap { service($0, collector) } ?? []
    }

    private static func service(_ entry: SourceNode.Entry, _ c: Collector) -> Draft? {
        let draft = Draft(sourceName: entry.key, origin: entry.keyLocation)
        c.current = draft
        let s = entry.value
        let w = entry.key
        c.unread(s, read: read, known: serviceKeys, workload: w, what: "a Compose service")

        if let image = s.entry("image"), let text = c.text(image.value, workload: w) {
            if ImageReference.isValid(text) {
                draft.set(.image, text, at: image.keyLocation, rule: "image -> image")
            } else {
                c.note(.assumed, at: image.value.location, workload: w, "image '\(Shown.text(text))' is not an image reference; image left out")
            }
        } else if let build = s.entry("build") {
            c.note(.assumed, at: build.keyLocation, workload: w, "built from source (build) with no image; image left out")
        }
        if let platform = s.entry("platform"), let text = c.text(platform.value, workload: w) {
            Platforms.set(text, on: draft, at: platform.keyLocation, path: platform.value.path, collector: c, workload: w)
        }

        // Resources: deploy.resources.limits, else reservations, else the service-level cpus / mem_limit.
        let deploy = s["deploy"]
        if let deploy { c.unread(deploy, read: ["replicas", "resources"], known: deployKeys, workload: w, what: "deploy") }
        let limits = deploy?["resources"]?["limits"]
        let reservations = deploy?["resources"]?["reservations"]
        for node in [limits, reservations].compactMap({ $0 }) {
            c.unread(node, read: ["cpus", "memory", "devices"], known: resourceKeys, workload: w, what: node.path)
        }
        let cpuSources = [limits?.entry("cpus"), reservations?.entry("cpus"), s.entry("cpus")].compactMap { $0 }
        if let cpus = cpuSources.first, let text = c.text(cpus.value, workload: w) {
            if let value = Double(text), value > 0 {
                draft.set(.vcpu, Shown.number(value), at: cpus.keyLocation, rule: "\(cpus.value.path) \(text) -> vcpu \(Shown.number(value))")
                if cpus.value.path.contains("reservations") {
                    c.note(.assumed, at: cpus.keyLocation, workload: w, "no cpus limit: vcpu is the reservation")
                }
            } else {
                c.error(.badValue, at: cpus.value.location, "\(w): \(cpus.value.path) must be a number of CPUs, got '\(Shown.text(text))'")
            }
        }
        let memorySources = [limits?.entry("memory"), reservations?.entry("memory"), s.entry("mem_limit")].compactMap { $0 }
        if let memory = memorySources.first, let text = c.text(memory.value, workload: w) {
            if let bytes = ByteSize.parse(compose: text), bytes > 0 {
                let mib = ByteSize.mebibytes(bytes)
                draft.set(.memoryMiB, String(mib), at: memory.keyLocation, rule: "\(memory.value.path) \(text) -> memory_mib \(mib)")
                if memory.value.path.contains("reservations") {
                    c.note(.assumed, at: memory.keyLocation, workload: w, "no memory limit: memory_mib is the reservation")
                }
            } else {
                c.error(.badQuantity, at: memory.value.location, "\(w): \(memory.value.path) '\(Shown.text(text))' is not a byte value (such as 512m, 1g, 1024k or a number of bytes)")
            }
        }
        gpus(s, reservations, draft, c)

        if let replicas = deploy?.entry("replicas") ?? s.entry("scale"), let text = c.text(replicas.value, workload: w) {
            if let count = Int(text), count >= 0 {
                let path = replicas.value.path
                draft.set(.minTasks, String(count), at: replicas.keyLocation, rule: "\(path) \(count) -> min_tasks \(count)")
                draft.set(.maxTasks, String(max(count, 1)), at: replicas.keyLocation, rule: "\(path) \(count) -> max_tasks \(max(count, 1))")
            } else {
                c.error(.badValue, at: replicas.value.location, "\(w): \(replicas.value.path) must be a whole number, got '\(Shown.text(text))'")
            }
        }
        if let privileged = s.entry("privileged"), let text = c.text(privileged.value, workload: w) {
            if let flag = ProfileDecoder.parseBool(text) {
                draft.set(.privileged, String(flag), at: privileged.keyLocation, rule: "privileged \(flag) -> privileged \(flag)")
            } else {
                c.error(.badValue, at: privileged.value.location, "\(w): privileged must be true or false, got '\(Shown.text(text))'")
            }
        }

        let ports = s.entry("ports") ?? s.entry("expose")
        if let ports {
            let items = ports.value.items
            let parsed = items.compactMap { containerPort($0, c, w) }
            if let first = parsed.first {
                draft.set(.port, String(first.port), at: first.node.location, rule: "\(first.node.path) \(Shown.value(first.node)) -> port \(first.port)")
                if parsed.count > 1 {
                    c.note(.assumed, at: ports.keyLocation, workload: w,
                           "\(parsed.count) ports; port is the first, \(first.port) (the profile holds one)")
                }
            }
            draft.set(.trigger, "http", at: ports.keyLocation, rule: "\(ports.key) given -> trigger http")
        } else {
            draft.set(.trigger, "worker", at: draft.origin, rule: "no ports -> trigger worker")
        }

        if let test = s["healthcheck"]?["test"] { SkeletonFields.healthCheckCommand(test, draft, c) }
        if let environment = s["environment"] { SkeletonFields.environment(environment, draft, c) }
        if let secrets = s.entry("secrets") {
            c.note(.notUsed, at: secrets.keyLocation, workload: w, "\(secrets.value.path) mounts files under /run/secrets, not environment variables; not kept in secrets")
        }
        return draft
    }

    private static func gpus(_ s: SourceNode, _ reservations: SourceNode?, _ draft: Draft, _ c: Collector) {
        let w = draft.sourceName
        for (i, device) in (reservations?["devices"]?.items ?? []).enumerated() {
            let capabilities = device["capabilities"]?.items.compactMap(\.rawText) ?? []
            guard capabilities.contains("gpu") else { continue }
            let location = reservations?["devices"]?.items[i].location ?? draft.origin
            if let count = device["count"], let text = c.text(count, workload: w) {
                if let n = Int(text) {
                    draft.set(.gpuCount, String(n), at: count.location, rule: "\(count.path) \(n) (capabilities gpu) -> gpu_count \(n)")
                } else {
                    draft.set(.gpuCount, "1", at: count.location, rule: "\(count.path) \(Shown.text(text)) (capabilities gpu) -> gpu_count 1")
                    c.note(.assumed, at: count.location, workload: w, "GPU count '\(Shown.text(text))' is not a number: assumed 1")
                }
            } else if let ids = device["device_ids"] {
                draft.set(.gpuCount, String(ids.items.count), at: ids.location, rule: "\(ids.path) (\(ids.items.count) ids) -> gpu_count \(ids.items.count)")
            } else {
                draft.set(.gpuCount, "1", at: location, rule: "a gpu device with no count -> gpu_count 1")
                c.note(.assumed, at: location, workload: w, "a GPU device with no count or device_ids: assumed 1")
            }
            return
        }
        if let gpus = s.entry("gpus") {
            let n = gpus.value.isSequence ? gpus.value.items.count : (gpus.value.rawText.flatMap { Int($0) } ?? 1)
            draft.set(.gpuCount, String(n), at: gpus.keyLocation, rule: "gpus \(Shown.value(gpus.value)) -> gpu_count \(n)")
            if gpus.value.rawText == "all" { c.note(.assumed, at: gpus.keyLocation, workload: w, "gpus: all: assumed 1 GPU") }
        }
    }

    /// The container side of a Compose port: `80`, `"8080:80"`, `"127.0.0.1:8080:80/tcp"`,
    /// `"3000-3005"` (the first), or the long syntax's `target`.
    private static func containerPort(_ node: SourceNode, _ c: Collector, _ w: String) -> (port: Int, node: SourceNode)? {
        if let target = node["target"] {
            guard let text = c.text(target, workload: w), let port = Int(text), (1...65535).contains(port) else {
                c.error(.badValue, at: target.location, "\(w): \(target.path) must be a port number"); return nil
            }
            return (port, target)
        }
        guard let text = c.text(node, workload: w) else { return nil }
        var container = text.split(separator: ":").last.map(String.init) ?? text
        if let slash = container.firstIndex(of: "/") { container = String(container[..<slash]) }
        if let dash = container.firstIndex(of: "-") { container = String(container[..<dash]) }
        guard let port = Int(container), (1...65535).contains(port) else {
            c.error(.badValue, at: node.location, "\(w): \(node.path) '\(Shown.text(text))' is not a port ([HOST:]CONTAINER[/PROTOCOL])")
            return nil
        }
        return (port, node)
    }
}

/// `os/arch[/variant]` platform strings (`linux/arm64`, `linux/amd64`, `windows/amd64`),
/// as Compose and Copilot write them.
enum Platforms {
    static func set(_ text: String, on draft: Draft, at location: SourceLocation, path: String, collector c: Collector, workload w: String) {
        let parts = text.lowercased().split(separator: "/").map(String.init)
        if let os = parts.first {
            switch os {
            case "linux": draft.set(.os, "linux", at: location, rule: "\(path) \(Shown.text(text)) -> os linux")
            case "windows": draft.set(.os, "windows", at: location, rule: "\(path) \(Shown.text(text)) -> os windows")
            default: c.note(.assumed, at: location, workload: w, "operating system '\(Shown.text(os))' is neither linux nor windows; os left out")
            }
        }
        if parts.count > 1 {
            switch parts[1] {
            case "arm64", "aarch64": draft.set(.arch, "arm64", at: location, rule: "\(path) \(Shown.text(text)) -> arch arm64")
            case "amd64", "x86_64": draft.set(.arch, "x86_64", at: location, rule: "\(path) \(Shown.text(text)) -> arch x86_64")
            default: c.note(.assumed, at: location, workload: w, "architecture '\(Shown.text(parts[1]))' is neither arm64 nor amd64; arch left out")
            }
        }
    }
}
