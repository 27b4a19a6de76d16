import BerthCore

/// A fixed decider for the pipeline's tests, so they do not change when the bundled rules
/// do: a handful of rules in the spirit of the talk, producing a full `Decision`
/// (candidates best first, reasons, conflicts).
enum SyntheticDecider {
    public static let pack = "synthetic"
    public static let asOf = "2025-01-01"

    private struct Rule: Sendable {
        let id: String
        let effect: Effect
        let platforms: [Platform]
        let when: @Sendable (Profile) -> Bool
    }

    private static let rules: [Rule] = [
        Rule(id: "lambda-max-duration", effect: .exclude, platforms: [.lambda]) { ($0.maxDurationSeconds ?? 0) > 900 },
        Rule(id: "lambda-no-windows", effect: .exclude, platforms: [.lambda]) { $0.os == .windows },
        Rule(id: "no-gpu-serverless", effect: .exclude, platforms: [.lambda, .fargate]) { $0.gpuCount > 0 },
        Rule(id: "lambda-memory", effect: .exclude, platforms: [.lambda]) { $0.memoryMiB > 10240 },
        Rule(id: "worker-not-lambda", effect: .exclude, platforms: [.lambda]) { $0.trigger == .worker },
        Rule(id: "privileged-needs-ec2", effect: .exclude, platforms: [.lambda, .fargate]) { $0.privileged },
        Rule(id: "windows-eks-fargate", effect: .exclude, platforms: [.eks]) { $0.os == .windows && $0.avoidInstanceManagement },
        Rule(id: "avoid-instances", effect: .exclude, platforms: [.ecsEC2, .eks]) { $0.avoidInstanceManagement && $0.gpuCount == 0 && !$0.privileged },
        Rule(id: "onprem-kubernetes", effect: .prefer(step: "onprem"), platforms: [.eks]) { $0.onpremInterop },
        Rule(id: "ms-billing", effect: .prefer(step: "ms-billing"), platforms: [.lambda]) { $0.msBilling },
        Rule(id: "events-suit-lambda", effect: .prefer(step: "events"), platforms: [.lambda]) { $0.trigger == .event || $0.trigger == .schedule },
        Rule(id: "exec-access", effect: .prefer(step: "exec"), platforms: [.fargate, .ecsEC2, .eks]) { $0.execAccess },
        Rule(id: "spot-capacity", effect: .prefer(step: "spot"), platforms: [.fargate, .ecsEC2]) { $0.purchasing == .spot },
    ]

    private static let steps = ["onprem", "ms-billing", "events", "exec", "spot"]

    public static func decide(_ profile: Profile) -> Decision {
        var reasons: [Platform: [Reason]] = [:]
        for rule in rules where rule.when(profile) {
            for platform in rule.platforms {
                reasons[platform, default: []].append(Reason(rule: rule.id, effect: rule.effect, message: rule.id, source: "synthetic"))
            }
        }
        var candidates = Platform.allCases.map { platform -> Candidate in
            let mine = reasons[platform] ?? []
            let eligible = !mine.contains { $0.effect == .exclude }
            // Lexicographic, as the engine ranks: one bit per step, the first step highest.
            let score = mine.reduce(0) { total, reason in
                total | (reason.effect.step.flatMap { s in steps.firstIndex(of: s) }.map { 1 << (steps.count - 1 - $0) } ?? 0)
            }
            return Candidate(platform: platform, eligible: eligible, score: score, reasons: mine)
        }
        candidates.sort {
            if $0.eligible != $1.eligible { return $0.eligible }
            if $0.score != $1.score { return $0.score > $1.score }
            return $0.platform < $1.platform
        }
        let recommendation = candidates.first.flatMap { $0.eligible ? $0.platform : nil }
        let conflicts = recommendation == nil ? Array(Set(candidates.flatMap { $0.exclusions.map(\.rule) })).sorted() : []
        var decision = Decision(profile: profile.name, pack: pack, asOf: asOf, recommendation: recommendation, candidates: candidates,
                                assumptions: [], undecided: [], conflicts: conflicts)
        decision.procedure = steps.map { ProcedureStep(id: $0, title: $0, talk: "synthetic", quote: "synthetic") }
        return decision
    }
}
