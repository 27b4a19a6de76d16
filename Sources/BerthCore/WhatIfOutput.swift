/// One profile field set to a new value, spelt as a profile file takes it.
public struct FieldChange: Hashable, Sendable {
    public var field: ProfileField
    public var value: Value

    public init(field: ProfileField, value: Value) {
        self.field = field
        self.value = value
    }
}

/// A change to the profile (one field, else two) that makes another platform the
/// recommendation, as checked by deciding the changed profile (`decide`'s `what_if`).
public struct WhatIf: Hashable, Sendable {
    public var platform: Platform
    public var variant: Variant?
    /// In field order.
    public var change: [FieldChange]

    public init(platform: Platform, variant: Variant?, change: [FieldChange]) {
        self.platform = platform
        self.variant = variant
        self.change = change
    }

    public var json: JSONValue {
        .object([
            "platform": .string(platform.id),
            "variant": variant.map { .string($0.id) } ?? .null,
            "change": .object(Dictionary(uniqueKeysWithValues: change.map { ($0.field.key, JSONValue($0.value)) })),
        ])
    }

    /// `onprem_interop: true  ->  eks / hybrid-nodes`
    public var line: String {
        change.map { "\($0.field.key): \($0.value.plainText)" }.joined(separator: ", ") + "  ->  \(platform.id)" + (variant.map { " / \($0.id)" } ?? "")
    }
}

/// A catalog entry whose value took effect on a timeline date.
public struct FactChange: Hashable, Sendable {
    public var key: String
    public var value: Value

    public init(key: String, value: Value) {
        self.key = key
        self.value = value
    }
}

/// From `since` on (until the next entry), the profile is decided this way (`decide --timeline`).
public struct TimelineEntry: Hashable, Sendable {
    public var since: String
    public var recommendation: Platform?
    public var variant: Variant?
    /// The facts the decision read that changed on `since`; empty for the first entry.
    public var because: [FactChange]

    public init(since: String, recommendation: Platform?, variant: Variant?, because: [FactChange]) {
        self.since = since
        self.recommendation = recommendation
        self.variant = variant
        self.because = because
    }

    public var json: JSONValue {
        .object([
            "since": .string(since),
            "recommendation": recommendation.map { .string($0.id) } ?? .null,
            "variant": variant.map { .string($0.id) } ?? .null,
            "because": .array(because.map { .object(["key": .string($0.key), "value": JSONValue($0.value)]) }),
        ])
    }

    /// `2021-10-01  fargate / on-demand  (fargate_on_demand.windows_x86_64 = true)`
    public func line(language: Language) -> String {
        let what = recommendation.map { "\($0.id)\(variant.map { " / \($0.id)" } ?? "")" } ?? (language == .ja ? "なし" : "none")
        let why = because.map { "\($0.key) = \($0.value.plainText)" }.joined(separator: ", ")
        return "\(since)  \(what)" + (why.isEmpty ? "" : "  (\(why))")
    }
}
