import Foundation
import BerthCore

/// AWS Copilot `manifest.yml` of every workload type, with an `environments:` override
/// applied when `--environment` names one.
enum CopilotImporter: SourceImporter {
    static let workloadTypes: Set<String> = [
        "Load Balanced Web Service", "Backend Service", "Worker Service", "Request-Driven Web Service", "Scheduled Job",
    ]
    static let keys: Set<String> = [
        "name", "type", "image", "entrypoint", "command", "cpu", "memory", "platform", "count", "exec", "deployment", "network",
        "http", "nlb", "subscribe", "on", "retries", "timeout", "instance", "variables", "env_file", "secrets", "storage", "logging",
        "observability", "publish", "taskdef_overrides", "environments", "tags", "sidecars", "source",
    ]
    static let read: Set<String> = [
        "name", "type", "image", "cpu", "memory", "platform", "count", "exec", "http", "nlb", "on", "timeout", "instance",
        "variables", "secrets", "storage", "environments", "subscribe",
    ]

    static func recognizes(_ documents: [SourceNode]) -> Bool {
        guard documents.count == 1, let doc = documents.first, let type = doc["type"]?.rawText else { return false }
        return doc["name"] != nil && (workloadTypes.contains(type) || type == "Static Site")
    }

    static func drafts(from documents: [SourceNode], collector c: Collector) -> [Draft] {
        guard var m = documents.first, let nameEntry = m.entry("name"), let name = c.text(nameEntry.value, workload: nil),
              let type = m["type"]?.rawText else { return [] }
        guard workloadTypes.contains(type) else {
            c.note(.notUsed, at: m.entry("type")?.value.location ?? m.location, workload: name, "a Static Site is served from S3 and CloudFront, not a compute workload; not imported")
            return []
        }
        let environments = m["environments"]?.entries ?? []
        if let wanted = c.options.environment {
            guard let override = environments.first(where: { $0.key == wanted }) else {
                let known = environments.map(\.key).joined(separator: ", ")
                c.error(.unknownEnvironment, at: m.entry("environments")?.keyLocation ?? m.location,
                        "\(name): no environment '\(Shown.text(wanted))' under environments (\(known.isEmpty ? "none" : known))")
                return []
            }
            m = m.overlaid(with: override.value)
        } else if !environments.isEmpty {
            c.note(.assumed, at: m.entry("environments")!.keyLocation, workload: name,
                   "environments \(environments.map { Shown.text($0.key) }.joined(separator: ", ")) override this manifest; none applied (choose one with --environment NAME)")
        }
        let draft = Draft(sourceName: name, origin: nameEntry.keyLocation)
        c.current = draft
        let w = name
        c.unread(m, read: read, known: keys, workload: w, what: "a Copilot \(type) manifest")
        let typeAt = m.entry("type")!.keyLocation

        if let image = m["image"] {
            if let location = image.entry("location"), let text = c.text(location.value, workload: w) {
                if ImageReference.isValid(text) {
                    draft.set(.image, text, at: location.keyLocation, rule: "\(location.value.path) -> image")
                } else {
                    c.note(.assumed, at: location.value.location, workload: w, "image '\(Shown.text(text))' is not an image reference; image left out")
                }
            } else if let build = image.entry("build") {
                c.note(.assumed, at: build.keyLocation, workload: w, "image.build: built from source by Copilot; image left out")
            }
            if let port = image.entry("port"), let text = c.text(port.value, workload: w) {
                draft.set(.port, text, at: port.keyLocation, rule: "\(port.value.path) \(Shown.text(text)) -> port \(Shown.text(text))")
            }
            if let command = image["healthcheck"]?["command"] { SkeletonFields.healthCheckCommand(command, draft, c) }
        }
        let sizes = type == "Request-Driven Web Service" ? m["instance"] : m
        if let cpu = sizes?.entry("cpu"), let text = c.text(cpu.value, workload: w) {
            if let units = Double(text), units > 0 {
                draft.set(.vcpu, Shown.number(units / 1024), at: cpu.keyLocation, rule: "\(cpu.value.path) \(Shown.text(text)) -> vcpu \(Shown.number(units / 1024)) (1024 units = 1 vCPU)")
            } else {
                c.error(.badValue, at: cpu.value.location, "\(w): \(cpu.value.path) must be CPU units (256, 512, 1024 ...), got '\(Shown.text(text))'")
            }
        }
        if let memory = sizes?.entry("memory"), let text = c.text(memory.value, workload: w) {
            if let mib = Int(text), mib > 0 {
                draft.set(.memoryMiB, text, at: memory.keyLocation, rule: "\(memory.value.path) \(Shown.text(text)) -> memory_mib \(mib)")
            } else {
                c.error(.badValue, at: memory.value.location, "\(w): \(memory.value.path) must be MiB, got '\(Shown.text(text))'")
            }
        }
        if let platform = (sizes ?? m).entry("platform") ?? m.entry("platform") {
            if let text = platform.value.rawText {
                Platforms.set(text, on: draft, at: platform.keyLocation, path: platform.value.path, collector: c, workload: w)
            } else if platform.value.isMapping {
                let os = platform.value["osfamily"]?.rawText ?? "linux"
                let arch = platform.value["architecture"]?.rawText ?? "x86_64"
                Platforms.set("\(os.lowercased().hasPrefix("windows") ? "windows" : os)/\(arch)", on: draft, at: platform.keyLocation,
                              path: platform.value.path, collector: c, workload: w)
            }
        }
        count(m, draft, c)
        if let exec = m.entry("exec"), exec.value.bool == true {
            draft.set(.execAccess, "true", at: exec.keyLocation, rule: "exec true -> exec_access true")
        }
        if let storage = m["storage"]?.entry("ephemeral"), let text = c.text(storage.value, workload: w) {
            draft.set(.ephemeralStorageGiB, text, at: storage.keyLocation, rule: "\(storage.value.path) \(Shown.text(text)) -> ephemeral_storage_gib \(Shown.text(text))")
        }
        if let variables = m["variables"] { SkeletonFields.environment(variables, draft, c) }
        for secret in m["secrets"]?.entries ?? [] {
            // A parameter name, or {secretsmanager: NAME}.
            guard let reference = SkeletonFields.plain(secret.value["secretsmanager"] ?? secret.value, c, w) else { continue }
            SkeletonFields.secret(secret.key, reference, at: secret.keyLocation, path: secret.value.path, draft, c)
        }

        switch type {
        case "Load Balanced Web Service":
            draft.set(.trigger, "http", at: typeAt, rule: "type \(type) -> trigger http")
            if let http = m.entry("http"), http.value.bool != false {
                draft.set(.loadBalancer, "alb", at: http.keyLocation, rule: "http (Application Load Balancer) -> load_balancer alb")
                healthcheck(http.value, draft, c, w)
            } else if let nlb = m.entry("nlb") {
                draft.set(.loadBalancer, "nlb", at: nlb.keyLocation, rule: "nlb -> load_balancer nlb")
            }
        case "Backend Service":
            draft.set(.trigger, "http", at: typeAt, rule: "type \(type) -> trigger http (reached inside the network)")
            if let http = m.entry("http"), http.value.isMapping {
                draft.set(.loadBalancer, "alb", at: http.keyLocation, rule: "http (internal Application Load Balancer) -> load_balancer alb")
                healthcheck(http.value, draft, c, w)
            }
        case "Worker Service":
            draft.set(.trigger, "event", at: typeAt, rule: "type \(type) -> trigger event (SQS messages from subscribed topics)")
        case "Request-Driven Web Service":
            draft.set(.trigger, "http", at: typeAt, rule: "type \(type) -> trigger http")
            c.note(.assumed, at: typeAt, workload: w, "a Request-Driven Web Service runs on AWS App Runner, which is not a platform berth decides between; current_platform left unknown")
            if let http = m["http"] { healthcheck(http, draft, c, w) }
        default:
            draft.set(.trigger, "schedule", at: typeAt, rule: "type \(type) -> trigger schedule")
            if let schedule = m["on"]?["schedule"] { SkeletonFields.schedule(schedule, .unix, draft, c) }
            if let timeout = m.entry("timeout"), let text = c.text(timeout.value, workload: w) {
                if let seconds = Duration.seconds(text) {
                    draft.set(.maxDurationSeconds, String(seconds), at: timeout.keyLocation, rule: "timeout \(Shown.text(text)) -> max_duration_seconds \(seconds)")
                } else {
                    c.error(.badValue, at: timeout.value.location, "\(w): timeout '\(Shown.text(text))' is not a duration (1h30m, 45s)")
                }
            }
        }
        if type != "Request-Driven Web Service" {
            draft.set(.currentPlatform, "fargate", at: typeAt, rule: "Copilot \(type) (ECS on Fargate) -> current_platform fargate")
            if !draft.has(.currentVariant) {
                draft.set(.currentVariant, "on-demand", at: typeAt, rule: "Copilot \(type) with no spot count -> current_variant on-demand")
            }
        }
        return [draft]
    }

