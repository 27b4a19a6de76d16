import BerthCore

/// How `rules test` and `rules lint` print their results: for a person, for scripts, for CI.
public enum RuleReportFormat: String, CaseIterable, Sendable {
    case text, json, junit
}

/// `berth rules test`: every rule example and pack test, one result each.
public enum RuleTestReport {
    public static let schemaVersion = 1

    /// `verbose` lists passing tests in the text too. `timestamp` and `hostname` go into JUnit.
    public static func render(_ results: [TestResult], format: RuleReportFormat, verbose: Bool = false,
                              timestamp: String = "", hostname: String = "localhost") -> String {
        let failed = results.filter { !$0.passed }.count
        switch format {
        case .text:
            var out = ""
            for r in results {
                if r.passed {
                    if verbose { out += "ok    \(r.pack) \(r.name) (as of \(r.asOf))\n" }
                } else {
                    out += "\(r.location): FAIL \(r.pack) \(r.name): \(r.detail)\n"
                }
            }
            return out + "\(results.count - failed) passed, \(failed) failed\n"
        case .json:
            return JSONValue.object([
                "schema_version": .int(schemaVersion),
                "passed": .int(results.count - failed),
                "failed": .int(failed),
                "results": .array(results.map { r in
                    .object([
                        "pack": .string(r.pack), "kind": .string(r.kind.rawValue), "name": .string(r.name),
                        "as_of": .string(r.asOf), "passed": .bool(r.passed), "detail": .string(r.detail),
                        "file": .string(r.location.file), "line": .int(r.location.line), "column": .int(r.location.column),
                    ])
                }),
            ]).rendered()
        case .junit:
            var packs: [String] = []
            for r in results where !packs.contains(r.pack) { packs.append(r.pack) }
            let suites = packs.map { pack in
                JUnitSuite(name: "berth rules test " + pack, package: pack, properties: [("pack", pack)],
                           cases: results.filter { $0.pack == pack }.map { r in
                               JUnitSuite.Case(name: r.name, classname: "\(pack).\(r.kind.rawValue)",
                                               failure: r.passed ? nil : (r.kind.rawValue, r.detail, "\(r.location): \(r.detail)"))
                           })
            }
            return JUnitSuite.render(suites, timestamp: timestamp, hostname: hostname)
        }
    }
}

/// `berth rules lint`: the findings of every pack, each once.
public enum LintReport {
    public static let schemaVersion = 1

    /// `packs` are the names of the packs linted (a JUnit property).
    public static func render(_ findings: [LintFinding], format: RuleReportFormat, packs: [String] = [],
                              timestamp: String = "", hostname: String = "localhost") -> String {
        switch format {
        case .text:
            return findings.map { $0.description + "\n" }.joined() + "\(findings.count) finding\(findings.count == 1 ? "" : "s")\n"
        case .json:
            return JSONValue.object([
                "schema_version": .int(schemaVersion),
                "findings": .array(findings.map { f in
                    .object([
                        "code": .string(f.code), "message": .string(f.message),
                        "file": f.location.map { .string($0.file) } ?? .null,
                        "line": f.location.map { .int($0.line) } ?? .null,
                        "column": f.location.map { .int($0.column) } ?? .null,
                    ])
                }),
            ]).rendered()
        case .junit:
            // One case per finding code, failing with its findings; a clean pack is one passing case.
            var codes: [String] = []
            for f in findings where !codes.contains(f.code) { codes.append(f.code) }
            let cases = codes.isEmpty ? [JUnitSuite.Case(name: "no findings", classname: "berth.lint")] : codes.map { code in
                let mine = findings.filter { $0.code == code }
                return JUnitSuite.Case(name: code, classname: "berth.lint",
                                       failure: (code, mine[0].message, mine.map(\.description).joined(separator: "\n")))
            }
            return JUnitSuite.render([JUnitSuite(name: "berth rules lint", package: "berth",
                                                 properties: [("packs", packs.joined(separator: ","))], cases: cases)],
                                     timestamp: timestamp, hostname: hostname)
        }
    }
}
