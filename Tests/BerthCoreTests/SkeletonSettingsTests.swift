import BerthCore
import Foundation
import XCTest

/// `schedule`, `health_check_path`, `environment` and `secrets` (docs/profile.md, Skeleton settings).
final class SkeletonSettingsTests: XCTestCase {
    private func load(_ text: String, file: String = "p.yaml") throws -> Profile {
        try ProfileFile.load(data: Data(text.utf8), file: file)
    }

    private func error(_ text: String) -> ProfileError? {
        do { _ = try load(text); return nil } catch { return error as? ProfileError }
    }

    private func refusal(_ schedule: String) -> String? {
        if case .failure(let e) = ScheduleExpression.parse(schedule) { return e.reason }
        return nil
    }

    func testRatesTakeTheSingularForOneAndThePluralOtherwise() {
        XCTAssertEqual(try ScheduleExpression.parse("rate(1 minute)").get(), .rate(value: 1, unit: .minute))
        XCTAssertEqual(try ScheduleExpression.parse("rate(6 hours)").get(), .rate(value: 6, unit: .hour))
        XCTAssertEqual(try ScheduleExpression.parse("rate(1000000 days)").get(), .rate(value: 1_000_000, unit: .day))
        XCTAssertEqual(refusal("rate(1 minutes)"), "a rate of 1 takes the singular unit and any other value the plural: rate(1 minute)")
        XCTAssertEqual(refusal("rate(5 minute)"), "a rate of 1 takes the singular unit and any other value the plural: rate(5 minutes)")
        for bad in ["rate(0 minutes)", "rate(1000001 days)", "rate(05 minutes)", "rate(-1 minutes)", "rate(1.5 hours)",
                    "rate(5  minutes)", "rate(5)", "rate( 5 minutes)", "rate(99999999999999999999 days)"] {
            XCTAssertNotNil(refusal(bad), bad)
        }
        XCTAssertEqual(refusal("rate(2 weeks)"), "a rate's unit is minute(s), hour(s) or day(s), got \"weeks\"")
        XCTAssertEqual(ScheduleExpression.rate(value: 1, unit: .day).text, "rate(1 day)")
        XCTAssertEqual(ScheduleExpression.rate(value: 2, unit: .day).text, "rate(2 days)")
    }

    func testCronFieldsAreCheckedAtBothEndsOfTheirRanges() {
        for good in ["cron(0 2 * * ? *)", "cron(59 23 31 12 ? 2199)", "cron(0 0 1 1 ? 1970)", "cron(0/15 * * * ? *)",
                     "cron(*/5 8-17 ? * MON-FRI *)", "cron(0 12 ? JAN,JUL 2#1 *)", "cron(0 12 L * ? *)", "cron(0 12 LW * ? *)",
                     "cron(0 12 15W * ? *)", "cron(0 12 ? * 6L *)", "cron(0 12 ? * MON#5 *)", "cron(0 12 ? * sun *)", "cron(0 0 1-15/2 * ? *)"] {
            XCTAssertNil(refusal(good), good)
        }
        XCTAssertEqual(refusal("cron(60 2 * * ? *)"), "cron field minutes \"60\": expected *, a value 0-59, a range A-B or an increment A/N")
        XCTAssertEqual(refusal("cron(0 24 * * ? *)")?.hasPrefix("cron field hours \"24\""), true)
        XCTAssertEqual(refusal("cron(0 0 0 * ? *)")?.hasPrefix("cron field day-of-month \"0\""), true)
        XCTAssertEqual(refusal("cron(0 0 32 * ? *)")?.hasPrefix("cron field day-of-month \"32\""), true)
        XCTAssertEqual(refusal("cron(0 0 ? 13 MON *)")?.hasPrefix("cron field month \"13\""), true)
        XCTAssertEqual(refusal("cron(0 0 ? * 8 *)")?.hasPrefix("cron field day-of-week \"8\""), true)
        XCTAssertEqual(refusal("cron(0 0 * * ? 1969)")?.hasPrefix("cron field year \"1969\""), true)
        XCTAssertEqual(refusal("cron(0 0 * * ? 2200)")?.hasPrefix("cron field year \"2200\""), true)
        XCTAssertEqual(refusal("cron(0 0 ? * MON#6 *)"), "cron field day-of-week \"MON#6\": DAY#N needs a day of the week and N from 1 to 5")
        XCTAssertEqual(refusal("cron(0/61 * * * ? *)"), "cron field minutes \"0/61\": an increment A/N needs N from 1 to 60")
        XCTAssertEqual(refusal("cron(? 0 * * ? *)"), "cron field minutes \"?\": ? is allowed only in day-of-month and day-of-week")
        XCTAssertEqual(refusal("cron(0 2 * * * *)"), "one of day-of-month and day-of-week must be ? and the other not, like cron(0 2 * * ? *)")
        XCTAssertEqual(refusal("cron(0 2 ? * ? *)"), "one of day-of-month and day-of-week must be ? and the other not, like cron(0 2 * * ? *)")
        for bad in ["cron(0 2 * * ?)", "cron(0 2 * * ? * *)", "cron(0  2 * * ? *)", "cron(0 2 * * ? *", "0 2 * * *",
                    "at(2026-01-01T00:00:00)", "cron(0 2 1,,2 * ? *)", "cron(0 2 1-2-3 * ? *)", "cron()"] {
            XCTAssertNotNil(refusal(bad), bad)
        }
    }

