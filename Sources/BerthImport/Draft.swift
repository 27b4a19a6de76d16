import BerthCore

/// One imported workload: its checked profile (each imported field's source is
/// `.imported(place, rule:)`) and where it was defined.
public struct ImportedWorkload: Sendable {
    public var profile: Profile
    public var format: ImportFormat
    /// Where the workload is defined (the Compose service's key, the manifest, the resource).
    public var origin: SourceLocation
    /// Its name in the source, before it was made a DNS-1123 label.
    public var sourceName: String
}

/// A workload being converted: the profile values found so far, each with the place of
/// its source key and the rule that converted it. A later `set` of a field replaces an
/// earlier one (overrides, HPA bounds over replicas).
final class Draft {
    struct Assignment {
        var value: String
        var location: SourceLocation
        var rule: String
    }

    let sourceName: String
    let origin: SourceLocation
    private(set) var assignments: [ProfileField: Assignment] = [:]
    /// Entries of map fields (`environment`, `secrets`), by key.
    private(set) var maps: [ProfileField: [String: Assignment]] = [:]
    /// A value of it could not be read (its error is recorded): it is not imported.
    var failed = false

    init(sourceName: String, origin: SourceLocation) {
        self.sourceName = sourceName
        self.origin = origin
    }

    /// Rules quote keys and values from the file: they are kept on one line, with control
    /// characters escaped, before they are stored or printed (`profile show`).
    func set(_ field: ProfileField, _ value: String, at location: SourceLocation, rule: String) {
        assignments[field] = Assignment(value: value, location: location, rule: Shown.line(rule))
    }

    func put(_ field: ProfileField, key: String, value: String, at location: SourceLocation, rule: String) {
        maps[field, default: [:]][key] = Assignment(value: value, location: location, rule: Shown.line(rule))
    }

    func has(_ field: ProfileField) -> Bool { assignments[field] != nil || maps[field]?.isEmpty == false }

    /// The checked profile named `name`, or nil after recording the first value the profile
    /// refuses (out of range, not an image reference) as the workload's error.
    func profile(named name: String, collector: Collector) -> Profile? {
        var decoder = ProfileDecoder(sourceOf: nil)
        do {
            try decoder.assign(.name, .scalar(name, plain: false), at: origin)
            for field in ProfileField.allCases {
                guard let assignment = assignments[field] else { continue }
                try decoder.assign(field, .scalar(assignment.value, plain: true), at: assignment.location)
            }
            for (field, entries) in maps.sorted(by: { $0.key.index < $1.key.index }) {
                for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
                    try decoder.assign(RawEntry(key: field.key + "." + key, keyLocation: entry.location,
                                                value: .scalar(entry.value, plain: false), valueLocation: entry.location))
                }
            }
            var profile = try decoder.finish(origin: origin)
            profile.sources[.name] = .imported(origin, rule: "'\(Shown.text(sourceName))' -> name \(name)")
            for (field, assignment) in assignments {
                profile.sources[field] = .imported(assignment.location, rule: assignment.rule)
            }
            // A map's one place is its first entry's; the rule names every key.
            for (field, entries) in maps where !entries.isEmpty {
                let sorted = entries.sorted { ($0.value.location.line, $0.value.location.column) < ($1.value.location.line, $1.value.location.column) }
                let rule = sorted.count == 1 ? sorted[0].value.rule
                    : "\(sorted.count) entries (\(sorted.map { Shown.text($0.key) }.joined(separator: ", "))) -> \(field.key)"
                profile.sources[field] = .imported(sorted[0].value.location, rule: rule)
            }
            return profile
        } catch let error as ProfileError {
            collector.errors.append(ImportError(error, workload: sourceName))
            return nil
        } catch {
            collector.error(.badValue, at: origin, "\(sourceName): \(error)")
            return nil
        }
    }
}

/// Names made DNS-1123 labels, as the profile requires.
public enum WorkloadName {
    /// `HelloWorldFunction` -> `hello-world-function`, `my_service` -> `my-service`; a name
    /// that does not start with a letter gets `w-` in front; at most 63 characters. nil
    /// when nothing usable is left.
    public static func label(for name: String) -> String? {
        var out: [Character] = []
        var previous: Character? = nil
        for c in name {
            if c.isASCII, c.isUppercase, let p = previous, p.isASCII, p.isLowercase || p.isNumber {
                out.append("-")
            }
            if c.isASCII, c.isLetter || c.isNumber {
                out.append(Character(c.lowercased()))
            } else if out.last != "-" {
                out.append("-")
            }
            previous = c
        }
        var text = String(out).split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
        guard !text.isEmpty else { return nil }
        if let first = text.first, !first.isLetter { text = "w-" + text }
        if text.count > 63 { text = String(text.prefix(63)) }
        while text.hasSuffix("-") { text.removeLast() }
        return ProfileDecoder.isDNSLabel(text) ? text : nil
    }
}
