import BerthCore

/// Kubernetes manifests (several documents, `List` kinds): one workload per Deployment,
/// StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod, joined with the Services,
/// Ingresses and HorizontalPodAutoscalers that select it.
enum KubernetesImporter: SourceImporter {
    static let workloadKinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"]
    /// Kinds that hold no workload: noted as not used, not as unknown.
    static let otherKinds: Set<String> = [
        "ConfigMap", "Secret", "ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "Namespace",
        "PersistentVolume", "PersistentVolumeClaim", "StorageClass", "NetworkPolicy", "PodDisruptionBudget", "LimitRange",
        "ResourceQuota", "PriorityClass", "CustomResourceDefinition", "Endpoints", "EndpointSlice", "IngressClass",
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ServiceMonitor", "PodMonitor", "Certificate",
        "VerticalPodAutoscaler", "TargetGroupBinding",
    ]
    static let podSpecKeys: Set<String> = [
        "activeDeadlineSeconds", "affinity", "automountServiceAccountToken", "containers", "dnsConfig", "dnsPolicy",
        "enableServiceLinks", "ephemeralContainers", "hostAliases", "hostIPC", "hostNetwork", "hostPID", "hostUsers", "hostname",
        "imagePullSecrets", "initContainers", "nodeName", "nodeSelector", "os", "overhead", "preemptionPolicy", "priority",
        "priorityClassName", "readinessGates", "resourceClaims", "resources", "restartPolicy", "runtimeClassName", "schedulerName",
        "schedulingGates", "securityContext", "serviceAccount", "serviceAccountName", "setHostnameAsFQDN", "shareProcessNamespace",
        "subdomain", "terminationGracePeriodSeconds", "tolerations", "topologySpreadConstraints", "volumes",
    ]
    static let podSpecRead: Set<String> = ["containers", "initContainers", "nodeSelector", "affinity", "hostNetwork", "hostPID", "hostIPC", "os"]
    static let containerKeys: Set<String> = [
        "args", "command", "env", "envFrom", "image", "imagePullPolicy", "lifecycle", "livenessProbe", "name", "ports",
        "readinessProbe", "resizePolicy", "resources", "restartPolicy", "securityContext", "startupProbe", "stdin", "stdinOnce",
        "terminationMessagePath", "terminationMessagePolicy", "tty", "volumeDevices", "volumeMounts", "workingDir",
    ]
    static let containerRead: Set<String> = ["name", "image", "ports", "resources", "securityContext", "livenessProbe", "readinessProbe", "env", "envFrom"]

    static func recognizes(_ documents: [SourceNode]) -> Bool {
        documents.contains { $0["apiVersion"] != nil && $0["kind"] != nil }
    }

    /// A manifest and what the joins need of it.
    struct Object {
        var node: SourceNode
        var kind: String
        var name: String
        var namespace: String
    }

    struct Workload {
        var object: Object
        var draft: Draft
        var podLabels: [String: String]
        var served = false
    }

    static func drafts(from documents: [SourceNode], collector c: Collector) -> [Draft] {
        var objects: [Object] = []
        func collect(_ node: SourceNode) {
            guard node.isMapping else {
                c.error(.badValue, at: node.location, "a Kubernetes manifest must be a mapping, not \(node.isSequence ? "a list" : "a value")")
                return
            }
            guard let kind = node["kind"]?.rawText, node["apiVersion"]?.rawText != nil else {
                c.error(.missingKey, at: node.location, "a Kubernetes manifest needs apiVersion and kind")
                return
            }
            if kind == "List" || (kind.hasSuffix("List") && node["items"] != nil) {
                node["items"]?.items.forEach(collect)
                return
            }
            let name = node["metadata"]?["name"]?.rawText ?? ""
            let namespace = node["metadata"]?["namespace"]?.rawText ?? "default"
            objects.append(Object(node: node, kind: kind, name: name, namespace: namespace))
        }
        documents.forEach(collect)

        var workloads: [Workload] = []
        for object in objects {
            let at = object.node.entry("kind")?.value.location ?? object.node.location
            if workloadKinds.contains(object.kind) {
                if let workload = workload(object, c) { workloads.append(workload) }
            } else if ["Service", "Ingress", "HorizontalPodAutoscaler"].contains(object.kind) {
                continue
            } else if otherKinds.contains(object.kind) {
                c.note(.notUsed, at: at, workload: nil, "a \(object.kind) holds no workload; not used")
            } else {
                c.note(.unknownKind, at: at, workload: nil, "kind '\(Shown.text(object.kind))' is not a Kubernetes kind berth knows; not used")
            }
        }
        var servedBy: [String: [Int]] = [:]  // "namespace/service" -> workload indexes
        for object in objects where object.kind == "Service" {
            servedBy["\(object.namespace)/\(object.name)"] = join(service: object, &workloads, c)
        }
        for object in objects where object.kind == "Ingress" { join(ingress: object, servedBy, &workloads, c) }
        for object in objects where object.kind == "HorizontalPodAutoscaler" { join(hpa: object, &workloads, c) }
        for workload in workloads { trigger(workload, c) }
        return workloads.map(\.draft)
    }

