@testable import BerthRules
import BerthCore
import XCTest

final class ExpressionTests: XCTestCase {
    private let catalog: Catalog = {
        let text = """
        fargate.windows:
          type: bool
          values:
            - {value: false, source: talk}
            - {since: 2021-10, value: true, source: facts}
        lambda.max_duration_seconds:
          type: int
          values:
            - {value: 300, source: talk}
            - {since: 2018-10-10, value: 900, source: facts}
        lambda.sizes:
          type: list
          values:
            - {value: [128, 3008], source: facts}
        """
        return (try? Catalog.parse(text, file: "catalog.yaml")) ?? Catalog(entries: [:])
    }()

    private func condition(_ text: String) throws -> Checked {
        let locate: (Int) -> SourceLocation = { SourceLocation(file: "r.yaml", line: 3, column: 7 + $0) }
        var parser = try Parser(text, locate: locate)
        var checker = Checker(catalog: catalog, locate: locate)
        return try checker.checkCondition(try parser.parse())
    }

    private func truth(_ text: String, _ profile: Profile = Profile(name: "p"), asOf: String = "2026-11-26") throws -> Truth {
        Compiler(catalog: catalog, asOf: asOf).truth(try condition(text))(profile)
    }

    private func failure(_ text: String) -> RuleError? {
        do {
            _ = try condition(text)
            return nil
        } catch {
            return error as? RuleError
        }
    }

    func testPrecedenceAndArithmetic() throws {
        XCTAssertEqual(try truth("1 + 2 * 3 == 7"), .yes)
        XCTAssertEqual(try truth("(1 + 2) * 3 == 9"), .yes)
        XCTAssertEqual(try truth("!false && true || false"), .yes)
        XCTAssertEqual(try truth("10 % 4 == 2 && 7 / 2 == 3.5"), .yes)
        XCTAssertEqual(try truth("-vcpu < 0"), .yes)
    }

