import ArgumentParser
import BerthArtifacts
import BerthCore
import BerthRules

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the deployment skeleton for a workload: ECS task and service definitions, Kubernetes manifests or a SAM template.",
        discussion: "Without --platform, writes the skeleton for the recommended platform. A platform the rules excluded is refused with the rules' reasons (exit 1) unless --force, which writes the files and lists the violated rules at the top of README.md. See docs/artifacts.md."
    )

    @Argument(help: "A profile file (YAML or JSON), - for standard input, or the name of a stored profile.")
    var profile: String

    @Option(name: .long, help: "The platform to write the skeleton for (default: the recommendation).")
    var platform: Platform?

    @Option(name: .long, help: "Output folder (default: deploy/NAME).")
    var out: String?

    @Flag(name: .long, help: "Write the skeleton even for a platform the rules excluded.")
    var force = false

    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try reporting {
            let loaded = try ProfileInput.load(profile, database: database)
            let decision = try rulesOptions.engine().decide(loaded)
            guard let target = platform ?? decision.recommendation else {
                printError("\(loaded.name): no platform is eligible (conflicting rules: \(decision.conflicts.joined(separator: ", "))); choose one with --platform and --force")
                throw ExitCode(.refusal)
            }
            // An excluded platform without --force is an ArtifactError of category refusal (exit 1).
            let files = try ArtifactGenerator.generate(profile: loaded, platform: target, decision: decision, force: force)
            let folder = out ?? "deploy/\(loaded.name)"
            try FileWriter.write(files, to: folder)
            var report = "\(loaded.name): \(target.id) skeleton in \(folder)/\n"
            for file in files { report += "  \(file.path)\n" }
            if force && !decision.isEligible(target) { report += "forced: see the violated rules at the top of README.md\n" }
            emit(report)
        }
    }
}

/// `--platform` takes the platform ids (`Platform`'s raw values).
extension Platform: ExpressibleByArgument {}
