import Foundation

/// A value as read from a file or a row, before it is checked against the schema.
public enum RawValue: Sendable, Equatable {
    /// Text of a scalar. `plain` is false for quoted YAML/JSON strings, which stay strings;
    /// plain text (YAML plain scalars, CSV cells) is read as the field's type.
    case scalar(String, plain: Bool)
    case mapping([RawEntry])
    case sequence
    case null

    public var typeName: String {
        switch self {
        case .scalar(_, let plain): return plain ? "a value" : "a string"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "null"
        }
    }
}

public struct RawEntry: Sendable, Equatable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: RawValue
    public var valueLocation: SourceLocation

    public init(key: String, keyLocation: SourceLocation, value: RawValue, valueLocation: SourceLocation) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
        self.valueLocation = valueLocation
    }
}

/// Turns raw entries into a checked `Profile`, naming the field and place of the first problem.
public struct ProfileDecoder {
    public var profile = Profile(name: "")
    private var seen = FieldSet()
    private var sawName = false
    private var maxTasksLocation: SourceLocation?
    private var currentVariantLocation: SourceLocation?
    /// How a given value is recorded (`.given(loc)` for files, `.answersFile(loc)` ...);
    /// nil skips per-field sources, as inventory rows do for speed.
    public var sourceOf: ((SourceLocation) -> FieldSource)?

    public init(sourceOf: ((SourceLocation) -> FieldSource)? = { .given($0) }) {
        self.sourceOf = sourceOf
    }

    /// At most this many problems of one profile are reported; the first is thrown with the
    /// others in `more`.
    public static let problemLimit = 20

    /// Decodes a whole mapping, reporting every problem of it (up to `problemLimit`) in file
    /// order. `origin` is where to point when a required field is missing.
    public static func decode(_ entries: [RawEntry], origin: SourceLocation,
                              sourceOf: ((SourceLocation) -> FieldSource)? = { .given($0) }) throws -> Profile {
        var decoder = ProfileDecoder(sourceOf: sourceOf)
        var problems: [ProfileError] = []
        for entry in entries {
            do { try decoder.assign(entry) } catch let error as ProfileError {
                problems.append(error)
                if problems.count == problemLimit { break }
            }
        }
        do {
            let profile = try decoder.finish(origin: origin)
            if problems.isEmpty { return profile }
        } catch let error as ProfileError {
            // A field already refused is not also "missing".
            if problems.count < problemLimit, !problems.contains(where: { $0.field != nil && $0.field == error.field }) {
                problems.append(error)
            }
        }
        var first = problems.removeFirst()
        first.more = problems
        throw first
    }

    /// Checks and stores one entry. Keys are field names or `MAP.KEY` for a map field
    /// (`labels.team`, `environment.LOG_LEVEL`).
    public mutating func assign(_ entry: RawEntry) throws {
        let key = entry.key
        if let dot = key.firstIndex(of: "."), let field = ProfileSchema.byName[String(key[..<dot])],
           case .map(let map) = field.spec.access {
            try assignEntry(of: field, map, String(key[key.index(after: dot)...]), entry.value, at: entry.valueLocation)
            return
        }
        guard let field = ProfileSchema.byName[key] else {
            var message = "unknown field '\(key)'"
            if let hint = ProfileSchema.suggestion(for: key) { message += "; did you mean '\(hint)'?" }
            throw ProfileError(.unknownField, at: entry.keyLocation, field: key, message)
        }
        if seen.contains(field) {
            throw ProfileError(.duplicateField, at: entry.keyLocation, field: key, "field '\(key)' is given twice")
        }
        seen.insert(field)
        try assign(field, entry.value, at: entry.valueLocation)
    }

