import BerthCore

/// Serverless Framework `serverless.yml`: one workload per function, named `SERVICE-FUNCTION`;
/// function settings over the provider's.
enum ServerlessImporter: SourceImporter {
    static let functionKeys: Set<String> = [
        "handler", "name", "description", "memorySize", "ephemeralStorageSize", "runtime", "runtimeManagement", "timeout",
        "provisionedConcurrency", "reservedConcurrency", "tracing", "url", "snapStart", "package", "layers", "environment", "tags",
        "vpc", "events", "role", "onError", "kmsKeyArn", "disableLogs", "logRetentionInDays", "destinations", "fileSystemConfig",
        "maximumEventAge", "maximumRetryAttempts", "condition", "dependsOn", "architecture", "image", "logs", "iamRoleStatements",
    ]
    static let functionRead: Set<String> = ["description", "memorySize", "ephemeralStorageSize", "timeout", "architecture", "image", "events", "url", "environment", "handler"]
    static let eventTriggers: [String: Trigger] = [
        "http": .http, "httpApi": .http, "alb": .http, "websocket": .http,
        "sqs": .event, "sns": .event, "s3": .event, "stream": .event, "eventBridge": .event, "cloudwatchEvent": .event,
        "cloudwatchLog": .event, "kafka": .event, "msk": .event, "activemq": .event, "rabbitmq": .event, "iot": .event,
        "iotFleetProvisioning": .event, "alexaSkill": .event, "alexaSmartHome": .event, "cognitoUserPool": .event, "cloudFront": .event,
        "schedule": .schedule,
    ]

    static func recognizes(_ documents: [SourceNode]) -> Bool {
        guard documents.count == 1, let doc = documents.first else { return false }
        return doc["service"] != nil && (doc["provider"] != nil || doc["functions"] != nil)
    }

    static func drafts(from documents: [SourceNode], collector c: Collector) -> [Draft] {
        guard let doc = documents.first, let serviceNode = doc["service"] else { return [] }
        guard let service = c.text(serviceNode["name"] ?? serviceNode, workload: nil) else { return [] }
        let provider = doc["provider"]
        if let name = provider?["name"]?.rawText, name != "aws" {
            c.note(.notUsed, at: provider!["name"]!.location, workload: nil, "provider '\(Shown.text(name))' is not AWS; its functions are not imported")
            return []
        }
        if let functions = doc["functions"], !functions.isMapping {
            c.note(.notUsed, at: functions.location, workload: nil,
                   "functions is not a mapping of function names (files included with ${file(...)}?); no function imported from it")
        }
        return (doc["functions"]?.entries ?? []).map { function($0, service: service, provider: provider, c) }
    }

    private static func function(_ entry: SourceNode.Entry, service: String, provider: SourceNode?, _ c: Collector) -> Draft {
        let draft = Draft(sourceName: "\(service)-\(entry.key)", origin: entry.keyLocation)
        c.current = draft
        let w = draft.sourceName
        let f = entry.value
        c.unread(f, read: functionRead, known: functionKeys, workload: w, what: "a Serverless function")
        draft.set(.currentPlatform, "lambda", at: entry.keyLocation, rule: "a Serverless Framework function (provider aws) -> current_platform lambda")

        /// The function's setting, else the provider's.
        func setting(_ key: String) -> SourceNode.Entry? { f.entry(key) ?? provider?.entry(key) }

        if let description = f.entry("description"), let text = c.text(description.value, workload: w) {
            draft.set(.description, text, at: description.keyLocation, rule: "description -> description")
        }
        if let memory = setting("memorySize"), let text = c.text(memory.value, workload: w) {
            if let mb = Int(text), mb > 0 {
                draft.set(.memoryMiB, String(mb), at: memory.keyLocation, rule: "\(memory.value.path) \(mb) -> memory_mib \(mb)")
                let vcpu = Lambda.vcpu(memoryMB: mb)
                draft.set(.vcpu, Shown.number(vcpu), at: memory.keyLocation, rule: "\(memory.value.path) \(mb) -> vcpu \(Shown.number(vcpu)) (\(Lambda.rule))")
            } else {
                c.error(.badValue, at: memory.value.location, "\(w): memorySize must be a whole number of MB, got '\(Shown.text(text))'")
            }
        }
        if let timeout = setting("timeout"), let text = c.text(timeout.value, workload: w) {
            draft.set(.maxDurationSeconds, text, at: timeout.keyLocation, rule: "\(timeout.value.path) \(Shown.text(text)) -> max_duration_seconds \(Shown.text(text))")
        }
        if let architecture = setting("architecture"), let text = c.text(architecture.value, workload: w) {
            switch text {
            case "arm64", "x86_64": draft.set(.arch, text, at: architecture.keyLocation, rule: "\(architecture.value.path) \(text) -> arch \(text)")
            default: c.error(.badValue, at: architecture.value.location, "\(w): architecture must be arm64 or x86_64, got '\(Shown.text(text))'")
            }
        }
        if let storage = setting("ephemeralStorageSize"), let text = c.text(storage.value, workload: w), let mb = Int(text) {
            let gib = max(1, Int((Double(mb) / 1024).rounded(.up)))
            draft.set(.ephemeralStorageGiB, String(gib), at: storage.keyLocation, rule: "\(storage.value.path) \(mb) MB -> ephemeral_storage_gib \(gib)")
        }
        if let image = f.entry("image") {
            if let text = c.text(image.value["uri"] ?? image.value, workload: w), ImageReference.isValid(text) {
                draft.set(.image, text, at: image.keyLocation, rule: "\(image.value.path) -> image")
            } else {
                c.note(.assumed, at: image.keyLocation, workload: w, "image \(Shown.value(image.value)) names an image built by the framework; image left out")
            }
        }
        // The provider's variables, then the function's over them.
        for environment in [provider?["environment"], f["environment"]].compactMap({ $0 }) { SkeletonFields.environment(environment, draft, c) }
        if let url = f.entry("url"), url.value.bool != false {
            draft.set(.trigger, "http", at: url.keyLocation, rule: "url -> trigger http (a function URL)")
        }
        var chosen: (Trigger, String)?
        for event in f["events"]?.items ?? [] {
            guard let first = event.entries.first else { continue }
            guard let trigger = eventTriggers[first.key] else {
                c.note(.unknownKey, at: first.keyLocation, workload: w, "event '\(Shown.text(first.key))' is not one berth knows; not used")
                continue
            }
            if trigger == .schedule, !draft.has(.schedule) {
                let rate = first.value["rate"] ?? first.value
                SkeletonFields.schedule(rate.items.first ?? rate, .eventBridge, draft, c)
            }
            if let (earlier, name) = chosen {
                if earlier != trigger {
                    c.note(.assumed, at: first.keyLocation, workload: w,
                           "event \(first.key) would give trigger \(trigger.rawValue); trigger is \(earlier.rawValue), from the first event, \(name)")
                }
                continue
            }
            chosen = (trigger, first.key)
            if !draft.has(.trigger) {
                draft.set(.trigger, trigger.rawValue, at: first.keyLocation, rule: "\(SourceNode.join(event.path, first.key)) -> trigger \(trigger.rawValue)")
            }
        }
        if !draft.has(.trigger) {
            c.note(.assumed, at: entry.keyLocation, workload: w, "no events: trigger left at the profile default (http)")
        }
        return draft
    }
}
