import Foundation
import XCTest

/// `--help` of every command and subcommand, found by walking the SUBCOMMANDS sections from
/// `berth --help`, so a new command is covered without listing it here. Help is rendered 100
/// columns wide; `BERTH_UPDATE_GOLDEN=1` rewrites Golden/help/.
final class HelpTests: XCTestCase {
    private let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/help")

    /// Every command path (`[]` is berth itself) with its help text.
    private func everyHelp(columns: Int = 100) throws -> [(command: [String], help: String)] {
        var found: [(command: [String], help: String)] = []
        var pending: [[String]] = [[]]
        while !pending.isEmpty {
            let command = pending.removeFirst()
            let result = try BerthRunner.run(command + ["--help"], environment: ["COLUMNS": String(columns)])
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
            found.append((command, result.stdout))
            pending += subcommands(in: result.stdout).map { command + [$0] }
        }
        return found
    }

    /// The names listed under SUBCOMMANDS: (two spaces in; wrapped descriptions are further in).
    private func subcommands(in help: String) -> [String] {
        let lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "SUBCOMMANDS:") else { return [] }
        return lines[(start + 1)...].prefix { !$0.isEmpty }.compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.dropFirst(2).split(separator: " ").first.map(String.init)
        }
    }

    private func fileName(_ command: [String]) -> String { (["berth"] + command).joined(separator: "-") + ".txt" }

    func testEveryHelpMatchesItsGoldenFile() throws {
        let helps = try everyHelp()
        XCTAssertGreaterThan(helps.count, 15, "the walk found the subcommands")
        let update = ProcessInfo.processInfo.environment["BERTH_UPDATE_GOLDEN"] == "1"
        if update { try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true) }
        for (command, help) in helps {
            let file = golden.appendingPathComponent(fileName(command))
            if update { try help.write(to: file, atomically: true, encoding: .utf8) }
            let expected = try String(contentsOf: file, encoding: .utf8)
            XCTAssertEqual(help, expected, "\(fileName(command)) differs; rerun with BERTH_UPDATE_GOLDEN=1 if the change is intended")
        }
        let stored = try FileManager.default.contentsOfDirectory(atPath: golden.path).filter { $0.hasSuffix(".txt") }
        XCTAssertEqual(Set(stored), Set(helps.map { fileName($0.command) }), "a golden file without its command, or the reverse")
    }

    /// Help texts are written without hard line breaks, so ArgumentParser wraps them: on a
    /// very wide terminal, each paragraph above USAGE (the abstract, the discussion) is one line.
    func testProseIsWrappedByArgumentParserNotByHand() throws {
        for (command, help) in try everyHelp(columns: 1000) {
            let prose = help.components(separatedBy: "\n").prefix { !$0.hasPrefix("USAGE:") }
            for (line, next) in zip(prose, prose.dropFirst()) where !line.isEmpty {
                XCTAssertTrue(next.isEmpty, "berth \(command.joined(separator: " ")): a hard line break after '\(line.suffix(30))'")
            }
        }
    }

    /// `berth --generate-completion-script bash` (ArgumentParser's, README "Install") has a
    /// completion function for every command of the help walk, and each command offers exactly
    /// the subcommands its help lists (berth itself also `help`). zsh and fish name them too.
    func testCompletionScriptsNameEverySubcommand() throws {
        let helps = try everyHelp()
        let bash = try BerthRunner.run(["--generate-completion-script", "bash"])
        XCTAssertEqual(bash.status, 0, bash.stderr)
        for (command, help) in helps {
            let function = (["_berth"] + command).joined(separator: "_")
            guard let start = bash.stdout.range(of: "\n\(function)() {\n") else {
                XCTFail("no \(function) in the bash completion script")
                continue
            }
            let rest = bash.stdout[start.upperBound...]
            let body = rest[..<(rest.range(of: "\n}\n")?.lowerBound ?? rest.endIndex)]
            let offered = body.firstMatch(of: /compgen -W '([^']*)'/).map { $0.1.split(separator: " ").map(String.init) }
            let listed = subcommands(in: help)
            if listed.isEmpty {
                XCTAssertNil(offered, "\(function) offers subcommands: \(offered ?? [])")
            } else {
                XCTAssertEqual(offered, listed + (command.isEmpty ? ["help"] : []), function)
            }
        }
        XCTAssertGreaterThan(helps.filter { !subcommands(in: $0.help).isEmpty }.count, 5, "runs, profile, rules, schema, prices and berth")
        for shell in ["zsh", "fish"] {
            let script = try BerthRunner.run(["--generate-completion-script", shell])
            XCTAssertEqual(script.status, 0, script.stderr)
            for (command, help) in helps {
                for name in subcommands(in: help) {
                    XCTAssertTrue(script.stdout.contains(name), "\(shell): no \(command + [name])")
                }
            }
        }
    }

    func testEveryFileAHelpTextNamesExists() throws {
        var named = 0
        for (command, help) in try everyHelp() {
            for path in repositoryPaths(in: help) {
                named += 1
                XCTAssertTrue(FileManager.default.fileExists(atPath: BerthRunner.packageRoot.appendingPathComponent(path).path),
                              "berth \(command.joined(separator: " ")) --help names \(path), which does not exist")
            }
        }
        XCTAssertGreaterThan(named, 5, "the help texts cite docs")
    }

    /// Error messages are built in the libraries' sources: every docs/ or data/ file named
    /// there (in a message or a comment) exists.
    func testEveryFileTheSourcesNameExists() throws {
        let sources = BerthRunner.packageRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        XCTAssertFalse(files.isEmpty)
        for file in files {
            for path in repositoryPaths(in: try String(contentsOf: file, encoding: .utf8)) {
                XCTAssertTrue(FileManager.default.fileExists(atPath: BerthRunner.packageRoot.appendingPathComponent(path).path),
                              "\(file.lastPathComponent) names \(path), which does not exist")
            }
        }
    }

    /// `docs/x.md`, `data/x.yaml`: a path into the repository, without a sentence's full stop.
    private func repositoryPaths(in text: String) -> [String] {
        let pattern = try? NSRegularExpression(pattern: #"\b(?:docs|data)/[A-Za-z0-9_/-]+(?:\.[A-Za-z0-9]+)*"#)
        let range = NSRange(text.startIndex..., in: text)
        return pattern?.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } } ?? []
    }
}
