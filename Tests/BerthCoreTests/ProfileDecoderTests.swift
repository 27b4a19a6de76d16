import BerthCore
import Foundation
import XCTest

final class ProfileDecoderTests: XCTestCase {
    private func load(_ text: String, file: String = "p.yaml") throws -> Profile {
        try ProfileFile.load(data: Data(text.utf8), file: file)
    }

    private func error(_ text: String, file: String = "p.yaml") -> ProfileError? {
        do {
            _ = try load(text, file: file)
            return nil
        } catch {
            return error as? ProfileError
        }
    }

    func testFullProfileKeepsEveryValueAndRecordsWhereItCameFrom() throws {
        let p = try load("""
        name: gpu-infer
        os: linux
        arch: arm64
        vcpu: 4
        memory_mib: 16384
        gpu_count: 1
        trigger: event
        max_duration_seconds: 120
        purchasing: spot
        load_balancer: nlb
        port: 9000
        min_tasks: 0
        max_tasks: 3
        labels: {team: ml, tier: "1"}
        """)
        XCTAssertEqual(p.name, "gpu-infer")
        XCTAssertEqual(p.arch, .arm64)
        XCTAssertEqual(p.vcpu, 4)
        XCTAssertEqual(p.memoryMiB, 16384)
        XCTAssertEqual(p.gpuCount, 1)
        XCTAssertEqual(p.maxDurationSeconds, 120)
        XCTAssertEqual(p.labels, ["team": "ml", "tier": "1"])
        XCTAssertEqual(p.source(of: .gpuCount), .given(SourceLocation(file: "p.yaml", line: 6, column: 12)))
        XCTAssertTrue(p.has(.minTasks))
    }

    /// An entry whose key was checked before (an inventory column's) has its value checked
    /// as any other: an empty value is left out, a control character refused under `MAP.KEY`.
    func testAnEntryUnderACheckedKeyHasItsValueChecked() throws {
        var decoder = ProfileDecoder(sourceOf: nil)
        let at = SourceLocation(file: "inv.csv", line: 2, column: 9)
        try decoder.assign(.name, .scalar("api", plain: true), at: at)
        try decoder.assign(checkedKey: "team", of: .labels, .scalar("payments", plain: true), at: at)
        try decoder.assign(checkedKey: "tier", of: .labels, .scalar("", plain: true), at: at)
        XCTAssertThrowsError(try decoder.assign(checkedKey: "owner", of: .labels, .scalar("a\u{1}b", plain: true), at: at)) {
            XCTAssertEqual(($0 as? ProfileError)?.kind, .controlCharacter)
            XCTAssertEqual(($0 as? ProfileError)?.field, "labels.owner")
            XCTAssertEqual(($0 as? ProfileError)?.location, at)
        }
        XCTAssertThrowsError(try decoder.assign(checkedKey: "DB_URL", of: .secrets, .scalar("a value", plain: true), at: at)) {
            XCTAssertEqual(($0 as? ProfileError)?.kind, .invalidSecret)
        }
        let profile = try decoder.finish(origin: at)
        XCTAssertEqual(profile.labels, ["team": "payments"])
        XCTAssertTrue(profile.given.contains(.labels))
        XCTAssertEqual(profile.secrets, [:])
    }

    func testEveryProblemOfAProfileIsReportedAtOnceInFileOrder() throws {
        let e = try XCTUnwrap(error("name: a\nvcpu: lots\nmemory_mib: -5\nos: macos\nmemroy_mib: 1\n"))
        XCTAssertEqual(e.lines, [
            "p.yaml:2:7: wrong-type: 'vcpu' must be a number, got \"lots\"",
            "p.yaml:3:13: out-of-range: 'memory_mib' must be between 1 and 25165824, got -5",
            "p.yaml:4:5: unknown-value: 'os' must be one of linux, windows, got \"macos\"",
            "p.yaml:5:1: unknown-field: unknown field 'memroy_mib'; did you mean 'memory_mib'?",
        ])
        XCTAssertEqual(e.kind, .wrongType, "the first problem is the error")
        // A refused name is not also reported missing; a missing one is, after the others.
        XCTAssertEqual(try XCTUnwrap(error("name: Bad Name\n")).lines.count, 1)
        XCTAssertEqual(try XCTUnwrap(error("vcpu: x\n")).lines.map { $0.components(separatedBy: ": ")[1] }, ["wrong-type", "missing-field"])
    }

