import BerthCore
import BerthRules
import Foundation
import XCTest

/// What a decision says for itself: the requirements the recommended variant meets with the
/// facts' dates, the variant's limits and missing capabilities, and what `--verbose` adds.
final class ExplanationTests: XCTestCase {
    private func decide(_ text: String, pack: String = "current", asOf: String = "2026-11-26") throws -> Decision {
        let engine = Engine(pack: try PackLoader.builtin(pack), asOf: asOf)
        return engine.decide(try ProfileFile.load(data: Data(text.utf8), file: "p.yaml"))
    }

    func testTheDurationRequirementIsQuotedWithTheTimeoutAndItsDate() throws {
        let job = try decide("name: job\ntrigger: event\nmax_duration_seconds: 600\n")
        XCTAssertEqual(job.recommendation, .lambda)
        let duration = try XCTUnwrap(job.met.first { $0.rule == "unit-of-work-duration" })
        XCTAssertTrue(duration.message.contains("max_duration_seconds = 600"), duration.message)
        XCTAssertTrue(duration.message.contains("catalog.lambda_on_demand.max_duration_seconds = 900"), duration.message)
        XCTAssertTrue(duration.source.contains("lambda_on_demand.max_duration_seconds since 2018-10-01"), duration.source)
        // 900 s is Lambda's limit on both sides: 900 runs there, 901 does not.
        XCTAssertEqual(try decide("name: job\ntrigger: event\nmax_duration_seconds: 900\n").recommendation, .lambda)
        XCTAssertNotEqual(try decide("name: job\ntrigger: event\nmax_duration_seconds: 901\n").recommendation, .lambda)
        // At the talk the timeout was 300 s: 600 s was too long, and no requirement of Lambda's is "met".
        let talk = try decide("name: job\ntrigger: event\nmax_duration_seconds: 600\n", pack: "talk-2018", asOf: "2018-08-03")
        XCTAssertNotEqual(talk.recommendation, .lambda)
        XCTAssertFalse(talk.met.contains { $0.message.contains("lambda_on_demand") })
    }

    func testWindowsOnFargateComesWithItsSizesAndWhatItLacks() throws {
        let site = try decide("name: site\nos: windows\nvcpu: 2\nmemory_mib: 4096\nload_balancer: alb\n")
        XCTAssertEqual(site.recommendation, .fargate)
        XCTAssertEqual(site.variant, .fargateOnDemand)
        let limits = Dictionary(uniqueKeysWithValues: site.caveats.filter { $0.value != .bool(false) }.map { ($0.capability, $0.value) })
        XCTAssertEqual(limits, ["windows_max_vcpu": .int(4), "windows_max_memory_mib": .int(30720), "windows_max_ephemeral_storage_gib": .int(20)])
        XCTAssertEqual(site.caveats.first { $0.capability == "windows_max_vcpu" }?.since, "2021-10-01")
        let missing = site.caveats.filter { $0.value == .bool(false) }.map(\.capability)
        XCTAssertTrue(["spot", "gpu", "privileged", "clb"].allSatisfy(missing.contains), "\(missing)")
        XCTAssertFalse(missing.contains("alb"))
        // A Linux task on the same variant gets the Linux limits instead.
        let api = try decide("name: api\nvcpu: 1\nmemory_mib: 2048\nload_balancer: alb\n")
        XCTAssertEqual(api.variant, .fargateOnDemand)
        // 32 vCPU since about June 2026 (aws-facts.md, M); 16 before.
        XCTAssertEqual(api.caveats.first { $0.capability == "max_vcpu" }?.value.plainText, "32")
        XCTAssertEqual(api.caveats.first { $0.capability == "max_vcpu" }?.since, "2026-06-01")
        XCTAssertEqual(try decide("name: api\nvcpu: 1\nmemory_mib: 2048\n", asOf: "2026-05-31").caveats.first { $0.capability == "max_vcpu" }?.value.plainText, "16")
        XCTAssertFalse(api.caveats.contains { $0.capability.hasPrefix("windows_max") })
    }

    func testExcludedPlatformsSayLessUnlessVerbose() throws {
        let gpu = try decide("name: gpu\ngpu_count: 1\nos: windows\ntrigger: worker\n")
        let lambda = try XCTUnwrap(gpu.candidate(.lambda))
        XCTAssertGreaterThan(lambda.exclusions.count, 1)
        let short = gpu.text(), long = gpu.text(verbose: true)
        for reason in lambda.exclusions.dropFirst() {
            XCTAssertFalse(short.contains("[\(reason.rule)]\n") && !long.contains(reason.rule), reason.rule)
            XCTAssertTrue(long.contains("[\(reason.rule)]"), reason.rule)
        }
        XCTAssertTrue(short.contains("and \(lambda.exclusions.count - 1) more (--verbose lists them)"), short)
        XCTAssertFalse(long.contains("--verbose lists them"), long)
    }

    func testUndecidedRulesOfExcludedPlatformsAreLeftOutUnlessVerbose() throws {
        // The storage is unknown (not given) and only matters to platforms a GPU already excludes.
        let decision = try decide("name: gpu\ngpu_count: 1\n")
        let hidden = decision.undecided.filter { !$0.platforms.contains(where: decision.isEligible) }
        for u in hidden {
            XCTAssertFalse(decision.text().contains("Could not decide \(u.rule):"), u.rule)
            XCTAssertTrue(decision.text(verbose: true).contains("Could not decide \(u.rule):"), u.rule)
        }
        for u in decision.undecided where u.platforms.contains(where: decision.isEligible) {
            XCTAssertTrue(decision.text().contains("Could not decide \(u.rule):"), u.rule)
        }
    }
}
