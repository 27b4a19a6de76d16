import ArgumentParser
import BerthCore
import BerthStore

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two runs, and why.",
        discussion: "Services added, removed, and those whose recommendation or its monthly cost changed, each with the reason: a changed answer in the profile, a different pack or as-of date, a rule that now fires or no longer does, the cost."
    )

    @Argument(help: "The earlier run's id.")
    var from: Int64

    @Argument(help: "The later run's id.")
    var to: Int64

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "How to print the differences.")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let diff = try database.openExisting().diff(from: from, to: to)
            if format == .json {
                guard case .object(var members) = diff.json else { return }
                members["schema_version"] = .int(1)
                emit(json: JSONValue.object(members))
                return
            }
            var out = "run \(from) (\(diff.from.pack) as of \(diff.from.asOf)) -> run \(to) (\(diff.to.pack) as of \(diff.to.asOf))\n"
            // Said once: every service was decided again under them.
            for change in diff.runChanges { out += "\(change) (every service)\n" }
            if diff.isEmpty { out += "no service was added, removed or decided differently\n" }
            if !diff.addedServices.isEmpty {
                out += "\nadded (\(diff.addedServices.count)):\n"
                for s in diff.addedServices { out += "  + \(s.name): \(s.recommendation?.id ?? "none")\n" }
            }
            if !diff.removedServices.isEmpty {
                out += "\nremoved (\(diff.removedServices.count)):\n"
                for s in diff.removedServices { out += "  - \(s.name): was \(s.recommendation?.id ?? "none")\n" }
            }
            if !diff.nowDecided.isEmpty {
                out += "\ndecided now, rejected in run \(from) (\(diff.nowDecided.count)):\n"
                for s in diff.nowDecided {
                    out += "  + \(s.name): \(s.recommendation?.id ?? "none")\n"
                    if let r = s.rejection { out += "      was rejected: \(Self.rejectionText(r))\n" }
                }
            }
            if !diff.nowRejected.isEmpty {
                out += "\nrejected now, decided in run \(from) (\(diff.nowRejected.count)):\n"
                for s in diff.nowRejected {
                    out += "  - \(s.name): was \(s.recommendation?.id ?? "none")\n"
                    if let r = s.rejection { out += "      rejected: \(Self.rejectionText(r))\n" }
                }
            }
            if !diff.changed.isEmpty {
                out += "\nchanged (\(diff.changed.count)):\n"
                for c in diff.changed {
                    out += "  ~ \(c.name): \(c.before?.id ?? "none") -> \(c.after?.id ?? "none")\n"
                    for reason in c.reasons { out += "      \(reason)\n" }
                    if c.reasons.isEmpty && !diff.runChanges.isEmpty { out += "      only the rule pack or as-of date above\n" }
                }
            }
            emit(out)
        }
    }

    /// `line 4: vcpu: code: message`, the parts the row has.
    static func rejectionText(_ r: RunDiff.Rejection) -> String {
        [r.line.map { "line \($0)" }, r.field, r.code].compactMap { $0 }.joined(separator: ": ") + ": " + r.message
    }
}
