import BerthCore

/// SAM and CloudFormation templates: `AWS::Serverless::Function` (with `Globals`),
/// `AWS::Lambda::Function` and `AWS::ECS::TaskDefinition`. Short forms (`!Ref`, `!Sub`,
/// `!GetAtt` ...) parse; the values they hide are unknown and reported.
enum CloudFormationImporter: SourceImporter {
    static let serverlessKeys: Set<String> = [
        "Architectures", "AssumeRolePolicyDocument", "AutoPublishAlias", "AutoPublishAliasAllProperties", "AutoPublishCodeSha256",
        "CapacityProviderConfig", "CodeSigningConfigArn", "CodeUri", "DeadLetterQueue", "DeploymentPreference", "Description",
        "DurableConfig", "Environment", "EphemeralStorage", "EventInvokeConfig", "Events", "FileSystemConfigs", "FunctionName",
        "FunctionScalingConfig", "FunctionUrlConfig", "Handler", "ImageConfig", "ImageUri", "InlineCode", "KmsKeyArn", "Layers",
        "LoggingConfig", "MemorySize", "PackageType", "PermissionsBoundary", "Policies", "PropagateTags",
        "ProvisionedConcurrencyConfig", "RecursiveLoop", "ReservedConcurrentExecutions", "Role", "RolePath", "Runtime",
        "RuntimeManagementConfig", "SnapStart", "SourceKMSKeyArn", "Tags", "Timeout", "Tracing", "VersionDescription", "VpcConfig",
    ]
    static let lambdaKeys: Set<String> = [
        "Architectures", "CapacityProviderConfig", "Code", "CodeSigningConfigArn", "DeadLetterConfig", "Description", "DurableConfig",
        "Environment", "EphemeralStorage", "FileSystemConfigs", "FunctionName", "FunctionScalingConfig", "Handler", "ImageConfig",
        "KmsKeyArn", "Layers", "LoggingConfig", "MemorySize", "PackageType", "RecursiveLoop", "ReservedConcurrentExecutions", "Role",
        "Runtime", "RuntimeManagementConfig", "SnapStart", "Tags", "Timeout", "TracingConfig", "VpcConfig",
    ]
    static let read: Set<String> = [
        "Architectures", "Description", "Environment", "EphemeralStorage", "Events", "FunctionUrlConfig", "ImageUri", "Code",
        "MemorySize", "PackageType", "Timeout",
    ]
    /// SAM event source types and the trigger each gives.
    static let eventTriggers: [String: Trigger] = [
        "Api": .http, "HttpApi": .http, "FunctionUrl": .http,
        "SQS": .event, "SNS": .event, "S3": .event, "EventBridgeRule": .event, "CloudWatchEvent": .event, "Kinesis": .event,
        "DynamoDB": .event, "MSK": .event, "MQ": .event, "SelfManagedKafka": .event, "DocumentDB": .event, "IoTRule": .event,
        "CloudWatchLogs": .event, "AlexaSkill": .event, "Cognito": .event,
        "Schedule": .schedule, "ScheduleV2": .schedule,
    ]

    static func recognizes(_ documents: [SourceNode]) -> Bool {
        guard documents.count == 1, let doc = documents.first, let resources = doc["Resources"], resources.isMapping else { return false }
        return doc["AWSTemplateFormatVersion"] != nil || doc["Transform"] != nil
            || resources.entries.contains { $0.value["Type"]?.rawText?.hasPrefix("AWS::") == true }
    }

