import ArgumentParser
import BerthRules

struct RulesLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Report rules with no source or examples, rules that can never fire, unused catalog entries, and built-in rules without Japanese.",
        discussion: "Errors that stop loading (syntax, types, duplicate ids) are reported as such. --format json lists the findings; junit gives one test case per finding code, for CI. Exits 1 when there are findings."
    )

    @Argument(help: "A folder of rules, or a built-in pack name. Without it, both built-in packs.")
    var directory: String?

    @Option(name: .long, help: "How to print the findings.")
    var format: RuleReportFormat = .text

    func run() throws {
        try reporting {
            let packs = try PackLoader.packs(directory)
            var findings: [LintFinding] = []
            for pack in packs {
                for finding in RuleLinter.lint(pack) where !findings.contains(where: { $0.description == finding.description }) {
                    findings.append(finding)
                }
            }
            emit(LintReport.render(findings, format: format, packs: packs.map(\.name), timestamp: JUnitStamp.timestamp, hostname: JUnitStamp.hostname))
            if !findings.isEmpty { throw ExitCode(.refusal) }
        }
    }
}