    func testAtMostTwentyProblemsAreReported() throws {
        func unknown(_ n: Int) -> String { "name: a\n" + (0..<n).map { "bad\($0): 1\n" }.joined() }
        XCTAssertEqual(try XCTUnwrap(error(unknown(ProfileDecoder.problemLimit))).lines.count, 20)
        XCTAssertEqual(try XCTUnwrap(error(unknown(ProfileDecoder.problemLimit + 1))).lines.count, 20)
        XCTAssertEqual(try XCTUnwrap(error(unknown(19))).lines.count, 19)
        XCTAssertEqual(try XCTUnwrap(error(unknown(ProfileDecoder.problemLimit + 1))).lines.last, "p.yaml:21:1: unknown-field: unknown field 'bad19'")
    }

    func testLeftOutFieldsTakeDefaultsAndTheDurationIsUnknown() throws {
        let p = try load("name: tiny\n")
        XCTAssertEqual(p.os, .linux)
        XCTAssertEqual(p.vcpu, 0.5)
        XCTAssertEqual(p.memoryMiB, 1024)
        XCTAssertEqual(p.ephemeralStorageGiB, 20)
        XCTAssertTrue(p.avoidInstanceManagement)
        XCTAssertNil(p.maxDurationSeconds)
        XCTAssertEqual(p.source(of: .os), .defaulted)
        XCTAssertEqual(p.source(of: .maxDurationSeconds), .unknown)
        XCTAssertNil(p.image)
    }