    func testTheDecoderRefusesABadScheduleAtItsPlace() throws {
        let e = try XCTUnwrap(error("name: nightly\ntrigger: schedule\nschedule: rate(5 minute)\n"))
        XCTAssertEqual(e.kind, .invalidSchedule)
        XCTAssertEqual(e.location, SourceLocation(file: "p.yaml", line: 3, column: 11))
        XCTAssertEqual(e.message, "'schedule' \"rate(5 minute)\" is not an EventBridge schedule expression: a rate of 1 takes the singular unit and any other value the plural: rate(5 minutes)")
        let p = try load("name: nightly\ntrigger: schedule\nschedule: cron(0 2 * * ? *)\n")
        XCTAssertEqual(p.schedule, "cron(0 2 * * ? *)")
        XCTAssertTrue(p.has(.schedule))
        XCTAssertNil(try load("name: a\n").schedule)
        XCTAssertEqual(try load("name: a\n").value(of: .schedule), .null, "unknown, not empty text")
    }

    func testHealthCheckPathsAreAbsoluteHTTPPathsOfAtMost1024() throws {
        XCTAssertEqual(try load("name: a\nhealth_check_path: /healthz\n").healthCheckPath, "/healthz")
        XCTAssertEqual(try load("name: a\nhealth_check_path: /\n").healthCheckPath, "/")
        XCTAssertNil(ProfileSchema.healthCheckPathProblem("/" + String(repeating: "a", count: 1023)))
        XCTAssertNotNil(ProfileSchema.healthCheckPathProblem("/" + String(repeating: "a", count: 1024)))
        for bad in ["healthz", "/a b", "/\"x\"", "/a#frag", "/é", "", "/'"] {
            XCTAssertNotNil(ProfileSchema.healthCheckPathProblem(bad), bad)
        }
        XCTAssertNil(ProfileSchema.healthCheckPathProblem("/status?deep=1&x=%20"))
        let e = try XCTUnwrap(error("name: a\nhealth_check_path: healthz\n"))
        XCTAssertEqual(e.kind, .invalidPath)
        XCTAssertEqual(e.field, "health_check_path")
    }

