import ArgumentParser
import BerthRules

struct RulesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every rule's examples and every pack test.",
        discussion: "Without DIR, tests both built-in packs. Prints failures and 'N passed, N failed'; exits 1 on any failure."
    )

    @Argument(help: "A folder of rules (with an optional pack.yaml and tests.yaml), or a built-in pack name.")
    var directory: String?

    @Flag(name: .shortAndLong, help: "List every test, not only failures.")
    var verbose = false

    func run() throws {
        try reporting {
            let packs = try PackLoader.packs(directory)
            var passed = 0, failed = 0
            var out = ""
            for pack in packs {
                for result in RuleTester.run(pack) {
                    if result.passed {
                        passed += 1
                        if verbose { out += "ok    \(result.pack) \(result.name) (as of \(result.asOf))\n" }
                    } else {
                        failed += 1
                        out += "\(result.location): FAIL \(result.pack) \(result.name): \(result.detail)\n"
                    }
                }
            }
            out += "\(passed) passed, \(failed) failed\n"
            emit(out)
            if failed > 0 { throw ExitCode(.refusal) }
        }
    }
}
