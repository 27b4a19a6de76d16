import BerthCore

/// One answer changed.
public struct Change: Sendable, Equatable {
    public var key: String
    public var from: String
    public var to: String

    public init(key: String, from: String, to: String) {
        self.key = key
        self.from = from
        self.to = to
    }
}

/// A platform that lost, and the single answer changes that would make it the recommendation.
public struct PlatformChanges: Sendable, Equatable {
    public var platform: Platform
    public var changes: [Change]
}

extension Questionnaire {
    /// For each platform that lost (in the decision's order), the single-answer changes that
    /// make it the recommendation: every other choice, the other yes/no, and each question's
    /// `what_if` numbers, one question at a time, keeping the first winning value per question.
    /// A change counts only when its question would be asked with it, and the profile stays
    /// valid (min_tasks <= max_tasks). At most `limit` changes per platform.
    public func whatIf(_ completed: Completed, limit: Int = 3, decide: (Profile) -> Decision) -> [PlatformChanges] {
        let profile = completed.profile
        let losers = completed.decision.candidates.map(\.platform).filter { $0 != completed.decision.recommendation }
        var found: [Platform: [Change]] = [:]
        for q in questions {
            let now = q.current(in: profile)
            var winners: Set<Platform> = []
            for alternative in q.alternatives where alternative != now && Double(alternative).map({ Double(now) != $0 }) ?? true {
                guard let changed = try? q.applying(alternative, to: profile), changed.minTasks <= changed.maxTasks else { continue }
                if let condition = q.askWhen, !condition.holds({ Self.value(of: $0, in: changed) }) { continue }
                guard let winner = decide(changed).recommendation, losers.contains(winner), !winners.contains(winner) else { continue }
                winners.insert(winner)
                found[winner, default: []].append(Change(key: q.id, from: now, to: alternative))
            }
        }
        return losers.map { PlatformChanges(platform: $0, changes: Array((found[$0] ?? []).prefix(limit))) }
    }
}