    static func drafts(from documents: [SourceNode], collector c: Collector) -> [Draft] {
        guard let doc = documents.first, let resources = doc["Resources"] else { return [] }
        let globals = doc["Globals"]?["Function"]
        var drafts: [(id: String, draft: Draft)] = []
        for resource in resources.entries {
            let type = resource.value["Type"]?.rawText ?? ""
            let properties = resource.value["Properties"]
            switch type {
            case "AWS::Serverless::Function":
                let merged = globals.map { g in properties.map { $0.withDefaults(g) } ?? g } ?? properties
                drafts.append((resource.key, function(resource, merged, serverless: true, c)))
            case "AWS::Lambda::Function":
                drafts.append((resource.key, function(resource, properties, serverless: false, c)))
            case "AWS::ECS::TaskDefinition":
                guard let properties else {
                    c.error(.missingKey, at: resource.keyLocation, "\(resource.key): a task definition needs Properties"); continue
                }
                if let draft = ECSImporter.taskDefinition(properties, name: resource.key, origin: resource.keyLocation, style: .pascal, collector: c) {
                    drafts.append((resource.key, draft))
                }
            case "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Url":
                continue
            default:
                c.note(.notUsed, at: resource.value.entry("Type")?.value.location ?? resource.keyLocation, workload: nil,
                       "\(Shown.text(resource.key)) (\(Shown.text(type))) holds no workload; not used")
            }
        }
        // Event sources and URLs of plain Lambda functions are resources of their own.
        for resource in resources.entries {
            let type = resource.value["Type"]?.rawText
            guard type == "AWS::Lambda::EventSourceMapping" || type == "AWS::Lambda::Url" else { continue }
            let key = type == "AWS::Lambda::Url" ? "TargetFunctionArn" : "FunctionName"
            guard let target = resource.value["Properties"]?[key], let id = referencedResource(target),
                  let draft = drafts.first(where: { $0.id == id })?.draft, !draft.has(.trigger) else { continue }
            let trigger = type == "AWS::Lambda::Url" ? "http" : "event"
            draft.set(.trigger, trigger, at: resource.keyLocation, rule: "\(Shown.text(resource.key)) (\(type!)) -> trigger \(trigger)")
        }
        for (_, draft) in drafts where !draft.has(.trigger) {
            c.note(.assumed, at: draft.origin, workload: draft.sourceName, "no event source: trigger left at the profile default (http)")
        }
        return drafts.map(\.draft)
    }

    /// `!Ref Fn`, `!GetAtt Fn.Arn`, `{"Ref": "Fn"}`, `{"Fn::GetAtt": ["Fn", "Arn"]}`: the logical id.
    static func referencedResource(_ node: SourceNode) -> String? {
        if node.tag == "!Ref", let text = node.rawText { return text }
        if node.tag == "!GetAtt", let text = node.rawText { return text.split(separator: ".").first.map(String.init) }
        if let ref = node["Ref"]?.rawText { return ref }
        if let att = node["Fn::GetAtt"] { return att.items.first?.rawText ?? att.rawText?.split(separator: ".").first.map(String.init) }
        return nil
    }

