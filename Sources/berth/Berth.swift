import ArgumentParser
import Foundation

/// Every command names itself in its configuration: without a `commandName`, ArgumentParser
/// derives one from the type's name on every start (about 1 ms of `decide`).
@main
struct Berth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "Decide where a workload should run on AWS (Lambda, ECS on Fargate, ECS on EC2, EKS) and write its deployment skeleton.",
        discussion: "Exit status: 0 success; 1 the answer is no (rejected rows, failed tests, lint findings, a refused request); 2 usage error; 3 bad input (a profile, a rule, a file); 4 the database or the file system failed. See docs/cli.md.",
        version: "0.1.0",
        subcommands: [Decide.self, Ask.self, BatchCommand.self, ImportCommand.self, CheckCommand.self, RunsCommand.self, DiffCommand.self, ProfileCommand.self, Generate.self, Report.self, Rules.self, SchemaCommand.self, PricesCommand.self]
    )

    /// ArgumentParser's own main, but a usage error exits with the usage category's status
    /// (2) instead of its EX_USAGE (64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            printError(fullMessage(for: error))
            Foundation.exit(ExitCode(.usage).rawValue)
        }
    }
}