    /// The pod spec and template labels of a workload kind.
    private static func podSpec(of object: Object) -> (spec: SourceNode?, labels: SourceNode?) {
        let spec = object.node["spec"]
        switch object.kind {
        case "Pod": return (spec, object.node["metadata"]?["labels"])
        case "CronJob":
            let template = spec?["jobTemplate"]?["spec"]?["template"]
            return (template?["spec"], template?["metadata"]?["labels"])
        default: return (spec?["template"]?["spec"], spec?["template"]?["metadata"]?["labels"])
        }
    }

    private static func workload(_ object: Object, _ c: Collector) -> Workload? {
        let origin = object.node.entry("metadata")?.value.entry("name")?.value.location ?? object.node.location
        guard !object.name.isEmpty else {
            c.error(.missingKey, at: object.node.location, "a \(object.kind) needs metadata.name")
            return nil
        }
        let draft = Draft(sourceName: object.name, origin: origin)
        c.current = draft
        let w = object.name
        let (spec, labelsNode) = podSpec(of: object)
        guard let spec, let containers = spec["containers"], !containers.items.isEmpty else {
            c.error(.missingKey, at: object.node.location, "\(object.kind) \(w) has no pod template with containers")
            return nil
        }
        c.unread(spec, read: podSpecRead, known: podSpecKeys, workload: w, what: "a pod spec")
        if let initContainers = spec.entry("initContainers") {
            c.note(.notUsed, at: initContainers.keyLocation, workload: w, "init containers are not counted in vcpu or memory")
        }
        var podLabels: [String: String] = [:]
        for entry in labelsNode?.entries ?? [] { podLabels[entry.key] = entry.value.rawText ?? "" }

        let items = containers.items
        let chosen = chooseContainer(items, object, c, w)
        let main = items[chosen]
        c.unread(main, read: containerRead, known: containerKeys, workload: w, what: "a container")

        if let image = main.entry("image"), let text = c.text(image.value, workload: w) {
            if ImageReference.isValid(text) {
                draft.set(.image, text, at: image.keyLocation, rule: "\(image.value.path) -> image")
            } else {
                c.note(.assumed, at: image.value.location, workload: w, "image '\(Shown.text(text))' is not an image reference; image left out")
            }
        }
        resources(items, chosen: chosen, draft, c)
        privileged(items, spec, draft, c)
        placement(spec, draft, c)
        if let port = main["ports"]?.items.first?.entry("containerPort"), let text = c.text(port.value, workload: w) {
            draft.set(.port, text, at: port.keyLocation, rule: "\(port.value.path) \(Shown.text(text)) -> port \(Shown.text(text))")
        }
        let probes = ["readinessProbe", "livenessProbe"].compactMap { main[$0] }
        if let path = probes.lazy.compactMap({ $0["httpGet"]?["path"] }).first {
            if let text = c.text(path, workload: w) { SkeletonFields.healthCheckPath(text, from: path, draft, c) }
        } else if let probe = probes.first {
            let how = ["exec", "grpc", "tcpSocket"].first { probe[$0] != nil } ?? "no httpGet"
            c.note(.notUsed, at: probe.location, workload: w, "\(probe.path) checks with \(how), not an HTTP path; health_check_path left out")
        }
        if let env = main["env"] {
            SkeletonFields.environment(env, draft, c)
            for item in env.items {
                guard let name = item["name"]?.rawText, let from = item["valueFrom"] else { continue }
                if let secret = from["secretKeyRef"]?["name"]?.rawText {
                    SkeletonFields.secret(name, secret, at: item.location, path: item.path, draft, c)
                    c.note(.assumed, at: item.location, workload: w,
                           "\(item.path) reads Kubernetes Secret '\(Shown.text(secret))': kept in secrets under that name, for a Secrets Manager secret of the same name")
                } else {
                    c.note(.notUsed, at: from.location, workload: w, "\(from.path) is filled in by Kubernetes (a ConfigMap or the pod's fields); left out")
                }
            }
        }
        if let envFrom = main.entry("envFrom") {
            c.note(.notUsed, at: envFrom.keyLocation, workload: w, "\(envFrom.value.path) takes every key of a ConfigMap or Secret that is not in these files; left out")
        }

        let workloadSpec = object.kind == "CronJob" ? object.node["spec"]?["jobTemplate"]?["spec"] : object.node["spec"]
        if let replicas = object.node["spec"]?.entry("replicas"), let text = c.text(replicas.value, workload: w), let n = Int(text) {
            draft.set(.minTasks, String(n), at: replicas.keyLocation, rule: "spec.replicas \(n) -> min_tasks \(n)")
            draft.set(.maxTasks, String(max(n, 1)), at: replicas.keyLocation, rule: "spec.replicas \(n) -> max_tasks \(max(n, 1))")
        }
        if ["Job", "CronJob"].contains(object.kind) {
            if let deadline = workloadSpec?.entry("activeDeadlineSeconds"), let text = c.text(deadline.value, workload: w) {
                draft.set(.maxDurationSeconds, text, at: deadline.keyLocation, rule: "\(deadline.value.path) \(Shown.text(text)) -> max_duration_seconds \(Shown.text(text))")
            }
            if let parallelism = workloadSpec?.entry("parallelism"), let text = c.text(parallelism.value, workload: w), let n = Int(text), n > 1 {
                draft.set(.distributedBatch, "true", at: parallelism.keyLocation, rule: "\(parallelism.value.path) \(n) -> distributed_batch true")
            }
        }
        if object.kind == "CronJob", let schedule = object.node["spec"]?["schedule"] { SkeletonFields.schedule(schedule, .unix, draft, c) }
        if object.kind == "DaemonSet" {
            c.note(.assumed, at: origin, workload: w, "a DaemonSet runs one pod on every node, which only EKS and ECS on EC2 (daemon services) offer; imported as one service")
        }
        return Workload(object: object, draft: draft, podLabels: podLabels)
    }

