import ArgumentParser
import BerthRules

struct RulesLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Report rules with no source or examples, rules that can never fire, unused catalog entries, and built-in rules without Japanese.",
        discussion: "Errors that stop loading (syntax, types, duplicate ids) are reported as such. Exits 1 when there are findings."
    )

    @Argument(help: "A folder of rules, or a built-in pack name. Without it, both built-in packs.")
    var directory: String?

    func run() throws {
        try reporting {
            let packs = try PackLoader.packs(directory)
            var findings: [String] = []
            for pack in packs {
                for finding in RuleLinter.lint(pack) where !findings.contains(finding.description) {
                    findings.append(finding.description)
                }
            }
            emit(findings.map { $0 + "\n" }.joined() + "\(findings.count) finding\(findings.count == 1 ? "" : "s")\n")
            if !findings.isEmpty { throw ExitCode(.refusal) }
        }
    }
}
