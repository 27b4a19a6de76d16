import ArgumentParser
import BerthArtifacts
import BerthCore
import BerthCost
import BerthRules
import BerthStore
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the deployment skeleton for a workload: ECS task and service definitions, Kubernetes manifests or a SAM template.",
        discussion: "Without --platform, writes the skeleton for the recommended platform and variant. A platform the rules excluded is refused with the rules' reasons (exit 1) unless --force, which writes the files and lists the violated rules at the top of README.md. Files in the folder that berth did not write, or that changed since, are not overwritten without --force. With --run N, writes every decided service of a stored run, one folder each, and an index README. See docs/artifacts.md."
    )

    @Argument(help: "A profile file (YAML or JSON), - for standard input, or the name of a stored profile.")
    var profile: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("Write every decided service of this stored run (see 'berth runs list'), one folder each, with an index README.", valueName: "id"))
    var runID: Int64?

    @Option(name: .long, help: "The platform to write the skeleton for (default: the recommendation).")
    var platform: Platform?

    @Option(name: .long, help: ArgumentHelp("The variant of the platform (docs/decision.md), e.g. spot, managed-instances (default: the decision's).", valueName: "id"))
    var variant: String?

    @Option(name: .long, help: "Output folder (default: deploy/NAME); - prints a one-file skeleton to standard output.")
    var out: String?

    @Flag(name: .long, help: "Write the skeleton even for a platform the rules excluded, and overwrite files in the folder that berth did not write or that changed since.")
    var force = false

    @Option(name: .long, help: "How to say what was written: text, or json (the folder and its files).")
    var format: OutputFormat = .text

    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var priceFile: PriceFileOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        switch (profile, runID) {
        case (nil, nil): throw ValidationError("name a profile, or a stored run with --run")
        case (.some, .some): throw ValidationError("give a profile or --run, not both")
        default: break
        }
        if runID != nil, out == "-" { throw ValidationError("--out - prints one skeleton; a run's skeletons need a folder") }
        if runID != nil, variant != nil, platform == nil {
            throw ValidationError("--variant with --run needs --platform: the same variant id names variants of two platforms")
        }
    }

    func run() throws {
        try reporting {
            if let runID { return try generateRun(runID) }
            let loaded = try ProfileInput.load(profile ?? "-", database: database)
            let decision = try rulesOptions.engine().decide(loaded)
            guard let target = platform ?? decision.recommendation else {
                printError("\(loaded.name): no platform is eligible (conflicting rules: \(decision.conflicts.joined(separator: ", "))); choose one with --platform and --force")
                throw ExitCode(.refusal)
            }
            let chosen = try variant.map { try VariantChoice.parse($0, on: target) }
            let instances = InstanceOffer.inForce(try priceFile.catalog(), region: loaded.region, on: decision.asOf)
            // An excluded platform without --force is an ArtifactError of category refusal (exit 1).
            let files = try ArtifactGenerator.generate(profile: loaded, platform: target, variant: chosen, decision: decision,
                                                       instances: instances, force: force)
            if out == "-" {
                emit(try SkeletonOutput.single(files, platform: target))
                return
            }
            let folder = out ?? "deploy/\(loaded.name)"
            let written = try FileWriter.write(files, to: folder, force: force)
            if format == .json {
                emit(SkeletonOutput.json(folder: folder, written: written, [
                    "profile": .string(loaded.name), "platform": .string(target.id),
                    "variant": (chosen ?? decision.candidate(target)?.variant).map { .string($0.id) } ?? .null,
                    "forced": .bool(force && !decision.isEligible(target)),
                ]))
                return
            }
            var report = "\(loaded.name): \(target.id) skeleton in \(folder)/\n"
            for file in files { report += "  \(file.path)\n" }
            report += SkeletonOutput.describe(written)
            if force && !decision.isEligible(target) { report += "forced: see the violated rules at the top of README.md\n" }
            emit(report)
        }
    }
}

