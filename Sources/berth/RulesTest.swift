import ArgumentParser
import BerthRules

struct RulesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every rule's examples and every pack test.",
        discussion: "Without DIR, tests both built-in packs. Prints failures and 'N passed, N failed' (--format json: every result; junit: one test case per example or pack test, for CI); exits 1 on any failure."
    )

    @Argument(help: "A folder of rules (with an optional pack.yaml and tests.yaml), or a built-in pack name.")
    var directory: String?

    @Flag(name: .shortAndLong, help: "List every test, not only failures (text).")
    var verbose = false

    @Option(name: .long, help: "How to print the results.")
    var format: RuleReportFormat = .text

    func run() throws {
        try reporting {
            let results = try PackLoader.packs(directory).flatMap { RuleTester.run($0) }
            emit(RuleTestReport.render(results, format: format, verbose: verbose, timestamp: JUnitStamp.timestamp, hostname: JUnitStamp.hostname))
            if results.contains(where: { !$0.passed }) { throw ExitCode(.refusal) }
        }
    }
}