    func testFieldsLabelsAndInReadTheProfile() throws {
        var p = Profile(name: "p")
        p.os = .windows
        p.labels = ["team": "ml"]
        XCTAssertEqual(try truth(#"os == "windows" && vcpu * 2 == 1"#, p), .yes)
        XCTAssertEqual(try truth(#"os in ["linux", "windows"]"#, p), .yes)
        XCTAssertEqual(try truth(#"labels.team == "ml" && labels["team"] == 'ml'"#, p), .yes)
        XCTAssertEqual(try truth("has(labels.team) && !has(labels.other)", p), .yes)
        XCTAssertEqual(try truth("memory_mib in catalog.lambda.sizes", p), .no)
    }

    func testCatalogValuesFollowTheDate() throws {
        var p = Profile(name: "p")
        p.maxDurationSeconds = 600
        XCTAssertEqual(try truth("max_duration_seconds > catalog.lambda.max_duration_seconds", p, asOf: "2018-08-03"), .yes)
        XCTAssertEqual(try truth("max_duration_seconds > catalog.lambda.max_duration_seconds", p, asOf: "2018-10-10"), .no)
        XCTAssertEqual(try truth("catalog.fargate.windows", asOf: "2021-09-30"), .no)
        XCTAssertEqual(try truth("catalog.fargate.windows", asOf: "2021-10-01"), .yes)
    }

    func testUnknownValuesMakeAConditionUndecidedNotFalse() throws {
        let p = Profile(name: "p")  // max_duration_seconds unknown
        XCTAssertEqual(try truth("max_duration_seconds > 300", p), .unknown)
        XCTAssertEqual(try truth("!(max_duration_seconds > 300)", p), .unknown)
        XCTAssertEqual(try truth("max_duration_seconds > 300 && false", p), .no)
        XCTAssertEqual(try truth("max_duration_seconds > 300 || true", p), .yes)
        XCTAssertEqual(try truth("max_duration_seconds == null", p), .yes)
        XCTAssertEqual(try truth("has(max_duration_seconds)", p), .no)
        XCTAssertEqual(try truth(#"labels.team == "x""#, p), .unknown)
        XCTAssertEqual(try truth(#"current_platform != "eks""#, p), .unknown)
        var running = p
        running.currentPlatform = .eks
        XCTAssertEqual(try truth(#"current_platform == "eks""#, running), .yes)
    }

    func testSyntaxErrorsPointAtTheirColumn() {
        let e = failure("os == ")
        XCTAssertEqual(e?.kind, .syntax)
        XCTAssertEqual(e?.location?.column, 13)
        XCTAssertEqual(failure("os === 'a'")?.kind, .syntax)
        XCTAssertEqual(failure("(vcpu > 1")?.kind, .syntax)
        XCTAssertEqual(failure("os == \"unterminated")?.kind, .syntax)
        XCTAssertEqual(failure("vcpu > 1 #")?.kind, .syntax)
    }

    func testNamesAreResolvedAtLoadTimeWithSuggestions() {
        let e = failure("gpus > 0")
        XCTAssertEqual(e?.kind, .unknownName)
        XCTAssertEqual(e?.location, SourceLocation(file: "r.yaml", line: 3, column: 7))
        XCTAssertTrue(e?.message.contains("gpu_count") ?? false)
        XCTAssertTrue(failure("catalog.fargate.window")?.message.contains("catalog.fargate.windows") ?? false)
        XCTAssertEqual(failure("size(os) > 1")?.kind, .unknownName)
    }

    func testTypesAreCheckedAtLoadTime() {
        XCTAssertEqual(failure("vcpu")?.kind, .typeMismatch)
        XCTAssertEqual(failure(#"vcpu == "two""#)?.kind, .typeMismatch)
        XCTAssertEqual(failure("os && true")?.kind, .typeMismatch)
        XCTAssertEqual(failure("!memory_mib")?.kind, .typeMismatch)
        XCTAssertEqual(failure(#"os in [1, 2]"#)?.kind, .typeMismatch)
        XCTAssertEqual(failure("has(catalog.fargate.windows)")?.kind, .typeMismatch)
        let never = failure(#"os == "macos""#)
        XCTAssertEqual(never?.kind, .typeMismatch)
        XCTAssertTrue(never?.message.contains("linux, windows") ?? false)
    }

    // Issue 15: each of these overflowed the stack of every command taking --rules.
    func testHugeConditionsAreRefusedNotACrash() {
        let hostile = [
            String(repeating: "(", count: 10_000) + "true" + String(repeating: ")", count: 10_000),
            Array(repeating: "true", count: 50_000).joined(separator: " && "),
            String(repeating: "!", count: 100_000) + "true",
            String(repeating: "-", count: 100_000) + "1 < 0",
            Array(repeating: "1", count: 100_000).joined(separator: "+") + " > 0",
            "1 in " + String(repeating: "[", count: 100_000),
        ]
        for text in hostile {
            let e = failure(text)
            XCTAssertEqual(e?.kind, .syntax)
            XCTAssertEqual(e?.location, SourceLocation(file: "r.yaml", line: 3, column: 7), "a condition too long is refused at its start")
        }
    }

    func testConditionLengthLimitIsExact() throws {
        let limit = ConditionLimits.maxLength
        XCTAssertEqual(try truth("true" + String(repeating: " ", count: limit - 4)), .yes)
        let over = failure("true" + String(repeating: " ", count: limit - 3))
        XCTAssertEqual(over?.kind, .syntax)
        XCTAssertTrue(over?.message.contains("\(limit + 1) bytes") ?? false, over?.message ?? "")
    }

    func testNestingLimitIsExact() throws {
        let depth = ConditionLimits.maxDepth
        func column(ofOffset offset: Int) -> SourceLocation { SourceLocation(file: "r.yaml", line: 3, column: 7 + offset) }
        // A value is one level; each `!`, pair of parentheses or list adds one.
        XCTAssertEqual(try truth(String(repeating: "!", count: depth - 1) + "true"), .no)
        XCTAssertEqual(failure(String(repeating: "!", count: depth) + "true")?.location, column(ofOffset: depth - 1))
        XCTAssertEqual(try truth(String(repeating: "(", count: depth - 1) + "true" + String(repeating: ")", count: depth - 1)), .yes)
        XCTAssertEqual(failure(String(repeating: "(", count: depth) + "true" + String(repeating: ")", count: depth))?.location,
                       column(ofOffset: depth - 1))
        XCTAssertEqual(failure("1 in " + String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth))?.location,
                       column(ofOffset: 5 + depth - 1))
        // `1 + 1 + ...` is a chain as deep as it is long: 63 terms and the comparison make 64.
        func sum(_ terms: Int) -> String { Array(repeating: "1", count: terms).joined(separator: " + ") + " == \(terms)" }
        XCTAssertEqual(try truth(sum(depth - 1)), .yes)
        let e = failure(sum(depth + 1))
        XCTAssertTrue(e?.message.contains("more than \(depth) levels") ?? false, e?.message ?? "")
        XCTAssertEqual(e?.location, column(ofOffset: 4 * depth - 2), "at the 64th '+', which makes the 65th level")
        XCTAssertEqual(failure("labels" + String(repeating: ".a", count: depth) + " == \"x\"")?.location, column(ofOffset: 6 + 2 * (depth - 1)))
    }

    func testLongAndOrChainsStayShallowAndKeepTheirMeaning() throws {
        // 512 terms fill the length limit; grouped in halves they are 10 levels deep.
        let terms = ConditionLimits.maxLength / 8
        XCTAssertEqual(try truth(Array(repeating: "true", count: terms).joined(separator: " && ")), .yes)
        let p = Profile(name: "p")  // max_duration_seconds unknown
        let unknown = "max_duration_seconds > 1"
        for position in [0, 17, 99] {
            var items = Array(repeating: unknown, count: 100)
            items[position] = "false"
            XCTAssertEqual(try truth(items.joined(separator: " && "), p), .no, "unknown && false is false wherever the false is")
            items[position] = "true"
            XCTAssertEqual(try truth(items.joined(separator: " || "), p), .yes)
            XCTAssertEqual(try truth(items.joined(separator: " && "), p), .unknown)
        }
        let text = #"os == "windows" && vcpu > 1 && gpu_count > 0 || memory_mib > 2 || arch == "arm64""#
        var parser = try Parser(text, locate: { _ in SourceLocation(file: "r.yaml", line: 1) })
        var checker = Checker(catalog: catalog, locate: { _ in SourceLocation(file: "r.yaml", line: 1) })
        _ = try checker.checkCondition(try parser.parse())
        XCTAssertEqual(checker.reads.map(\.name), ["os", "vcpu", "gpu_count", "memory_mib", "arch"], "names are read in the order written")
    }
}
