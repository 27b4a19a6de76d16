import BerthCore

/// Helpers shared by the platform generators.
enum Common {
    /// The profile's image, or the marked placeholder.
    static func image(_ profile: Profile, _ notes: Notes) -> String {
        if let image = profile.image, !image.isEmpty {
            notes.choice("image", image, notes.why(.image))
            return image
        }
        notes.choice("image", "placeholder IMAGE", notes.why(.image))
        return notes.use(Placeholders.image(profile.name))
    }

    /// True when the workload takes traffic on its port.
    static func serves(_ profile: Profile) -> Bool {
        profile.trigger == .http || profile.loadBalancer != .none
    }

    /// The image tag (`repo:1.4.2` -> `1.4.2`), or nil (no tag, a digest, or no image).
    static func imageTag(_ profile: Profile) -> String? {
        guard let image = profile.image, !image.contains("@") else { return nil }
        let lastPart = image.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? image
        guard let colon = lastPart.lastIndex(of: ":") else { return nil }
        let tag = String(lastPart[lastPart.index(after: colon)...])
        return tag.isEmpty ? nil : tag
    }

    /// Profile labels that are valid AWS resource tags, sorted by key. AWS tag rules are not
    /// in aws-facts.md; these come from the ECS API model in botocore (`Tag`: key 1..128,
    /// value 0..256, letters, digits, spaces and `_ . : / = + - @`), and `aws:` is reserved.
    static func awsTags(_ profile: Profile) -> (valid: [(String, String)], skipped: [String]) {
        var valid: [(String, String)] = []
        var skipped: [String] = []
        for key in profile.labels.keys.sorted() {
            let value = profile.labels[key] ?? ""
            let ok = (1...128).contains(key.count) && value.count <= 256
                && isTagText(key) && isTagText(value) && !key.lowercased().hasPrefix("aws:")
            if ok && valid.count < 50 { valid.append((key, value)) } else { skipped.append(key) }
        }
        return (valid, skipped)
    }

    private static func isTagText(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { u in
            let p = u.properties
            return p.isAlphabetic || p.numericType != nil || u == " " || "_.:/=+-@".unicodeScalars.contains(u)
        }
    }

    // MARK: Kubernetes names and labels

    /// A Kubernetes label value: at most 63, alphanumerics at both ends, `-_.` inside, or empty.
    static func isLabelValue(_ s: String) -> Bool {
        if s.isEmpty { return true }
        let b = Array(s.utf8)
        guard b.count <= 63 else { return false }
        func alnum(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) }
        guard let f = b.first, let l = b.last, alnum(f), alnum(l) else { return false }
        return b.allSatisfy { alnum($0) || $0 == 45 || $0 == 95 || $0 == 46 }
    }

    /// A Kubernetes label key: optional DNS-subdomain prefix (at most 253) and `/`, then a
    /// name of at most 63 (alphanumerics at both ends, `-_.` inside).
    static func isLabelKey(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, let name = parts.last, !name.isEmpty, isLabelValue(name) else { return false }
        if parts.count == 2 { return isDNSSubdomain(parts[0]) }
        return true
    }

    static func isDNSSubdomain(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 253 else { return false }
        return s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            let b = Array(part.utf8)
            func ok(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
            guard let f = b.first, let l = b.last, ok(f), ok(l) else { return false }
            return b.allSatisfy { ok($0) || $0 == 45 }
        }
    }

    /// FNV-1a (64 bit): a stable hash for derived names (Swift's Hasher is seeded per run).
    static func stableHash(_ s: String) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// vCPUs as a Kubernetes cpu quantity: whole numbers as `2`, else millicores (`500m`),
    /// rounded up so the request is never below the profile.
    static func cpuQuantity(_ vcpu: Double) -> String {
        let milli = Int((vcpu * 1000 - 1e-9).rounded(.up))
        return milli % 1000 == 0 ? String(milli / 1000) : "\(milli)m"
    }

    /// A word for a POSIX shell command in a README: left bare when it holds only characters
    /// no shell treats specially, else single-quoted (`'` as `'\''`), so that pasting the
    /// command runs nothing the profile's text spells (`$(...)`, backticks, `;`).
    static func shellWord(_ s: String) -> String {
        let bare = !s.isEmpty && s.utf8.allSatisfy { b in
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || "@%+=:,./_-".utf8.contains(b)
        }
        return bare ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A one-line, length-limited rendering of profile text for messages.
    static func clip(_ s: String, _ max: Int = 60) -> String {
        let line = YAMLEmitter.commentText(s)
        return line.count > max ? String(line.prefix(max)) + "…" : line
    }

    // MARK: Schedules

    /// The profile's EventBridge schedule expression, or the marked placeholder (noted).
    static func scheduleExpression(_ profile: Profile, _ notes: Notes) -> String {
        if let schedule = profile.schedule {
            notes.choice("schedule", schedule, notes.why(.schedule) + "; EventBridge evaluates it in UTC")
            overlapNote(profile, notes)
            return schedule
        }
        notes.adjust("\(notes.why(.schedule)): the schedule is the placeholder SCHEDULE; set `schedule` in the profile (docs/profile.md) and generate again.")
        return notes.use(Placeholders.rate)
    }

    /// A rate whose interval is not longer than a run: EventBridge Scheduler starts a run on
    /// every tick whether the last one ended or not.
    static func overlapNote(_ profile: Profile, _ notes: Notes) {
        guard let schedule = profile.schedule, let longest = profile.maxDurationSeconds,
              case .success(.rate(let value, let unit)) = ScheduleExpression.parse(schedule) else { return }
        let seconds = value * (unit == .minute ? 60 : unit == .hour ? 3600 : 86_400)
        if longest >= seconds {
            notes.adjust("Runs can overlap: \(schedule) starts one every \(seconds) s and a run may take \(longest) s (\(notes.why(.maxDurationSeconds))); EventBridge Scheduler does not wait for the previous run.")
        }
    }

    /// The schedule as a Kubernetes CronJob's five fields (minute hour day-of-month month
    /// day-of-week, day of week 0-6 from Sunday), or nil when the expression has no exact
    /// equivalent (a year, `L`, `W`, `#`, a rate that does not divide its period).
    static func kubernetesCron(_ expression: ScheduleExpression) -> String? {
        switch expression {
        case .rate(let value, let unit):
            switch unit {
            case .minute: return value == 1 ? "* * * * *" : 60 % value == 0 ? "*/\(value) * * * *" : nil
            case .hour: return value == 1 ? "0 * * * *" : 24 % value == 0 ? "0 */\(value) * * *" : nil
            case .day: return value == 1 ? "0 0 * * *" : nil
            }
        case .cron(let fields):
            guard fields[5] == "*" else { return nil }
            let special = fields[2].contains { "LW".contains($0) } || fields[4].contains { "L#/".contains($0) }
            guard !special else { return nil }
            let dom = fields[2] == "?" ? "*" : fields[2]
            // EventBridge numbers the days of the week 1-7 from Sunday, Kubernetes 0-6.
            var dow = fields[4] == "?" ? "*" : fields[4]
            if dow != "*" {
                dow = dow.split(separator: ",").map { item in
                    item.split(separator: "-").map { part in Int(part).map { String($0 - 1) } ?? String(part) }.joined(separator: "-")
                }.joined(separator: ",")
            }
            return [fields[0], fields[1], dom, fields[3], dow].joined(separator: " ")
        }
    }
}
