import BerthCore
import Foundation

/// `berth check --format`: each format is one `CheckWriter`, chosen here.
public enum CheckFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, github

    public var writer: any CheckWriter {
        switch self {
        case .text: return TextCheckWriter()
        case .json: return JSONCheckWriter()
        case .sarif: return SARIFCheckWriter()
        case .junit: return JUnitCheckWriter()
        case .github: return GitHubCheckWriter()
        }
    }
}

public protocol CheckWriter {
    func render(_ report: CheckReport) -> String
}

/// `FILE:LINE:COL: KIND: SERVICE: message`, as compilers print.
public struct TextCheckWriter: CheckWriter {
    public func render(_ report: CheckReport) -> String {
        var out = ""
        for f in report.findings {
            out += Self.visible("\(f.file):\(f.line):\(f.column): \(f.kind.rawValue)\(report.fails(f) ? "" : " (not failing)"): \(f.service): \(f.message)") + "\n"
        }
        out += "\(report.services.count) services, \(report.findings.count) findings, \(report.failing.count) failing"
        if report.silenced > 0 { out += ", \(report.silenced) silenced by the baseline" }
        return out + "\n"
    }

    /// One finding per line, and no terminal escape sequences from a file name or a message:
    /// control characters are shown as `\u{1B}`.
    static func visible(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

public struct JSONCheckWriter: CheckWriter {
    public static let schemaVersion = 1

    public func render(_ report: CheckReport) -> String {
        let findings: [JSONValue] = report.findings.map { f in
            .object([
                "kind": .string(f.kind.rawValue), "service": .string(f.service), "file": .string(f.file),
                "line": .int(f.line), "column": .int(f.column), "message": .string(f.message),
                "rules": .array(f.rules.map(JSONValue.string)), "fails": .bool(report.fails(f)),
                "monthly_difference_usd": f.monthlyDifferenceUSD.map(JSONValue.double) ?? .null,
            ])
        }
        return JSONValue.object([
            "schema_version": .int(Self.schemaVersion),
            "rules": .object(["pack": .string(report.pack), "as_of": .string(report.asOf)]),
            "fail_on": .array(report.failOn.sorted().map { .string($0.rawValue) }),
            "services": .int(report.services.count),
            "silenced": .int(report.silenced),
            "failing": .int(report.failing.count),
            "findings": .array(findings),
        ]).rendered()
    }
}

/// SARIF 2.1.0: one rule entry per finding kind, then one per berth rule the findings name;
/// each result at its inventory row.
public struct SARIFCheckWriter: CheckWriter {
    public func render(_ report: CheckReport) -> String {
        let findings = report.findings
        var ruleIDs: [String] = FindingKind.allCases.map(\.rawValue)
        var descriptors: [JSONValue] = FindingKind.allCases.map { kind in
            .object([
                "id": .string(kind.rawValue),
                "shortDescription": .object(["text": .string(kind.summary)]),
                "help": .object(["text": .string(kind.help)]),
                "defaultConfiguration": .object(["level": .string(level(kind, report))]),
            ])
        }
        for id in findings.flatMap(\.rules) where !ruleIDs.contains(id) {
            ruleIDs.append(id)
            let info = report.rules[id]
            descriptors.append(.object([
                "id": .string(id),
                "shortDescription": .object(["text": .string(info?.title ?? id)]),
                "help": .object(["text": .string("Source: \(info.map(\.source).flatMap { $0.isEmpty ? nil : $0 } ?? "not recorded")")]),
            ]))
        }
        let results: [JSONValue] = findings.map { f in
            .object([
                "ruleId": .string(f.kind.rawValue),
                "ruleIndex": .int(ruleIDs.firstIndex(of: f.kind.rawValue)!),
                "level": .string(level(f.kind, report)),
                "message": .object(["text": .string("\(f.service): \(f.message)")]),
                "locations": .array([.object(["physicalLocation": .object([
                    "artifactLocation": .object(["uri": .string(Self.uri(f.file))]),
                    "region": .object(["startLine": .int(f.line), "startColumn": .int(f.column)]),
                ])])]),
                "partialFingerprints": .object(["berth/v1": .string(Self.fingerprint(f))]),
                // The berth rules involved; each has its own entry in the driver's rules.
                "properties": .object(["service": .string(f.service), "rules": .array(f.rules.map(JSONValue.string))]),
            ])
        }
        return JSONValue.object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([.object([
                "tool": .object(["driver": .object([
                    "name": .string("berth"), "version": .string(report.toolVersion),
                    "rules": .array(descriptors),
                ])]),
                "properties": .object(["pack": .string(report.pack), "as_of": .string(report.asOf)]),
                "results": .array(results),
            ])]),
        ]).rendered()
    }

    private func level(_ kind: FindingKind, _ report: CheckReport) -> String {
        if report.failOn.contains(kind) { return "error" }
        return kind == .judgementCall ? "note" : "warning"
    }

    static func fingerprint(_ f: Finding) -> String {
        let e = f.fingerprint
        return "\(e.service)|\(e.kind)|\(e.rules.joined(separator: ","))"
    }

    /// A relative path as a URI reference (spaces, `%` and `:`, which would read as a scheme,
    /// percent-encoded); an absolute one as a `file://` URI.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "%;?#[]:")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}

/// JUnit XML as Jenkins and GitLab read it (the Ant schema): one test suite per inventory,
/// one test case per service; the failing findings of a service are its one `failure`
/// (the schema allows one), the others go to the suite's `system-out`.
public struct JUnitCheckWriter: CheckWriter {
    public func render(_ report: CheckReport) -> String {
        var files: [String] = []
        for s in report.services where !files.contains(s.file) { files.append(s.file) }
        let suites = files.map { file -> JUnitSuite in
            let services = report.services.filter { $0.file == file }
            var notes = ""
            let cases = services.map { s -> JUnitSuite.Case in
                for f in s.findings where !report.fails(f) {
                    notes += "\(f.file):\(f.line):\(f.column): \(f.kind.rawValue): \(f.service): \(f.message)\n"
                }
                let failing = s.findings.filter(report.fails)
                guard !failing.isEmpty else { return JUnitSuite.Case(name: s.name, classname: file) }
                let kinds = failing.map(\.kind.rawValue).joined(separator: ",")
                let body = failing.map { "\($0.file):\($0.line):\($0.column): \($0.kind.rawValue): \($0.message)" }.joined(separator: "\n")
                return JUnitSuite.Case(name: s.name, classname: file, failure: (kinds, failing[0].message, body))
            }
            return JUnitSuite(name: "berth check " + file, package: file,
                              properties: [("pack", report.pack), ("as_of", report.asOf)], cases: cases, systemOut: notes)
        }
        return JUnitSuite.render(suites, timestamp: report.timestamp, hostname: report.hostname)
    }
}

/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=T::message`, one per
/// finding; failing kinds are errors, judgement calls notices, the rest warnings.
public struct GitHubCheckWriter: CheckWriter {
    public func render(_ report: CheckReport) -> String {
        var out = ""
        for f in report.findings {
            let command = report.fails(f) ? "error" : f.kind == .judgementCall ? "notice" : "warning"
            out += "::\(command) file=\(Self.property(f.file)),line=\(f.line),col=\(f.column),title=\(Self.property("berth \(f.kind.rawValue): \(f.service)"))::\(Self.data("\(f.service): \(f.message)"))\n"
        }
        return out
    }

    /// A command's message, escaped as GitHub's toolkit does (`escapeData`).
    static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A property value (`escapeProperty`): also `:` and `,`, which end it.
    static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