    func testEnvironmentAndSecretsAreMapsOfVariables() throws {
        let p = try load("""
            name: a
            environment: {LOG_LEVEL: info, WORKERS: 4, _X1: "on"}
            environment.EXTRA: yes
            secrets:
              DATABASE_URL: prod/db-url
            secrets.TOKEN: arn:aws:ssm:us-east-1:123456789012:parameter/a/token

            """)
        XCTAssertEqual(p.environment, ["LOG_LEVEL": "info", "WORKERS": "4", "_X1": "on", "EXTRA": "yes"])
        XCTAssertEqual(p.secrets, ["DATABASE_URL": "prod/db-url", "TOKEN": "arn:aws:ssm:us-east-1:123456789012:parameter/a/token"])
        XCTAssertTrue(p.has(.environment))
        XCTAssertTrue(p.has(.secrets))
        XCTAssertFalse(try load("name: a\n").has(.secrets))

        let key = try XCTUnwrap(error("name: a\nenvironment:\n  LOG-LEVEL: info\n"))
        XCTAssertEqual(key.kind, .invalidVariable)
        XCTAssertEqual(key.field, "environment.LOG-LEVEL")
        XCTAssertEqual(key.location?.line, 3)
        XCTAssertEqual(error("name: a\nsecrets: {1ST: x}\n")?.kind, .invalidVariable)
        XCTAssertNil(ProfileSchema.variableNameProblem(String(repeating: "A", count: 255)))
        XCTAssertNotNil(ProfileSchema.variableNameProblem(String(repeating: "A", count: 256)))

        let value = try XCTUnwrap(error("name: a\nsecrets:\n  DB_PASSWORD: \"hunter 2\"\n"))
        XCTAssertEqual(value.kind, .invalidSecret)
        XCTAssertEqual(value.field, "secrets.DB_PASSWORD")
        XCTAssertTrue(value.message.contains("never the secret's value"), value.message)
        XCTAssertNil(ProfileSchema.secretReferenceProblem(String(repeating: "a", count: 2048)))
        XCTAssertNotNil(ProfileSchema.secretReferenceProblem(String(repeating: "a", count: 2049)))
        XCTAssertEqual(error("name: a\nenvironment: [A]\n")?.kind, .wrongType)
        XCTAssertEqual(error("name: a\nenvironment: {A: [1]}\n")?.kind, .wrongType)
        XCTAssertEqual(error("name: a\nenvironment: {A: \"x\\u0007\"}\n")?.kind, .controlCharacter)
    }

    func testTheGivenJSONKeepsTheSettingsAndTheCompactWriterAgrees() throws {
        let p = try load("name: a\ntrigger: schedule\nschedule: rate(1 day)\nhealth_check_path: /h\nenvironment: {B: \"2\", A: \"1\"}\nsecrets: {S: prod/s}\n")
        var writer = JSONWriter()
        writer.givenProfile(p)
        XCTAssertEqual(writer.text, p.givenJSON.rendered(pretty: false))
        XCTAssertEqual(writer.text, #"{"environment":{"A":"1","B":"2"},"health_check_path":"/h","name":"a","schedule":"rate(1 day)","secrets":{"S":"prod/s"},"trigger":"schedule"}"#)
        let again = try load(writer.text, file: "again.json")
        XCTAssertEqual(again.environment, p.environment)
        XCTAssertEqual(again.secrets, p.secrets)
        XCTAssertEqual(again.schedule, p.schedule)
        XCTAssertEqual(again.healthCheckPath, p.healthCheckPath)
        XCTAssertEqual(again.given, p.given)
    }

    /// The JSON Schema's patterns say what the decoder's checks say.
    func testTheSchemaPatternsAgreeWithTheChecks() throws {
        let variable = try NSRegularExpression(pattern: ProfileSchema.variableNamePattern)
        let path = try NSRegularExpression(pattern: ProfileSchema.healthCheckPathPattern)
        func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        for name in ["A", "_", "a_1", "1A", "A-B", "", "É", String(repeating: "A", count: 255), String(repeating: "A", count: 256)] {
            XCTAssertEqual(matches(variable, name), ProfileSchema.variableNameProblem(name) == nil, name)
        }
        for p in ["/", "/healthz", "/a?b=c&d=%20", "x", "/a b", "/#", "/é", "/" + String(repeating: "a", count: 1023), "/" + String(repeating: "a", count: 1024)] {
            XCTAssertEqual(matches(path, p), ProfileSchema.healthCheckPathProblem(p) == nil, p)
        }
    }
}
