/// XML 1.0 escaping for the JUnit reports (`check`, `rules test`, `rules lint`).
public enum XML {
    /// A quoted attribute value: markup and quotes escaped; tabs and newlines as character
    /// references (a parser would otherwise normalise them to spaces).
    public static func attribute(_ s: String) -> String { "\"" + escape(s, attribute: true) + "\"" }

    /// Element text: markup escaped.
    public static func text(_ s: String) -> String { escape(s, attribute: false) }

    /// Characters XML 1.0 cannot hold at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD.
    static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\t" where attribute: out += "&#9;"
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

/// A JUnit XML document as Jenkins and GitLab read it (and the XSD in ../shared/schemas
/// checks it): suites of test cases, a failure per failed case.
public struct JUnitSuite: Sendable {
    public struct Case: Sendable {
        public var name: String
        public var classname: String
        /// `(type, message, body)` of a failed case; nil when it passed.
        public var failure: (type: String, message: String, body: String)?

        public init(name: String, classname: String, failure: (type: String, message: String, body: String)? = nil) {
            (self.name, self.classname, self.failure) = (name, classname, failure)
        }
    }

    public var name: String
    public var package: String
    public var properties: [(name: String, value: String)]
    public var cases: [Case]
    public var systemOut: String

    public init(name: String, package: String, properties: [(name: String, value: String)], cases: [Case], systemOut: String = "") {
        (self.name, self.package, self.properties, self.cases, self.systemOut) = (name, package, properties, cases, systemOut)
    }

    /// The document; `timestamp` (ISO 8601, no zone) and `hostname` are the run's, which the
    /// schema requires.
    public static func render(_ suites: [JUnitSuite], timestamp: String, hostname: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        for (id, suite) in suites.enumerated() {
            let failures = suite.cases.filter { $0.failure != nil }.count
            out += "  <testsuite name=\(XML.attribute(suite.name)) package=\(XML.attribute(suite.package)) id=\"\(id)\""
                + " timestamp=\(XML.attribute(timestamp)) hostname=\(XML.attribute(hostname))"
                + " tests=\"\(suite.cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
            out += "    <properties>\n"
            for p in suite.properties { out += "      <property name=\(XML.attribute(p.name)) value=\(XML.attribute(p.value))/>\n" }
            out += "    </properties>\n"
            for c in suite.cases {
                let open = "    <testcase name=\(XML.attribute(c.name)) classname=\(XML.attribute(c.classname)) time=\"0\""
                guard let failure = c.failure else { out += open + "/>\n"; continue }
                out += open + ">\n      <failure type=\(XML.attribute(failure.type)) message=\(XML.attribute(failure.message))>\(XML.text(failure.body))</failure>\n    </testcase>\n"
            }
            out += "    <system-out>\(XML.text(suite.systemOut))</system-out>\n    <system-err></system-err>\n  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