    /// Checks and stores one field's value.
    public mutating func assign(_ field: ProfileField, _ raw: RawValue, at location: SourceLocation) throws {
        let name = field.rawValue
        if case .map(let map) = field.spec.access {
            switch raw {
            case .null: return
            case .mapping(let entries):
                for entry in entries {
                    try assignEntry(of: field, map, entry.key, entry.value, at: entry.valueLocation)
                }
                if !entries.isEmpty, let sourceOf { profile.sources[field] = sourceOf(location) }
                return
            default:
                throw ProfileError(.wrongType, at: location, field: name, "'\(name)' must be a mapping (\(map.typeText)), not \(raw.typeName)")
            }
        }
        guard case .scalar(let text, let plain) = raw else {
            if raw == .null, field != .name { return }  // `field: null` / `field:` = left out
            throw ProfileError(.wrongType, at: location, field: name, "'\(name)' must be \(expected(field.spec.type)), not \(raw.typeName)")
        }
        if plain, text.isEmpty, field != .name { return }  // empty CSV cell: default
        switch field.spec.access {
        case .text(_, let set):
            try Self.refuseControls(text, lines: field != .image, at: location, field: name)
            if field == .image, !text.isEmpty, !ImageReference.isValid(text) {
                throw ProfileError(.invalidImage, at: location, field: name,
                                   "'image' must be an image reference, [registry[:port]/]path[:tag][@digest] with lowercase path components, got \"\(Self.clip(text))\"")
            }
            if field == .schedule, case .failure(let problem) = ScheduleExpression.parse(text) {
                throw ProfileError(.invalidSchedule, at: location, field: name,
                                   "'schedule' \"\(Self.clip(text))\" is not an EventBridge schedule expression: \(problem.reason)")
            }
            if field == .healthCheckPath, let problem = ProfileSchema.healthCheckPathProblem(text) {
                throw ProfileError(.invalidPath, at: location, field: name, "'health_check_path' \(problem), got \"\(Self.clip(text))\"")
            }
            set(&profile, text)
        case .name:
            guard Self.isDNSLabel(text) else {
                throw ProfileError(.invalidName, at: location, field: name,
                                   "'\(name)' must be a DNS-1123 label (lowercase letters, digits and '-', at most 63, starting with a letter and ending with a letter or digit), got \"\(Self.clip(text))\"")
            }
            profile.name = text
            sawName = true
        case .choice(let choice):
            guard choice.set(&profile, text) else {
                var message = "'\(name)' must be one of \(choice.options.joined(separator: ", ")), got \"\(Self.clip(text))\""
                if let hint = ProfileSchema.closest(to: text, among: choice.options) { message += "; did you mean '\(hint)'?" }
                throw ProfileError(.unknownValue, at: location, field: name, message)
            }
            if field == .currentVariant { currentVariantLocation = location }
        case .flag(_, let set):
            guard plain, let b = Self.parseBool(text) else {
                throw ProfileError(.wrongType, at: location, field: name, "'\(name)' must be true or false, got \(Self.shown(text, plain))")
            }
            set(&profile, b)
        case .integer(let min, let max, _, let set):
            guard plain, let i = Self.parseInt(text) else {
                if plain, let d = Double(text), d.isFinite {
                    throw ProfileError(.wrongType, at: location, field: name, "'\(name)' must be a whole number, got \(text)")
                }
                throw ProfileError(.wrongType, at: location, field: name, "'\(name)' must be a whole number, got \(Self.shown(text, plain))")
            }
            guard i >= min, i <= max else {
                let range = max == Int.max ? "at least \(min)" : "between \(min) and \(max)"
                throw ProfileError(.outOfRange, at: location, field: name, "'\(name)' must be \(range), got \(i)")
            }
            if field == .maxTasks { maxTasksLocation = location }
            set(&profile, i)
        case .number(let range, _, let set):
            guard plain, let d = Double(text), d.isFinite else {
                throw ProfileError(.wrongType, at: location, field: name, "'\(name)' must be a number, got \(Self.shown(text, plain))")
            }
            guard range.contains(d) else {
                let bound = (range.exclusive ? "greater than " : "at least ") + String(range.min)
                    + (range.max == .infinity ? "" : " and at most \(Value.format(range.max))")
                throw ProfileError(.outOfRange, at: location, field: name, "'\(name)' must be \(bound), got \(Value.format(d))")
            }
            set(&profile, d)
        case .map:
            break
        }
        profile.given.insert(field)
        if let sourceOf { profile.sources[field] = sourceOf(location) }
    }

    /// Checks what needs the whole profile (the name is there; min_tasks <= max_tasks;
    /// current_variant is a variant of current_platform).
    public mutating func finish(origin: SourceLocation) throws -> Profile {
        guard sawName else {
            throw ProfileError(.missingField, at: origin, field: "name", "the required field 'name' is missing")
        }
        if profile.minTasks > profile.maxTasks {
            throw ProfileError(.outOfRange, at: maxTasksLocation ?? origin, field: "max_tasks",
                               "'max_tasks' (\(profile.maxTasks)) must be at least 'min_tasks' (\(profile.minTasks))")
        }
        if let id = profile.currentVariantID, profile.currentVariant == nil {
            let location = currentVariantLocation ?? origin
            guard let platform = profile.currentPlatform else {
                throw ProfileError(.missingField, at: location, field: "current_variant",
                                   "'current_variant' (\(id)) needs 'current_platform': the same id can name variants of different platforms")
            }
            let owners = Variant.allCases.filter { $0.id == id }.map(\.platform.id).joined(separator: ", ")
            throw ProfileError(.unknownValue, at: location, field: "current_variant",
                               "'current_variant' \(id) is not a variant of 'current_platform' \(platform.id) (it is a variant of \(owners)); \(platform.id)'s variants are \(Variant.of(platform).map(\.id).joined(separator: ", "))")
        }
        return profile
    }