    /// The container that is the workload: the one `kubectl.kubernetes.io/default-container`
    /// names, else the first with ports, else the first.
    private static func chooseContainer(_ items: [SourceNode], _ object: Object, _ c: Collector, _ w: String) -> Int {
        guard items.count > 1 else { return 0 }
        let names = items.map { $0["name"]?.rawText ?? "?" }
        let metadata = object.kind == "Pod" ? object.node["metadata"] : podTemplateMetadata(object)
        let annotation = metadata?["annotations"]?["kubectl.kubernetes.io/default-container"]?.rawText
        let index: Int
        let why: String
        if let annotation, let i = names.firstIndex(of: annotation) {
            index = i
            why = "the kubectl.kubernetes.io/default-container annotation names it"
        } else if let i = items.firstIndex(where: { $0["ports"]?.items.isEmpty == false }) {
            index = i
            why = "it is the first with ports"
        } else {
            index = 0
            why = "it is the first (none has ports)"
        }
        let others = names.enumerated().filter { $0.offset != index }.map { "'\(Shown.text($0.element))'" }.joined(separator: ", ")
        c.note(.chosenContainer, at: items[index].location, workload: w,
               "\(items.count) containers: '\(Shown.text(names[index]))' is the workload because \(why); the others (\(others)) are sidecars (image and port come from the workload; vcpu and memory add up all containers)")
        return index
    }