    private static func healthcheck(_ http: SourceNode, _ draft: Draft, _ c: Collector, _ w: String) {
        guard let health = http["healthcheck"] else { return }
        let path = health["path"] ?? health
        if let text = c.text(path, workload: w) { SkeletonFields.healthCheckPath(text, from: path, draft, c) }
    }

    /// `count: 3`, `count: {range: 1-10}` or `{range: {min, max}}`, `count: {spot: 2}`.
    private static func count(_ m: SourceNode, _ draft: Draft, _ c: Collector) {
        let w = draft.sourceName
        guard let count = m.entry("count") else { return }
        if let text = count.value.rawText {
            guard let n = Int(text), n >= 0 else {
                c.error(.badValue, at: count.value.location, "\(w): count must be a whole number, got '\(Shown.text(text))'"); return
            }
            draft.set(.minTasks, String(n), at: count.keyLocation, rule: "count \(n) -> min_tasks \(n)")
            draft.set(.maxTasks, String(max(n, 1)), at: count.keyLocation, rule: "count \(n) -> max_tasks \(max(n, 1))")
            return
        }
        if let spot = count.value.entry("spot") {
            draft.set(.currentVariant, "spot", at: spot.keyLocation, rule: "count.spot -> current_variant spot")
        }
        guard let range = count.value.entry("range") else { return }
        var bounds: (Int, Int)?
        if let text = range.value.rawText {
            let parts = text.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if parts.count == 2 { bounds = (parts[0], parts[1]) }
        } else if let lo = range.value["min"]?.rawText.flatMap({ Int($0) }), let hi = range.value["max"]?.rawText.flatMap({ Int($0) }) {
            bounds = (lo, hi)
        }
        guard let (lo, hi) = bounds else {
            c.error(.badValue, at: range.value.location, "\(w): count.range must be MIN-MAX or {min, max}"); return
        }
        draft.set(.minTasks, String(lo), at: range.keyLocation, rule: "count.range \(lo)-\(hi) -> min_tasks \(lo)")
        draft.set(.maxTasks, String(hi), at: range.keyLocation, rule: "count.range \(lo)-\(hi) -> max_tasks \(hi)")
    }
}