    /// One entry of a map field (`labels`, `environment`, `secrets`), named `FIELD.KEY` in errors.
    private mutating func assignEntry(of mapField: ProfileField, _ map: MapAccess, _ key: String, _ raw: RawValue,
                                      at location: SourceLocation) throws {
        if let problem = Self.keyProblem(of: mapField, map, key, at: location) { throw problem }
        try assignValue(of: mapField, map, key, raw, at: location)
    }

    /// A value of the map field `mapField` under a key that `keyProblem` accepts, as an
    /// inventory column (`labels.team`) gives one in every row: the key is checked once, for
    /// the column, not again for each row.
    public mutating func assign(checkedKey key: String, of mapField: ProfileField, _ raw: RawValue, at location: SourceLocation) throws {
        guard case .map(let map) = mapField.spec.access else { return }
        try assignValue(of: mapField, map, key, raw, at: location)
    }

    private mutating func assignValue(of mapField: ProfileField, _ map: MapAccess, _ key: String, _ raw: RawValue,
                                      at location: SourceLocation) throws {
        // The `FIELD.KEY` name is made only for an error, not for every row of an inventory.
        func field() -> String { "\(mapField.rawValue).\(key)" }
        switch raw {
        case .scalar(let text, _):
            try Self.refuseControls(text, lines: true, at: location, field: field())
            if text.isEmpty { break }
            if let (code, problem) = map.checkValue(text) {
                throw ProfileError(code, at: location, field: field(), "'\(Self.clip(field()))' \(problem), got \"\(Self.clip(text))\"")
            }
            map.set(&profile, key, text)
        case .null:
            return
        default:
            throw ProfileError(.wrongType, at: location, field: field(), "'\(Self.clip(field()))' must be a string, not \(raw.typeName)")
        }
        profile.given.insert(mapField)
    }

    /// Why `key` cannot be a key of the map field `field` (`labels`, `environment`,
    /// `secrets`); nil when it can. Inventories ask it before keeping a column as a label.
    public static func keyProblem(of field: ProfileField, _ key: String, at location: SourceLocation) -> ProfileError? {
        guard case .map(let map) = field.spec.access else { return nil }
        return keyProblem(of: field, map, key, at: location)
    }

    private static func keyProblem(of mapField: ProfileField, _ map: MapAccess, _ key: String, at location: SourceLocation) -> ProfileError? {
        let root = mapField.rawValue
        let field = "\(root).\(key)"
        guard !key.isEmpty else {
            return ProfileError(.unknownField, at: location, field: field, "an entry of '\(root)' needs a key after '\(root).'")
        }
        do { try refuseControls(key, lines: true, at: location, field: field) } catch { return error as? ProfileError }
        if let (code, problem) = map.checkKey(key) {
            return ProfileError(code, at: location, field: field, "the key '\(clip(key))' of '\(root)' \(problem)")
        }
        return nil
    }

    private func expected(_ type: FieldType) -> String {
        switch type {
        case .string, .dnsLabel: return "a string"
        case .choice(let options): return "one of \(options.joined(separator: ", "))"
        case .bool: return "true or false"
        case .integer: return "a whole number"
        case .number: return "a number"
        case .map: return "a mapping"
        }
    }

    public static func isDNSLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        guard isLower(first), isLower(last) || isDigit(last) else { return false }
        return bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == 45 }
    }

    /// YAML 1.2 core-schema booleans, as YAML and CSV write them.
    public static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    public static func parseInt(_ text: String) -> Int? {
        if let i = Int(text) { return i }
        // 2048.0 from a spreadsheet is still a whole number.
        if let d = Double(text), d.isFinite, d == d.rounded(), abs(d) < 9e15 { return Int(d) }
        return nil
    }

    /// Control characters (C0, DEL, C1) in text are refused: stored, they would make the
    /// profile unreadable as YAML, and printed, they would drive the terminal. `lines` allows
    /// tab, line feed and carriage return (free text that may span lines).
    static func refuseControls(_ text: String, lines: Bool, at location: SourceLocation, field: @autoclosure () -> String) throws {
        for (offset, u) in text.unicodeScalars.enumerated() where u.value < 0x20 || (0x7f...0x9f).contains(u.value) {
            if lines, u == "\t" || u == "\n" || u == "\r" { continue }
            let hex = String(u.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
            let field = field()
            throw ProfileError(.controlCharacter, at: location, field: field,
                               "'\(clip(field))' holds the control character \(code) at character \(offset + 1); control characters are not allowed\(lines ? " (tab and line breaks are)" : "")")
        }
    }

    static func shown(_ text: String, _ plain: Bool) -> String {
        plain ? "\"\(clip(text))\"" : "the string \"\(clip(text))\""
    }

    /// Long or binary input is cut so that an error stays one readable line.
    static func clip(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(40) {
            if scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        }
        return text.unicodeScalars.count > 40 ? out + "…" : out
    }
}
