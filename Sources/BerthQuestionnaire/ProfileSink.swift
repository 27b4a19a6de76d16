import BerthCore

/// What `berth ask --save` hands to the store: the profile, its decision, and for every
/// question where its answer came from (the person, an answers file, a default, unknown).
public struct SavedProfile: Sendable {
    public var profile: Profile
    public var decision: Decision
    /// One record per question asked (and per other key an answers file set), in order.
    public var provenance: [AnswerRecord]

    public init(_ completed: Completed) {
        profile = completed.profile
        decision = completed.decision
        provenance = completed.records
    }
}

/// Where a finished questionnaire's profile is stored. The CLI supplies one backed by the
/// SQLite store; tests supply their own.
public protocol ProfileSink {
    /// Stores the profile with its provenance; returns a short description of where it went.
    func store(_ saved: SavedProfile) throws -> String
}