    private static func function(_ resource: SourceNode.Entry, _ p: SourceNode?, serverless: Bool, _ c: Collector) -> Draft {
        let draft = Draft(sourceName: resource.key, origin: resource.keyLocation)
        c.current = draft
        let w = resource.key
        let typeName = serverless ? "AWS::Serverless::Function" : "AWS::Lambda::Function"
        draft.set(.currentPlatform, "lambda", at: resource.value.entry("Type")?.keyLocation ?? resource.keyLocation,
                  rule: "Type \(typeName) -> current_platform lambda")
        guard let p else { return draft }
        c.unread(p, read: read, known: serverless ? serverlessKeys : lambdaKeys, workload: w, what: typeName)

        if let description = p.entry("Description"), let text = c.text(description.value, workload: w) {
            draft.set(.description, text, at: description.keyLocation, rule: "Description -> description")
        }
        if let memory = p.entry("MemorySize"), let text = c.text(memory.value, workload: w) {
            if let mb = Int(text), mb > 0 {
                draft.set(.memoryMiB, String(mb), at: memory.keyLocation, rule: "\(memory.value.path) \(mb) -> memory_mib \(mb)")
                let vcpu = Lambda.vcpu(memoryMB: mb)
                draft.set(.vcpu, Shown.number(vcpu), at: memory.keyLocation, rule: "\(memory.value.path) \(mb) -> vcpu \(Shown.number(vcpu)) (\(Lambda.rule))")
            } else {
                c.error(.badValue, at: memory.value.location, "\(w): MemorySize must be a whole number of MB, got '\(Shown.text(text))'")
            }
        }
        if let timeout = p.entry("Timeout"), let text = c.text(timeout.value, workload: w) {
            draft.set(.maxDurationSeconds, text, at: timeout.keyLocation, rule: "\(timeout.value.path) \(Shown.text(text)) -> max_duration_seconds \(Shown.text(text))")
        }
        if let architectures = p.entry("Architectures") {
            let values = architectures.value.items.compactMap { c.text($0, workload: w) }
            if values == ["arm64"] {
                draft.set(.arch, "arm64", at: architectures.keyLocation, rule: "Architectures [arm64] -> arch arm64")
            } else if values == ["x86_64"] {
                draft.set(.arch, "x86_64", at: architectures.keyLocation, rule: "Architectures [x86_64] -> arch x86_64")
            }
        }
        if let storage = p["EphemeralStorage"]?.entry("Size"), let text = c.text(storage.value, workload: w), let mb = Int(text) {
            let gib = max(1, Int((Double(mb) / 1024).rounded(.up)))
            draft.set(.ephemeralStorageGiB, String(gib), at: storage.keyLocation, rule: "\(storage.value.path) \(mb) MB -> ephemeral_storage_gib \(gib)")
        }
        if p["PackageType"]?.rawText == "Image", let uri = p.entry("ImageUri") ?? p["Code"]?.entry("ImageUri"),
           let text = c.text(uri.value, workload: w) {
            if ImageReference.isValid(text) {
                draft.set(.image, text, at: uri.keyLocation, rule: "\(uri.value.path) -> image")
            } else {
                c.note(.assumed, at: uri.value.location, workload: w, "ImageUri '\(Shown.text(text))' is not an image reference; image left out")
            }
        }
        if let environment = p["Environment"]?["Variables"] { SkeletonFields.environment(environment, draft, c) }
        if let url = p.entry("FunctionUrlConfig") {
            draft.set(.trigger, "http", at: url.keyLocation, rule: "FunctionUrlConfig -> trigger http")
        }
        events(p["Events"], draft, c)
        return draft
    }

    private static func events(_ events: SourceNode?, _ draft: Draft, _ c: Collector) {
        let w = draft.sourceName
        var chosen: (Trigger, String)?
        for event in events?.entries ?? [] {
            guard let typeEntry = event.value.entry("Type"), let type = c.text(typeEntry.value, workload: w) else { continue }
            guard let trigger = eventTriggers[type] else {
                c.note(.unknownKey, at: typeEntry.value.location, workload: w, "event type '\(Shown.text(type))' is not one berth knows; not used")
                continue
            }
            if trigger == .schedule {
                let properties = event.value["Properties"]
                if let expression = properties?["Schedule"] ?? properties?["ScheduleExpression"], !draft.has(.schedule) {
                    SkeletonFields.schedule(expression, .eventBridge, draft, c)
                }
            }
            if let (first, firstName) = chosen {
                if first != trigger {
                    c.note(.assumed, at: event.keyLocation, workload: w,
                           "event \(Shown.text(event.key)) (\(type)) would give trigger \(trigger.rawValue); trigger is \(first.rawValue), from the first event, \(Shown.text(firstName))")
                }
                continue
            }
            chosen = (trigger, event.key)
            draft.set(.trigger, trigger.rawValue, at: typeEntry.keyLocation, rule: "\(typeEntry.value.path) \(type) -> trigger \(trigger.rawValue)")
        }
    }
}

/// Lambda's CPU follows its memory (docs/import.md; /work/shared/reference/aws-facts.md,
/// "Lambda 10,240 MB / 6 vCPU", Dec 2020): 1,769 MB is 1 vCPU, and 10,240 MB gets 6.
enum Lambda {
    static let rule = "Lambda: 1,769 MB = 1 vCPU, 6 vCPU at 10,240 MB"

    static func vcpu(memoryMB: Int) -> Double {
        if memoryMB >= 10_240 { return 6 }
        return min(6, (Double(memoryMB) / 1769 * 1000).rounded() / 1000)
    }
}