    private static func podTemplateMetadata(_ object: Object) -> SourceNode? {
        object.kind == "CronJob" ? object.node["spec"]?["jobTemplate"]?["spec"]?["template"]?["metadata"] : object.node["spec"]?["template"]?["metadata"]
    }

    /// vcpu, memory, ephemeral storage and GPUs: each container's limit (else its request),
    /// added up over the pod's containers.
    private static func resources(_ items: [SourceNode], chosen: Int, _ draft: Draft, _ c: Collector) {
        let w = draft.sourceName
        let wanted: [(resource: String, field: ProfileField)] = [
            ("cpu", .vcpu), ("memory", .memoryMiB), ("ephemeral-storage", .ephemeralStorageGiB), ("nvidia.com/gpu", .gpuCount),
        ]
        for (resource, field) in wanted {
            var total = 0.0
            var parts: [String] = []
            var location: SourceLocation?
            var fromRequests = false
            for (i, container) in items.enumerated() {
                let limits = container["resources"]?["limits"]
                let requests = container["resources"]?["requests"]
                guard let entry = limits?.entry(resource) ?? requests?.entry(resource) else { continue }
                guard let text = c.text(entry.value, workload: w) else { continue }
                guard let value = Quantity.parse(text), value >= 0 else {
                    c.error(.badQuantity, at: entry.value.location, "\(w): \(entry.value.path) '\(Shown.text(text))' is not a Kubernetes quantity (\(Quantity.forms))")
                    continue
                }
                if limits?.entry(resource) == nil { fromRequests = true }
                total += value
                parts.append((items.count > 1 ? (container["name"]?.rawText ?? "?") + " " : "") + Shown.text(text))
                if location == nil || i == chosen { location = entry.keyLocation }
                if items.count == 1 { parts = [entry.value.path + " " + Shown.text(text)] }
            }
            guard let location, !parts.isEmpty else { continue }
            let converted: String
            switch field {
            case .vcpu: converted = Shown.number((total * 1000).rounded(.up) / 1000)
            case .memoryMiB: converted = String(ByteSize.mebibytes(total))
            case .ephemeralStorageGiB: converted = String(max(1, ByteSize.gibibytes(total)))
            default: converted = String(Int(total.rounded(.up)))
            }
            let source = items.count > 1 ? "\(resource) of \(parts.count) containers (\(parts.joined(separator: " + ")))" : parts[0]
            draft.set(field, converted, at: location, rule: "\(source) -> \(field.key) \(converted)")
            if fromRequests {
                c.note(.assumed, at: location, workload: w, "\(resource): a container has a request and no limit; its request is used")
            }
        }
    }

    private static func privileged(_ items: [SourceNode], _ spec: SourceNode, _ draft: Draft, _ c: Collector) {
        for container in items {
            if let entry = container["securityContext"]?.entry("privileged"), entry.value.bool == true {
                draft.set(.privileged, "true", at: entry.keyLocation, rule: "\(entry.value.path) true -> privileged true")
                return
            }
        }
        for key in ["hostNetwork", "hostPID", "hostIPC"] {
            if let entry = spec.entry(key), entry.value.bool == true {
                draft.set(.privileged, "true", at: entry.keyLocation, rule: "\(entry.value.path) true (host access) -> privileged true")
                return
            }
        }
    }