extension Generate {
    /// `--run N`: every decided service of a stored run, one folder each, written all or none.
    func generateRun(_ id: Int64) throws {
        let store = try database.openExisting()
        guard let record = try store.run(id: id) else { throw StoreError(.notFound, "no run \(id) in \(database.path)") }
        var services: [RunService] = []
        try store.forEachDecision(runID: id) { stored in
            let profile = try ProfileFile.load(data: Data(stored.profile.utf8), file: "run \(id), \(stored.name)")
            services.append(RunService(profile: profile, decision: stored.decision(pack: record.pack, asOf: record.asOf)))
        }
        let chosen = try variant.map { try VariantChoice.parse($0, on: platform!) }
        let catalog = try priceFile.catalog()
        let skeletons = try RunSkeletons.generate(run: id, services: services, platform: platform, variant: chosen, force: force) {
            InstanceOffer.inForce(catalog, region: $0, on: record.asOf)
        }
        let folder = out ?? "deploy/run-\(id)"
        let written = try FileWriter.write(skeletons.files, to: folder, force: force)
        if format == .json {
            emit(SkeletonOutput.json(folder: folder, written: written, [
                "run": .int(Int(id)),
                "generated": .array(skeletons.generated.map { .object(["name": .string($0.name), "variant": .string($0.variant.rawValue), "forced": .bool($0.forced)]) }),
                "skipped": .array(skeletons.skipped.map { .object(["name": .string($0.name), "reason": .string($0.reason)]) }),
            ]))
            return
        }
        var report = "run \(id): \(skeletons.generated.count) skeleton(s) in \(folder)/, \(skeletons.skipped.count) skipped (see \(folder)/README.md)\n"
        for g in skeletons.generated { report += "  \(g.name)/: \(g.variant.rawValue)\(g.forced ? " (forced)" : "")\n" }
        for s in skeletons.skipped { report += "  skipped \(s.name): \(s.reason)\n" }
        report += SkeletonOutput.describe(written)
        emit(report)
    }
}

/// `--variant ID`: a variant of the platform the skeleton is for.
enum VariantChoice {
    static func parse(_ id: String, on platform: Platform) throws -> Variant {
        guard let variant = Variant(platform: platform, id: id) else {
            throw ValidationError("'\(id)' is not a variant of \(platform.id); its variants are \(Variant.of(platform).map(\.id).joined(separator: ", "))")
        }
        return variant
    }
}

/// What `generate` prints besides the files it wrote.
enum SkeletonOutput {
    /// `--out -`: the skeleton's one deployable file (its README, which explains it, is left
    /// out), or a usage error naming the files when there are several.
    static func single(_ files: [GeneratedFile], platform: Platform) throws -> String {
        let deployable = files.filter { $0.path != "README.md" }
        guard deployable.count == 1, let only = deployable.first else {
            throw ValidationError("--out - prints a one-file skeleton, and the \(platform.id) skeleton is \(deployable.count) files (\(deployable.map(\.path).joined(separator: ", "))); name a folder with --out")
        }
        return only.contents
    }

    /// `generate --format json`: `{schema_version, folder, written, removed, kept_edited, ...}`.
    static func json(folder: String, written: WriteResult, _ members: [String: JSONValue]) -> String {
        JSONValue.object(members.merging([
            "schema_version": .int(1), "folder": .string(folder),
            "written": .array(written.written.map { .string($0) }),
            "removed": .array(written.removed.map { .string($0) }),
            "kept_edited": .array(written.keptEdited.map { .string($0) }),
        ]) { $1 }).rendered()
    }

    static func describe(_ result: WriteResult) -> String {
        var out = ""
        if !result.removed.isEmpty { out += "removed the previous skeleton's " + result.removed.joined(separator: ", ") + "\n" }
        if !result.keptEdited.isEmpty { out += "kept, edited since berth wrote them: " + result.keptEdited.joined(separator: ", ") + "\n" }
        return out
    }
}

/// `--platform` takes the platform ids (`Platform`'s raw values).
extension Platform: ArgumentEnum {}
