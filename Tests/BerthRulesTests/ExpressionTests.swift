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
}