    /// os and arch from the pod's `os.name`, `nodeSelector` and required node affinity.
    private static func placement(_ spec: SourceNode, _ draft: Draft, _ c: Collector) {
        let w = draft.sourceName
        func apply(_ key: String, _ value: String, _ location: SourceLocation, _ path: String) {
            switch (key, value) {
            case ("os", "linux"), ("os", "windows"): draft.set(.os, value, at: location, rule: "\(path) \(value) -> os \(value)")
            case ("arch", "arm64"): draft.set(.arch, "arm64", at: location, rule: "\(path) arm64 -> arch arm64")
            case ("arch", "amd64"): draft.set(.arch, "x86_64", at: location, rule: "\(path) amd64 -> arch x86_64")
            default: c.note(.assumed, at: location, workload: w, "\(path) '\(Shown.text(value))' is not a value berth knows; \(key) left out")
            }
        }
        if let os = spec["os"]?.entry("name"), let text = os.value.rawText { apply("os", text, os.keyLocation, os.value.path) }
        for entry in spec["nodeSelector"]?.entries ?? [] {
            guard let text = entry.value.rawText else { continue }
            switch entry.key {
            case "kubernetes.io/os", "beta.kubernetes.io/os": apply("os", text, entry.keyLocation, entry.value.path)
            case "kubernetes.io/arch", "beta.kubernetes.io/arch": apply("arch", text, entry.keyLocation, entry.value.path)
            default: c.note(.notUsed, at: entry.keyLocation, workload: w, "\(entry.value.path) is not used: no profile field holds it")
            }
        }
        let terms = spec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]?.items ?? []
        for expression in terms.flatMap({ $0["matchExpressions"]?.items ?? [] }) {
            guard let key = expression["key"]?.rawText, expression["operator"]?.rawText == "In" else { continue }
            let kind = key.hasSuffix("kubernetes.io/arch") ? "arch" : key.hasSuffix("kubernetes.io/os") ? "os" : nil
            guard let kind, let values = expression["values"] else { continue }
            let texts = values.items.compactMap(\.rawText)
            if texts.count == 1 {
                apply(kind, texts[0], values.location, values.path)
            } else {
                c.note(.assumed, at: values.location, workload: w, "\(values.path) allows \(texts.map(Shown.text).joined(separator: ", ")); \(kind) left out (the profile holds one)")
            }
        }
    }

    /// A Service's selector against the pod labels: the workloads it serves (their indexes).
    private static func join(service: Object, _ workloads: inout [Workload], _ c: Collector) -> [Int] {
        let selector = service.node["spec"]?["selector"]?.entries.map { ($0.key, $0.value.rawText ?? "") } ?? []
        let at = service.node.entry("kind")?.value.location ?? service.node.location
        guard !selector.isEmpty else {
            c.note(.notUsed, at: at, workload: nil, "Service \(Shown.text(service.name)) has no selector; not used")
            return []
        }
        let matched = workloads.indices.filter { i in
            workloads[i].object.namespace == service.namespace && selector.allSatisfy { workloads[i].podLabels[$0.0] == $0.1 }
        }
        if matched.isEmpty {
            c.note(.notUsed, at: at, workload: nil, "Service \(Shown.text(service.name)) selects no workload in these files; not used")
        }
        let type = service.node["spec"]?.entry("type")
        for i in matched {
            workloads[i].served = true
            c.current = workloads[i].draft
            guard let type, type.value.rawText == "LoadBalancer" else { continue }
            let annotations = service.node["metadata"]?["annotations"]
            let lbType = annotations?.entry("service.beta.kubernetes.io/aws-load-balancer-type")
            let value = lbType?.value.rawText
            if value == "nlb" || value == "external" || value == "nlb-ip" {
                workloads[i].draft.set(.loadBalancer, "nlb", at: lbType!.keyLocation,
                                        rule: "Service \(Shown.text(service.name)) type LoadBalancer, aws-load-balancer-type \(Shown.text(value ?? "")) -> load_balancer nlb")
            } else {
                workloads[i].draft.set(.loadBalancer, "clb", at: type.keyLocation,
                                        rule: "Service \(Shown.text(service.name)) type LoadBalancer, no aws-load-balancer-type -> load_balancer clb (the in-tree default)")
            }
        }
        return matched
    }

    private static func join(ingress: Object, _ servedBy: [String: [Int]], _ workloads: inout [Workload], _ c: Collector) {
        let spec = ingress.node["spec"]
        var backends: [String] = []
        if let name = spec?["defaultBackend"]?["service"]?["name"]?.rawText { backends.append(name) }
        for rule in spec?["rules"]?.items ?? [] {
            for path in rule["http"]?["paths"]?.items ?? [] {
                if let name = path["backend"]?["service"]?["name"]?.rawText ?? path["backend"]?["serviceName"]?.rawText { backends.append(name) }
            }
        }
        let indexes = Set(backends.flatMap { servedBy["\(ingress.namespace)/\($0)"] ?? [] }).sorted()
        let at = ingress.node.entry("kind")?.value.location ?? ingress.node.location
        guard !indexes.isEmpty else {
            c.note(.notUsed, at: at, workload: nil, "Ingress \(Shown.text(ingress.name)) routes to no workload in these files; not used")
            return
        }
        let className = spec?.entry("ingressClassName")
            ?? ingress.node["metadata"]?["annotations"]?.entry("kubernetes.io/ingress.class")
        for i in indexes {
            workloads[i].served = true
            if let className, className.value.rawText == "alb" {
                workloads[i].draft.set(.loadBalancer, "alb", at: className.keyLocation,
                                       rule: "Ingress \(Shown.text(ingress.name)) class alb -> load_balancer alb")
            } else {
                let shown = className?.value.rawText.map { "class '\(Shown.text($0))'" } ?? "no class"
                c.note(.assumed, at: className?.keyLocation ?? at, workload: workloads[i].draft.sourceName,
                       "Ingress \(Shown.text(ingress.name)) has \(shown), not the AWS Load Balancer Controller's alb; load_balancer not taken from it")
            }
        }
    }

    private static func join(hpa: Object, _ workloads: inout [Workload], _ c: Collector) {
        let spec = hpa.node["spec"]
        let kind = spec?["scaleTargetRef"]?["kind"]?.rawText
        let name = spec?["scaleTargetRef"]?["name"]?.rawText
        guard let i = workloads.firstIndex(where: { $0.object.kind == kind && $0.object.name == name && $0.object.namespace == hpa.namespace }) else {
            c.note(.notUsed, at: hpa.node.location, workload: nil, "HorizontalPodAutoscaler \(Shown.text(hpa.name)) scales no workload in these files; not used")
            return
        }
        let draft = workloads[i].draft
        c.current = draft
        let minEntry = spec?.entry("minReplicas")
        let minimum = minEntry.flatMap { c.text($0.value, workload: draft.sourceName) }.flatMap { Int($0) } ?? 1
        draft.set(.minTasks, String(minimum), at: minEntry?.keyLocation ?? hpa.node.location,
                  rule: "HorizontalPodAutoscaler \(Shown.text(hpa.name)) minReplicas \(minimum)\(minEntry == nil ? " (default)" : "") -> min_tasks \(minimum)")
        if let maxEntry = spec?.entry("maxReplicas"), let text = c.text(maxEntry.value, workload: draft.sourceName), let maximum = Int(text) {
            draft.set(.maxTasks, String(maximum), at: maxEntry.keyLocation,
                      rule: "HorizontalPodAutoscaler \(Shown.text(hpa.name)) maxReplicas \(maximum) -> max_tasks \(maximum)")
        }
    }

    private static func trigger(_ workload: Workload, _ c: Collector) {
        let draft = workload.draft
        let kindLocation = workload.object.node.entry("kind")?.value.location ?? draft.origin
        switch workload.object.kind {
        case "CronJob":
            draft.set(.trigger, "schedule", at: kindLocation, rule: "kind CronJob -> trigger schedule")
        case "Job":
            draft.set(.trigger, "worker", at: kindLocation, rule: "kind Job -> trigger worker (runs to completion)")
        default:
            if workload.served || draft.has(.port) {
                draft.set(.trigger, "http", at: kindLocation, rule: workload.served ? "selected by a Service -> trigger http" : "a container port -> trigger http")
            } else {
                draft.set(.trigger, "worker", at: kindLocation, rule: "no Service and no container port -> trigger worker")
            }
        }
    }
}
