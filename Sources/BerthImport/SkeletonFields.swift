import BerthCore

/// `schedule`, `health_check_path`, `environment` and `secrets` from each format's way of
/// writing them: checked as the profile checks them before they are set, so that a value
/// the profile would refuse is reported and left out rather than skipping the workload.
enum SkeletonFields {
    /// How a format writes a schedule.
    enum Dialect {
        /// EventBridge `rate(...)` / `cron(6 fields)` (SAM, CloudFormation, Serverless).
        case eventBridge
        /// Unix cron, five fields, and the `@daily`-style macros (Kubernetes CronJob, Copilot;
        /// Copilot's `@every 1h` too).
        case unix
    }

    static func schedule(_ node: SourceNode, _ dialect: Dialect, _ draft: Draft, _ c: Collector) {
        let w = draft.sourceName
        guard let text = c.text(node, workload: w) else { return }
        let converted: String?
        switch dialect {
        case .eventBridge: converted = text
        case .unix: converted = eventBridge(unix: text.trimmingCharacters(in: .whitespaces))
        }
        guard let expression = converted, case .success(let parsed) = ScheduleExpression.parse(expression) else {
            c.note(.assumed, at: node.location, workload: w,
                   "\(node.path) '\(Shown.text(text))' is not a schedule EventBridge Scheduler takes (rate(...) or cron(...) with day of month or day of week '?'); schedule left out")
            return
        }
        let rule = expression == text ? "\(node.path) \(Shown.text(text)) -> schedule \(parsed.text)"
            : "\(node.path) '\(Shown.text(text))' (Unix cron) -> schedule \(parsed.text)"
        draft.set(.schedule, parsed.text, at: node.location, rule: rule)
    }

    /// A five-field Unix cron line or macro as an EventBridge cron expression (its day of
    /// week counts 1-7 from Sunday, Unix's 0-6 or 7; one of the two day fields must be `?`).
    static func eventBridge(unix text: String) -> String? {
        let macros = [
            "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
            "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
        ]
        if text.hasPrefix("@every ") {
            guard let seconds = Duration.seconds(String(text.dropFirst(7))), seconds > 0 else { return nil }
            for (size, unit) in [(86_400, "day"), (3600, "hour"), (60, "minute")] where seconds % size == 0 {
                let n = seconds / size
                return "rate(\(n) \(unit)\(n == 1 ? "" : "s"))"
            }
            return nil
        }
        if text.hasPrefix("rate(") || text.hasPrefix("cron(") { return text }
        let fields = (macros[text] ?? text).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else { return nil }
        var dom = fields[2], dow = fields[4]
        if dow == "*" {
            dow = "?"
        } else if dom == "*" {
            dom = "?"
            guard let shifted = shiftDays(dow) else { return nil }
            dow = shifted
        } else {
            return nil
        }
        return "cron(\(fields[0]) \(fields[1]) \(dom) \(fields[3]) \(dow) *)"
    }

    /// Unix day numbers (0 or 7 Sunday) as EventBridge's (1 Sunday ... 7 Saturday), in lists,
    /// ranges and steps; names (`MON`) are kept.
    private static func shiftDays(_ field: String) -> String? {
        var out = ""
        var number = ""
        func flush() -> Bool {
            guard !number.isEmpty else { return true }
            guard let n = Int(number), (0...7).contains(n) else { return false }
            out += String(n == 7 ? 1 : n + 1)
            number = ""
            return true
        }
        var afterSlash = false
        for c in field {
            if c.isNumber, !afterSlash { number.append(c); continue }
            guard flush() else { return nil }
            if c == "/" { afterSlash = true } else if c == "," || c == "-" { afterSlash = false }
            out.append(c)
        }
        return flush() ? out : nil
    }

    static func healthCheckPath(_ path: String, from node: SourceNode, _ draft: Draft, _ c: Collector, rule: String? = nil) {
        if let problem = ProfileSchema.healthCheckPathProblem(path) {
            c.note(.assumed, at: node.location, workload: draft.sourceName,
                   "\(node.path) '\(Shown.text(path))' is not a health check path (\(problem)); health_check_path left out")
            return
        }
        draft.set(.healthCheckPath, path, at: node.location, rule: rule ?? "\(node.path) \(Shown.text(path)) -> health_check_path \(Shown.text(path))")
    }