    func testJSONProfilesReadLikeYAML() throws {
        let p = try load(#"{"name": "api", "vcpu": 1, "memory_mib": 2048, "ms_billing": true}"#, file: "p.json")
        XCTAssertEqual(p.memoryMiB, 2048)
        XCTAssertTrue(p.msBilling)
    }

    func testWhereItRunsTodayIsAPlatformAndOneOfItsVariantsInEitherOrder() throws {
        let p = try load("name: a\ncurrent_platform: ecs-ec2\ncurrent_variant: managed-instances\n")
        XCTAssertEqual(p.currentPlatform, .ecsEC2)
        XCTAssertEqual(p.currentVariant, .ecsManagedInstances)
        XCTAssertEqual(try load("name: a\ncurrent_variant: on-demand\ncurrent_platform: lambda\n").currentVariant, .lambdaOnDemand)
        let unknown = try load("name: a\n")
        XCTAssertNil(unknown.currentPlatform)
        XCTAssertEqual(unknown.value(of: .currentPlatform), .null)
    }

    func testAVariantOfAnotherPlatformNamesBothAndAVariantAloneIsRefused() {
        let other = error("name: a\ncurrent_platform: ecs-ec2\ncurrent_variant: spot\n")
        XCTAssertEqual(other?.kind, .unknownValue)
        XCTAssertEqual(other?.location, SourceLocation(file: "p.yaml", line: 3, column: 18))
        XCTAssertEqual(other?.field, "current_variant")
        XCTAssertEqual(other?.message, "'current_variant' spot is not a variant of 'current_platform' ecs-ec2 (it is a variant of fargate); ecs-ec2's variants are self-managed, managed-instances, anywhere")
        let alone = error("name: a\ncurrent_variant: spot\n")
        XCTAssertEqual(alone?.kind, .missingField)
        XCTAssertEqual(alone?.location?.line, 2)
        XCTAssertEqual(error("name: a\ncurrent_platform: k8s\n")?.kind, .unknownValue)
        XCTAssertEqual(error("name: a\ncurrent_platform: eks\ncurrent_variant: nodes\n")?.kind, .unknownValue)
    }

    func testATypoedFieldNamesTheLineAndSuggestsTheField() {
        let e = error("name: a\ngpus: 1\n")
        XCTAssertEqual(e?.kind, .unknownField)
        XCTAssertEqual(e?.location, SourceLocation(file: "p.yaml", line: 2, column: 1))
        XCTAssertEqual(e?.field, "gpus")
        XCTAssertTrue(e?.message.contains("did you mean 'gpu_count'") ?? false, e?.message ?? "")
    }

    func testAStringWhereANumberBelongsIsATypeError() {
        let e = error("name: a\nmemory_mib: lots\n")
        XCTAssertEqual(e?.kind, .wrongType)
        XCTAssertEqual(e?.field, "memory_mib")
        XCTAssertEqual(e?.location?.line, 2)
        // A quoted number in JSON is a string, not a number.
        XCTAssertEqual(error(#"{"name": "a", "vcpu": "2"}"#, file: "p.json")?.kind, .wrongType)
    }

    func testUsageFieldsAreUnknownUntilGivenAndKeepTheirValues() throws {
        let left = try load("name: a\n")
        XCTAssertEqual(left.region, "us-east-1")
        XCTAssertNil(left.requestsPerMonth)
        XCTAssertNil(left.avgDurationMs)
        XCTAssertNil(left.avgTasks)
        XCTAssertEqual(left.value(of: .requestsPerMonth), .null)
        let p = try load("name: a\nregion: ap-northeast-1\nrequests_per_month: 0\navg_duration_ms: 87.3\navg_tasks: 2.5\n")
        XCTAssertEqual(p.region, "ap-northeast-1")
        XCTAssertEqual(p.requestsPerMonth, 0)
        XCTAssertEqual(p.avgDurationMs, 87.3)
        XCTAssertEqual(p.avgTasks, 2.5)
        XCTAssertEqual(p.source(of: .avgTasks), .given(SourceLocation(file: "p.yaml", line: 5, column: 12)))
    }

    func testBadUsageNamesItsPlace() {
        XCTAssertEqual(error("name: a\nrequests_per_month: -1\n")?.description,
                       "p.yaml:2:21: out-of-range: 'requests_per_month' must be at least 0, got -1")
        XCTAssertEqual(error("name: a\navg_duration_ms: 0\n")?.description,
                       "p.yaml:2:18: out-of-range: 'avg_duration_ms' must be greater than 0, got 0")
        XCTAssertEqual(error("name: a\navg_tasks: many\n")?.description,
                       "p.yaml:2:12: wrong-type: 'avg_tasks' must be a number, got \"many\"")
    }

    func testAnUnknownEnumValueListsTheChoices() {
        let e = error("name: a\nos: macos\n")
        XCTAssertEqual(e?.kind, .unknownValue)
        XCTAssertTrue(e?.message.contains("linux, windows") ?? false)
        XCTAssertEqual(e?.description, "p.yaml:2:5: unknown-value: 'os' must be one of linux, windows, got \"macos\"")
    }

    /// DEL, C1 and C0 controls (but tab and line breaks in free text and labels) are refused where they
    /// are read, with the field and place; stored, they made the profile unreadable later.
    func testControlCharactersInTextAreRefused() throws {
        for (yaml, field) in [("description: \"a\\x7fb\"", "description"), ("description: \"a\\x85b\"", "description"),
                              ("description: \"a\\x9fb\"", "description"), ("description: \"a\\eb\"", "description"),
                              ("labels: {team: \"x\\x7f\"}", "labels.team"), ("labels: {\"t\\x1b\": x}", "labels.t\u{1b}"),
                              ("image: \"app\\x7f\"", "image")] {
            let e = error("name: a\n\(yaml)\n")
            XCTAssertEqual(e?.kind, .controlCharacter, yaml)
            XCTAssertEqual(e?.field, field, yaml)
            XCTAssertEqual(e?.location?.line, 2, yaml)
            XCTAssertFalse(e?.description.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x7f } ?? true, "the message quotes no raw control")
        }
        XCTAssertEqual(error("name: a\ndescription: \"a\\x7fb\"\n")?.description,
                       "p.yaml:2:14: control-character: 'description' holds the control character U+007F at character 2; control characters are not allowed (tab and line breaks are)")
        let kept = try load("name: a\ndescription: \"two\\tcolumns\\r\\nand lines\"\nlabels: {note: \"a\\nb\"}\n", file: "p.yaml")
        XCTAssertEqual(kept.description, "two\tcolumns\r\nand lines")
        XCTAssertEqual(kept.labels["note"], "a\nb")
        XCTAssertEqual(try load("name: a\nlabels: {\"a\\nb\": x}\n", file: "p.yaml").labels["a\nb"], "x", "generators quote such keys")
    }

    func testImagesMustBeImageReferences() throws {
        for image in ["'$(touch pwned)'", "'app;ls'", "'`id`'", "Team/App", "'app:1.0 kind: Secret'"] {
            let e = error("name: a\nimage: \(image)\n")
            XCTAssertEqual(e?.kind, .invalidImage, image)
            XCTAssertEqual(e?.location?.line, 2)
        }
        XCTAssertEqual(try load("name: a\nimage: public.ecr.aws/nginx/nginx:1.27\n", file: "p.yaml").image, "public.ecr.aws/nginx/nginx:1.27")
        XCTAssertEqual(try load("name: a\nimage: \"\"\n", file: "p.yaml").image, "", "empty: the placeholder")
    }

    /// The schema's upper bounds (berth's own limits): the limit is accepted, one past it refused.
    func testUpperBoundsHoldOnBothSides() throws {
        let bounds: [(String, String, String)] = [
            ("vcpu", "1024", "1024.001"), ("memory_mib", "25165824", "25165825"), ("gpu_count", "64", "65"),
            ("ephemeral_storage_gib", "65536", "65537"), ("max_duration_seconds", "31536000", "31536001"),
            ("min_tasks", "100000", "100001"), ("max_tasks", "100000", "100001"),
        ]
        for (field, limit, past) in bounds {
            let extra = field == "min_tasks" ? "max_tasks: 100000\n" : ""
            XCTAssertNoThrow(try load("name: a\n\(extra)\(field): \(limit)\n", file: "p.yaml"), field)
            let e = error("name: a\n\(extra)\(field): \(past)\n")
            XCTAssertEqual(e?.kind, .outOfRange, field)
            XCTAssertTrue(e?.message.contains(" \(limit)") ?? false, e?.message ?? field)
        }
        XCTAssertEqual(error("name: a\nvcpu: 1e16\n")?.description,
                       "p.yaml:2:7: out-of-range: 'vcpu' must be greater than 0 and at most 1024, got 1e+16")
    }

    func testOutOfRangeNumbersAreRefused() {
        XCTAssertEqual(error("name: a\nmemory_mib: -512\n")?.kind, .outOfRange)
        XCTAssertEqual(error("name: a\nvcpu: 0\n")?.kind, .outOfRange)
        XCTAssertEqual(error("name: a\nport: 70000\n")?.kind, .outOfRange)
        XCTAssertEqual(error("name: a\nvcpu: .nan\n")?.kind, .wrongType)
        XCTAssertEqual(error("name: a\nmemory_mib: 1.5\n")?.kind, .wrongType)
        XCTAssertEqual(error("name: a\nmemory_mib: 99999999999999999999999\n")?.kind, .wrongType)
        let e = error("name: a\nmin_tasks: 5\nmax_tasks: 2\n")
        XCTAssertEqual(e?.field, "max_tasks")
        XCTAssertEqual(e?.location?.line, 3)
    }

    func testBrokenEmptyAndBinaryInputsGiveOneLineErrors() {
        let broken = error("name: a\nvcpu: [1, 2\n")
        XCTAssertEqual(broken?.kind, .syntax)
        XCTAssertNotNil(broken?.location)
        XCTAssertEqual(error("")?.kind, .empty)
        XCTAssertEqual(error("# only a comment\n")?.kind, .empty)
        XCTAssertEqual(error("- a\n- b\n")?.kind, .notAMapping)
        let binary = try? ProfileFile.load(data: Data([0x00, 0xFF, 0xFE, 0x41, 0x00]), file: "blob")
        XCTAssertNil(binary)
        do {
            _ = try ProfileFile.load(data: Data([0x6E, 0x00, 0xC3, 0x28]), file: "blob")
            XCTFail("binary input was accepted")
        } catch let e as ProfileError {
            XCTAssertEqual(e.kind, .notText)
            XCTAssertEqual(e.location, SourceLocation(file: "blob", line: 1, column: 2), "the NUL byte")
            XCTAssertFalse(e.description.contains("\n"))
        } catch {
            XCTFail("unexpected \(error)")
        }
    }

    func testInvalidUTF8IsLocatedAndMissingFilesAreUnreadable() {
        let e = try? ProfileFile.load(data: Data("name: a\ndescription: \"".utf8) + Data([0xFF, 0xFE]) + Data("\"\n".utf8), file: "u.yaml")
        XCTAssertNil(e)
        do {
            _ = try ProfileFile.load(data: Data("name: a\ndescription: \"".utf8) + Data([0xFF, 0xFE]) + Data("\"\n".utf8), file: "u.yaml")
        } catch let error as ProfileError {
            XCTAssertEqual(error.location, SourceLocation(file: "u.yaml", line: 2, column: 15))
        } catch {
            XCTFail("\(error)")
        }
        do {
            _ = try ProfileFile.load(path: "/no/such/profile.yaml")
            XCTFail("a missing file was read")
        } catch let error as ProfileError {
            XCTAssertEqual(error.kind, .unreadable)
            XCTAssertEqual(error.description, "/no/such/profile.yaml: unreadable: no such file")
        } catch {
            XCTFail("\(error)")
        }
    }

    func testNamesMustBeDNSLabels() {
        XCTAssertEqual(error("name: Web_API\n")?.kind, .invalidName)
        XCTAssertEqual(error("name: 1api\n")?.kind, .invalidName)
        XCTAssertEqual(error("name: api-\n")?.kind, .invalidName)
        XCTAssertEqual(error("name: \(String(repeating: "a", count: 64))\n")?.kind, .invalidName)
        XCTAssertEqual(error("vcpu: 1\n")?.kind, .missingField)
        XCTAssertNil(error("name: \(String(repeating: "a", count: 63))\n"))
    }

    func testDuplicateFieldsAndBadLabelsAreRefused() {
        let duplicate = error("name: a\nvcpu: 1\nmemory_mib: 512\nvcpu: 2\n")
        XCTAssertEqual(duplicate?.kind, .duplicateField)
        XCTAssertEqual(duplicate?.location?.line, 4, "the repeat, not the first occurrence")
        XCTAssertEqual(error(#"{"name": "a", "vcpu": 1, "vcpu": 2}"#, file: "p.json")?.location?.column, 26)
        XCTAssertEqual(error("name: a\nlabels: [x]\n")?.kind, .wrongType)
        XCTAssertEqual(error("name: a\nlabels: {team: {nested: 1}}\n")?.field, "labels.team")
    }

    func testEmptyCellsTakeDefaultsAndLabelColumnsFillLabels() throws {
        var decoder = ProfileDecoder(sourceOf: nil)
        let at = SourceLocation(file: "inv.csv", line: 7)
        try decoder.assign(RawEntry(key: "name", keyLocation: at, value: .scalar("svc", plain: true), valueLocation: at))
        try decoder.assign(RawEntry(key: "vcpu", keyLocation: at, value: .scalar("", plain: true), valueLocation: at))
        try decoder.assign(RawEntry(key: "labels.team", keyLocation: at, value: .scalar("payments", plain: true), valueLocation: at))
        let p = try decoder.finish(origin: at)
        XCTAssertEqual(p.vcpu, 0.5)
        XCTAssertFalse(p.has(.vcpu))
        XCTAssertEqual(p.labels["team"], "payments")
        XCTAssertTrue(p.sources.isEmpty)
    }

    func testSuggestionsFindTheIntendedField() {
        XCTAssertEqual(ProfileSchema.suggestion(for: "gpus"), "gpu_count")
        XCTAssertEqual(ProfileSchema.suggestion(for: "memory"), "memory_mib")
        XCTAssertEqual(ProfileSchema.suggestion(for: "nmae"), "name")
        XCTAssertNil(ProfileSchema.suggestion(for: "zzzzzzzz"))
    }

    func testEveryFieldHasASpecAndTheGivenJSONRoundTrips() throws {
        for (i, field) in ProfileField.allCases.enumerated() {
            XCTAssertEqual(field.index, i)
            XCTAssertEqual(field.spec.field, field)
            XCTAssertEqual(ProfileSchema.spec[field]?.field, field)
            // The table's default is what a profile holds when the field is left out.
            if field != .name {
                XCTAssertEqual(Profile(name: "d").value(of: field), field.spec.defaultValue ?? .null, field.key)
            }
        }
        let p = try load("name: rt\nvcpu: 2\nos: windows\nlabels: {a: b}\n")
        let again = try load(p.givenJSON.rendered(), file: "again.json")
        XCTAssertEqual(again.vcpu, 2)
        XCTAssertEqual(again.os, .windows)
        XCTAssertEqual(again.labels, ["a": "b"])
        XCTAssertEqual(again.given, p.given)
    }
}