    /// The path of the first `http://` or `https://` URL in a health check command
    /// (`curl -f http://localhost:8080/healthz`), reported as not used when there is none.
    static func healthCheckCommand(_ node: SourceNode, _ draft: Draft, _ c: Collector) {
        let words = node.isSequence ? node.items.compactMap(\.rawText) : node.rawText.map { [$0] } ?? []
        let text = words.joined(separator: " ")
        for scheme in ["http://", "https://"] {
            guard let start = text.range(of: scheme) else { continue }
            let rest = text[start.upperBound...].prefix { !" '\"|;&)".contains($0) }
            let path = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
            healthCheckPath(path, from: node, draft, c,
                            rule: "\(node.path) (a command fetching \(Shown.text(String(text[start.lowerBound...].prefix { $0 != " " })))) -> health_check_path \(Shown.text(path))")
            return
        }
        c.note(.notUsed, at: node.location, workload: draft.sourceName, "\(node.path) runs a command, not an HTTP check; health_check_path left out")
    }

    /// Environment variables written as a mapping (`NAME: value`), a list of `NAME=value`
    /// (Compose), or a list of `{name, value}` (Kubernetes, ECS); `valueFrom` entries are
    /// left to `secrets`.
    static func environment(_ node: SourceNode, _ draft: Draft, _ c: Collector) {
        let w = draft.sourceName
        if node.isMapping {
            for entry in node.entries {
                guard let value = plain(entry.value, c, w) else { continue }
                put(.environment, entry.key, value, at: entry.keyLocation, path: entry.value.path, draft, c)
            }
            return
        }
        for item in node.items {
            if let text = item.rawText {
                guard let equals = text.firstIndex(of: "=") else {
                    c.note(.hiddenValue, at: item.location, workload: w, "\(item.path) '\(Shown.text(text))' takes its value from where it is run; left out")
                    continue
                }
                if c.hider(of: item) != nil { _ = c.text(item, workload: w); continue }
                put(.environment, String(text[..<equals]), String(text[text.index(after: equals)...]), at: item.location, path: item.path, draft, c)
            } else if let name = item["name"]?.rawText {
                if item["valueFrom"] != nil { continue }
                guard let valueNode = item["value"], let value = plain(valueNode, c, w) else { continue }
                put(.environment, name, value, at: item.location, path: item.path, draft, c)
            } else if let name = item["Name"]?.rawText {
                guard let valueNode = item["Value"], let value = plain(valueNode, c, w) else { continue }
                put(.environment, name, value, at: item.location, path: item.path, draft, c)
            }
        }
    }

    /// A plain value, or nil after reporting what hides it or that it is not one value
    /// (Copilot's `from_cfn`, a Kubernetes `valueFrom`).
    static func plain(_ node: SourceNode, _ c: Collector, _ w: String) -> String? {
        if c.hider(of: node) == nil, !node.isNull, node.rawText == nil {
            c.note(.notUsed, at: node.location, workload: w, "\(node.path) is not a plain value; left out")
            return nil
        }
        return c.text(node, workload: w)
    }

    /// One secret: the variable it becomes and the name or ARN it is read from.
    static func secret(_ name: String, _ reference: String, at location: SourceLocation, path: String, _ draft: Draft, _ c: Collector) {
        put(.secrets, name, reference, at: location, path: path, draft, c)
    }

    private static func put(_ field: ProfileField, _ key: String, _ value: String, at location: SourceLocation, path: String,
                            _ draft: Draft, _ c: Collector) {
        guard case .map(let access) = field.spec.access else { return }
        if let (_, problem) = access.checkKey(key) ?? access.checkValue(value) {
            c.note(.assumed, at: location, workload: draft.sourceName, "\(path) '\(Shown.text(key))' is not kept in \(field.key): it \(problem)")
            return
        }
        draft.put(field, key: key, value: value, at: location, rule: "\(path) -> \(field.key).\(Shown.text(key))")
    }
}
