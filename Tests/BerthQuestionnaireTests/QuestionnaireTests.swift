import BerthCore
import BerthQuestionnaire
import BerthRules
import Foundation
import XCTest

/// Shared fixtures: the bundled questionnaire and an engine fixed at one date.
enum Fixture {
    static let questionnaire = try! Questionnaire.bundled()
    static let current = Engine(pack: try! PackLoader.resolve("current"), asOf: "2026-11-26")
    static let talk = Engine(pack: try! PackLoader.resolve("talk-2018"))
    static let decide: @Sendable (Profile) -> Decision = { current.decide($0) }

    static func session(_ lines: [String], language: Language = .en, engine: Engine = current) -> (Outcome, ScriptedPrompter) {
        let prompter = ScriptedPrompter(lines)
        let session = Session(questionnaire: questionnaire, language: language, prompter: prompter, decide: { engine.decide($0) })
        return (session.run(), prompter)
    }

    /// Answers the listed questions (by id) and takes the default for every other one.
    static func answering(_ given: [String: String], extra: [String: [String]] = [:], language: Language = .en,
                          engine: Engine = current) -> (Completed?, ScriptedPrompter) {
        let prompter = AnsweringPrompter(given, extra: extra)
        let session = Session(questionnaire: questionnaire, language: language, prompter: prompter, decide: { engine.decide($0) })
        if case .completed(let done) = session.run() { return (done, prompter.scripted) }
        return (nil, prompter.scripted)
    }
}

/// Answers by recognising each question's prompt text (so a test does not depend on the
/// number of questions asked before). `extra` lines are typed before the answer (e.g. `?`).
final class AnsweringPrompter: Prompter {
    let scripted = ScriptedPrompter([])
    var given: [String: String]
    var extra: [String: [String]]
    var current: String?
    var asked: [String] = []

    init(_ given: [String: String], extra: [String: [String]]) {
        self.given = given
        self.extra = extra
    }

    func show(_ text: String) {
        scripted.show(text)
        for q in Fixture.questionnaire.questions where text.contains(q.prompt.en) || text.contains(q.prompt.ja) {
            current = q.id
            asked.append(q.id)
        }
    }

    func ask(_ prompt: String) -> String? {
        _ = scripted.ask(prompt)
        guard let id = current else { return "" }
        if var lines = extra[id], !lines.isEmpty {
            let line = lines.removeFirst()
            extra[id] = lines
            scripted.show("(typed \(line))")
            return line
        }
        return given[id] ?? ""
    }
}

final class QuestionFileTests: XCTestCase {
    func testTheBundledQuestionnaireCoversEveryDecidingField() throws {
        let ids = Set(Fixture.questionnaire.questions.map(\.id))
        // Where the service runs today decides nothing: `berth check` reads it, the questionnaire does not ask.
        // Nor do the skeletons' settings (schedule, health check, environment, secrets): no rule reads them.
        let undeciding: [ProfileField] = [.description, .labels, .currentPlatform, .currentVariant, .schedule, .healthCheckPath, .environment, .secrets]
        for field in ProfileField.allCases where !undeciding.contains(field) {
            XCTAssertTrue(ids.contains(field.rawValue), "no question fills \(field.rawValue)")
        }
        XCTAssertTrue(ids.contains("labels.kubernetes"), "the kubernetes-team rule reads labels.kubernetes")
        XCTAssertEqual(Fixture.questionnaire.questions.first?.id, "name")
    }

    func testEveryQuestionHasBothLanguagesAndCitesTheTalk() throws {
        let talkNotes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference/000_949bbb86bc7d1c11.txt")
        let headings = (try? String(contentsOf: talkNotes, encoding: .utf8))?.split(separator: "\n")
            .filter { $0.hasPrefix("#") }.map { $0.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces) }
            // berth quotes the notes' headings correctly spelled.
            .map { $0.replacingOccurrences(of: "CONSTRYCTS", with: "CONSTRUCTS") }
        for q in Fixture.questionnaire.questions {
            for text in [q.prompt.ja, q.help.ja] {
                XCTAssertTrue(text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) },
                              "\(q.id): Japanese text has no Japanese: \(text)")
            }
            XCTAssertNotEqual(q.prompt.en, q.prompt.ja, q.id)
            XCTAssertFalse(q.help.en.isEmpty, q.id)
            XCTAssertFalse(q.cites.point.isEmpty, q.id)
            if let headings {
                XCTAssertTrue(headings.contains(q.cites.section), "\(q.id) cites '\(q.cites.section)', not a heading of the talk notes")
            }
            // YAML folding must not leave a space between two Japanese sentences.
            XCTAssertFalse(q.help.ja.contains("。 "), q.id)
        }
    }

    func testABadQuestionFileIsRefusedWithItsPlace() {
        func error(_ yaml: String) -> String {
            do {
                _ = try Questionnaire.parse(yaml, file: "q.yaml")
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        let both = "prompt: {en: a, ja: あ}\n    help: {en: b, ja: い}\n    cites: {section: s, point: p}"
        XCTAssertTrue(error("questions:\n  - id: gpus\n    \(both)\n").contains("did you mean 'gpu_count'"))
        let noJapanese = error("questions:\n  - id: os\n    prompt: {en: a}\n    help: {en: b, ja: い}\n    cites: {section: s, point: p}\n")
        XCTAssertTrue(noJapanese.hasPrefix("q.yaml:3:13: bad-question: prompt of 'os' needs both 'en' and 'ja'"), noJapanese)
        XCTAssertTrue(error("questions:\n  - id: os\n    \(both)\n    ask_when: {field: trigger, in: [event]}\n  - id: trigger\n    \(both)\n")
            .contains("reads 'trigger', which is not an earlier question"))
        XCTAssertTrue(error("questions:\n  - id: trigger\n    \(both)\n  - id: os\n    \(both)\n    ask_when: {field: trigger, in: [evnt]}\n")
            .contains("'evnt' is not a possible value of 'trigger'"))
        XCTAssertTrue(error("questions:\n  - id: os\n    \(both)\n    default: windows\n").contains("takes its default from the profile schema"))
        XCTAssertTrue(error("questions:\n  - id: os\n    \(both)\n    choices: {linux: {en: L, ja: L}}\n").contains("must label exactly linux, windows"))
        XCTAssertTrue(error("questions:\n  - id: os\n    prompt: {en: a, ja: あ}\n    help: {en: b, ja: い}\n").contains("cites"))
        XCTAssertEqual(error("questions:\n  - id: trigger\n    \(both)\n  - id: os\n    \(both)\n    ask_when: {not: {field: trigger, equals: http}}\n"), "accepted")
    }

    func testLanguageComesFromTheLocale() {
        XCTAssertEqual(Language.fromEnvironment { ["LANG": "ja_JP.UTF-8"][$0] }, .ja)
        XCTAssertEqual(Language.fromEnvironment { ["LC_ALL": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"][$0] }, .en)
        XCTAssertEqual(Language.fromEnvironment { ["LC_ALL": "ja_JP.UTF-8", "LANG": "C"][$0] }, .ja)
        XCTAssertEqual(Language.fromEnvironment { ["LANG": "C.UTF-8"][$0] }, .en)
        XCTAssertEqual(Language.fromEnvironment { _ in nil }, .en)
    }

    func testTypedAnswersAreReadLikeAPersonMeansThem() throws {
        let q = { Fixture.questionnaire.question($0)! }
        XCTAssertEqual(q("exec_access").normalise("Y"), "true")
        XCTAssertEqual(q("exec_access").normalise("いいえ"), "false")
        XCTAssertEqual(q("trigger").normalise("2"), "event")
        XCTAssertEqual(q("trigger").normalise("sched"), "schedule")
        XCTAssertEqual(q("purchasing").normalise("on-demand"), "on_demand")
        XCTAssertEqual(q("purchasing").normalise("スポット（中断ありで安い）"), "spot")
        XCTAssertEqual(q("labels.kubernetes").normalise("はい"), "yes")
        XCTAssertEqual(q("memory_mib").normalise(" 3,008 "), "3008")
        XCTAssertEqual(q("trigger").normalise("9"), "9", "out of range numbers stay wrong")
    }
}

final class SessionTests: XCTestCase {
    func testDefaultsGiveADecisionAndAreMarkedAsDefaults() throws {
        let (done, prompter) = Fixture.answering(["name": "web"])
        let completed = try XCTUnwrap(done)
        XCTAssertEqual(completed.decision.recommendation, .fargate)
        XCTAssertEqual(completed.profile.name, "web")
        XCTAssertEqual(completed.records.first { $0.key == "name" }?.source, .person)
        XCTAssertEqual(completed.records.first { $0.key == "os" }?.source, .defaulted)
        XCTAssertEqual(completed.records.first { $0.key == "os" }?.value, "linux")
        XCTAssertFalse(completed.profile.given.contains(.os), "a default is not written into the profile")
        XCTAssertTrue(prompter.transcript.contains("Question 1 of "), prompter.transcript)
        XCTAssertTrue(prompter.transcript.contains("(the last one)"))
        let summary = Messages(.en).summary(completed.records, questionnaire: Fixture.questionnaire)
        XCTAssertTrue(summary.contains("os                         linux  (default)"), summary)
        XCTAssertFalse(summary.contains("name                       web  (default)"), summary)
    }

    func testDurationIsAskedOnlyForEventsAndSchedules() throws {
        let http = AnsweringPrompter(["name": "web"], extra: [:])
        _ = Session(questionnaire: Fixture.questionnaire, language: .en, prompter: http, decide: Fixture.decide).run()
        XCTAssertFalse(http.asked.contains("max_duration_seconds"))
        XCTAssertTrue(http.asked.contains("load_balancer"))
        XCTAssertTrue(http.asked.contains("port"))
        XCTAssertFalse(http.asked.contains("distributed_batch"))

        let event = AnsweringPrompter(["name": "thumb", "trigger": "event", "max_duration_seconds": "20"], extra: [:])
        guard case .completed(let done) = Session(questionnaire: Fixture.questionnaire, language: .en, prompter: event, decide: Fixture.decide).run() else {
            return XCTFail("did not complete")
        }
        XCTAssertTrue(event.asked.contains("max_duration_seconds"))
        XCTAssertFalse(event.asked.contains("load_balancer"))
        XCTAssertFalse(event.asked.contains("port"))
        XCTAssertFalse(event.asked.contains("min_tasks"))
        XCTAssertEqual(done.profile.maxDurationSeconds, 20)

        let worker = AnsweringPrompter(["name": "w", "trigger": "worker"], extra: [:])
        _ = Session(questionnaire: Fixture.questionnaire, language: .en, prompter: worker, decide: Fixture.decide).run()
        XCTAssertFalse(worker.asked.contains("ms_billing"), "a worker cannot run on Lambda: the Lambda questions are moot")
        XCTAssertTrue(worker.asked.contains("min_tasks"))
    }

    func testPurchasingIsSkippedWhenNoChoiceChangesTheRecommendation() throws {
        // A GPU workload lands on ECS on EC2 whatever is bought: the question is moot.
        let gpu = AnsweringPrompter(["name": "ml", "gpu_count": "1"], extra: [:])
        guard case .completed(let done) = Session(questionnaire: Fixture.questionnaire, language: .en, prompter: gpu, decide: Fixture.decide).run() else {
            return XCTFail("did not complete")
        }
        XCTAssertEqual(done.decision.recommendation, .ecsEC2)
        XCTAssertFalse(gpu.asked.contains("purchasing"))
        XCTAssertNil(done.records.first { $0.key == "purchasing" }, "a skipped question is not in the summary")
        // A plain web service: Reserved Instances would move it off Fargate, so it is asked.
        let web = AnsweringPrompter(["name": "web"], extra: [:])
        _ = Session(questionnaire: Fixture.questionnaire, language: .en, prompter: web, decide: Fixture.decide).run()
        XCTAssertTrue(web.asked.contains("purchasing"))
    }

    func testAnInvalidAnswerGetsAReasonAndTheSameQuestionAgain() throws {
        let (done, prompter) = Fixture.answering(["name": "web", "os": "windows", "vcpu": "2", "memory_mib": "4096"],
                                                 extra: ["os": ["macos"], "vcpu": ["0", "lots"], "name": ["Web_API"]])
        let completed = try XCTUnwrap(done)
        XCTAssertEqual(completed.profile.os, .windows)
        XCTAssertEqual(completed.profile.vcpu, 2)
        XCTAssertEqual(completed.profile.name, "web")
        let t = prompter.transcript
        XCTAssertTrue(t.contains("✗ must be one of linux, windows, got \"macos\""), t)
        XCTAssertTrue(t.contains("✗ must be greater than 0 and at most 1024, got 0"), t)
        XCTAssertTrue(t.contains("✗ must be a number, got \"lots\""), t)
        XCTAssertTrue(t.contains("✗ must be a DNS-1123 label"), t)
        // The os prompt was shown twice (once refused), the question text once.
        XCTAssertEqual(prompter.prompts.filter { $0 == "[linux] > " }.count, 2)
    }

    func testMaxTasksBelowMinTasksIsRefusedAtMaxTasks() throws {
        let (done, prompter) = Fixture.answering(["name": "web", "min_tasks": "6", "max_tasks": "8"], extra: ["max_tasks": ["", "3"]])
        XCTAssertEqual(done?.profile.maxTasks, 8)
        XCTAssertEqual(prompter.transcript.components(separatedBy: "✗ must be at least min_tasks (6)").count - 1, 2, prompter.transcript)
    }

    func testBackReturnsToThePreviousQuestionAndEnterKeepsTheAnswer() throws {
        // name, trigger=event, duration=600; back at os -> duration; back -> trigger; Enter keeps event.
        let (outcome, prompter) = Fixture.session(["back", "job", "event", "600", "back", "back", "", ""] + Array(repeating: "", count: 30))
        guard case .completed(let done) = outcome else { return XCTFail("did not complete") }
        XCTAssertTrue(prompter.transcript.contains("This is the first question."))
        XCTAssertEqual(done.profile.trigger, .event)
        XCTAssertEqual(done.profile.maxDurationSeconds, 600)
        XCTAssertTrue(prompter.prompts.contains("[event] > "), "going back shows the earlier answer as the default")
        XCTAssertTrue(prompter.prompts.contains("[600] > "))
    }

    func testAnAnswerMadeIrrelevantByGoingBackIsDropped() throws {
        // event + 600 s, then back to trigger and answer http: the duration question no longer applies.
        let (outcome, _) = Fixture.session(["job", "event", "600", "back", "back", "http"] + Array(repeating: "", count: 30))
        guard case .completed(let done) = outcome else { return XCTFail("did not complete") }
        XCTAssertEqual(done.profile.trigger, .http)
        XCTAssertNil(done.profile.maxDurationSeconds)
        XCTAssertNil(done.records.first { $0.key == "max_duration_seconds" })
    }

    func testEndOfInputMidwayEndsWithNothing() {
        let (outcome, prompter) = Fixture.session(["web", "http", "linux"])
        guard case .endOfInput = outcome else { return XCTFail("expected the session to end at the end of input") }
        XCTAssertTrue(prompter.transcript.hasSuffix("^D\n"))
    }

    func testProvenanceOfEveryAnswer() throws {
        let (done, _) = Fixture.answering(["name": "job", "trigger": "event", "os": "linux"])
        let completed = try XCTUnwrap(done)
        let source = { (key: String) in completed.records.first { $0.key == key }?.source }
        XCTAssertEqual(source("name"), .person)
        XCTAssertEqual(source("os"), .person, "typing the default value is still the person's answer")
        XCTAssertEqual(source("arch"), .defaulted)
        XCTAssertEqual(source("max_duration_seconds"), .unknown)
        XCTAssertEqual(completed.profile.sources[.os], .person)
        XCTAssertEqual(completed.profile.source(of: .arch), .defaulted)

        let file = "name: job\ntrigger: event\nmax_duration_seconds: 30\n"
        let answers = try Fixture.questionnaire.answers(fromYAML: file, file: "a.yaml")
        let replayed = try Fixture.questionnaire.complete(answers, keepSkipped: true, decide: Fixture.decide)
        XCTAssertEqual(replayed.profile.sources[.maxDurationSeconds], .answersFile(SourceLocation(file: "a.yaml", line: 3, column: 23)))
        XCTAssertEqual(replayed.records.first { $0.key == "os" }?.source, .defaulted)

        final class Capture: ProfileSink {
            var saved: SavedProfile?
            func store(_ saved: SavedProfile) throws -> String { self.saved = saved; return "captured" }
        }
        let sink = Capture()
        XCTAssertEqual(try sink.store(SavedProfile(replayed)), "captured")
        XCTAssertEqual(sink.saved?.provenance.first { $0.key == "trigger" }?.source, .answersFile(SourceLocation(file: "a.yaml", line: 2, column: 10)))
        XCTAssertEqual(sink.saved?.provenance.first { $0.key == "vcpu" }?.source, .defaulted)
        XCTAssertEqual(sink.saved?.decision.recommendation, .lambda)
    }

    func testJapaneseSession() throws {
        let (done, prompter) = Fixture.answering(["name": "api", "exec_access": "はい"], extra: ["os": ["mac"]], language: .ja)
        let completed = try XCTUnwrap(done)
        XCTAssertTrue(completed.profile.execAccess)
        let t = prompter.transcript
        XCTAssertTrue(t.contains("質問 1/"), t)
        XCTAssertTrue(t.contains("ワークロードの名前は？"))
        XCTAssertTrue(t.contains("（最後の質問）"))
        XCTAssertTrue(t.contains("✗ 次のどれかで答えてください: linux, windows"), t)
        XCTAssertTrue(t.contains("(y/n) [いいえ] > "))
        XCTAssertFalse(t.contains("Question 1 of"))
        let summary = Messages(.ja).summary(completed.records, questionnaire: Fixture.questionnaire)
        XCTAssertTrue(summary.contains("exec_access                はい\n"), summary)
        XCTAssertTrue(summary.contains("（既定値）"))
    }

    func testHelpExplainsAndCitesTheTalkInBothLanguages() throws {
        let (_, en) = Fixture.answering(["name": "web"], extra: ["os": ["?"]])
        XCTAssertTrue(en.transcript.contains("From the talk (2018-08-03), \"Fargate or EC2\": Fargate では難しいもの: windows"), en.transcript)
        XCTAssertTrue(en.transcript.contains("Field: os (linux, windows; default linux)"))
        let (_, ja) = Fixture.answering(["name": "web"], extra: ["os": ["？"]], language: .ja)
        XCTAssertTrue(ja.transcript.contains("根拠: 講演（2018-08-03）「Fargate or EC2」— Fargate では難しいもの: windows"), ja.transcript)
        XCTAssertTrue(ja.transcript.contains("講演の「Fargate では難しいもの」の筆頭が Windows です。"))
    }
}

final class AnswersFileTests: XCTestCase {
    func testReplayingSavedAnswersGivesTheSameDecision() throws {
        let given = ["name": "dotnet", "os": "windows", "vcpu": "2", "memory_mib": "4096", "exec_access": "y",
                     "labels.kubernetes": "yes", "load_balancer": "alb", "image": "registry/app:1"]
        for engine in [Fixture.current, Fixture.talk] {
            let (done, _) = Fixture.answering(given, engine: engine)
            let completed = try XCTUnwrap(done)
            let yaml = Fixture.questionnaire.answersYAML(completed)
            XCTAssertTrue(yaml.contains("\nos: windows\n"), yaml)
            XCTAssertTrue(yaml.contains("\n# arch: x86_64\n"), yaml)
            XCTAssertTrue(yaml.contains("\nlabels.kubernetes: \"yes\"\n"), yaml)
            XCTAssertTrue(yaml.contains("\nimage: \"registry/app:1\"\n"), yaml)
            let answers = try Fixture.questionnaire.answers(fromYAML: yaml, file: "saved.yaml")
            let replayed = try Fixture.questionnaire.complete(answers, keepSkipped: true, decide: { engine.decide($0) })
            XCTAssertEqual(replayed.decision, completed.decision)
            XCTAssertEqual(replayed.profile.fieldValues.map(\.1), completed.profile.fieldValues.map(\.1))
            XCTAssertEqual(replayed.profile.labels, ["kubernetes": "yes"])
            XCTAssertEqual(replayed.records.map(\.value), completed.records.map(\.value))
            XCTAssertEqual(replayed.records.map { $0.source.isAssumed }, completed.records.map { $0.source.isAssumed })
        }
    }

    func testHostileKeysAndValuesAreQuotedSoTheReplayDecidesTheSame() throws {
        // Keys and values an answers file may hold, written out as YAML escapes (DEL and C1
        // controls are refused when read: ProfileDecoderTests).
        let file = #"""
        name: web
        labels:
          "x: 1\nprivileged: true": a
          "team #comment": "b: c"
          "q\"uote\\": "\u2028 and \u2029 and \t"
          "- item": ""
        "labels.direct: 1\nos: windows": d
        description: "line one\nline two\r\n\tend \uFEFF"
        """#
        let answers = try Fixture.questionnaire.answers(fromYAML: file, file: "hostile.yaml")
        let completed = try Fixture.questionnaire.complete(answers, keepSkipped: true, decide: Fixture.decide)
        XCTAssertEqual(completed.profile.labels["x: 1\nprivileged: true"], "a")
        XCTAssertEqual(completed.profile.labels["direct: 1\nos: windows"], "d")
        let yaml = Fixture.questionnaire.answersYAML(completed)
        for line in yaml.split(separator: "\n") {
            XCTAssertFalse(line.hasPrefix("privileged:") || line.hasPrefix("os: windows"), "a key injected a field: \(line)")
        }
        let replayed = try Fixture.questionnaire.complete(try Fixture.questionnaire.answers(fromYAML: yaml, file: "saved.yaml"),
                                                          keepSkipped: true, decide: Fixture.decide)
        XCTAssertEqual(replayed.profile.labels, completed.profile.labels)
        XCTAssertEqual(replayed.profile.description, completed.profile.description)
        XCTAssertFalse(replayed.profile.privileged)
        XCTAssertEqual(replayed.profile.os, .linux)
        XCTAssertEqual(replayed.decision, completed.decision)
        XCTAssertEqual(replayed.records.map(\.key), completed.records.map(\.key))
        XCTAssertEqual(replayed.records.map(\.value), completed.records.map(\.value))
    }

    func testAnInvalidAnswerNamesTheQuestionAndItsPlace() {
        XCTAssertThrowsError(try complete("name: a\nos: macos\n")) { error in
            XCTAssertEqual("\(error)", "f.yaml:2:5: unknown-value: question 'os' (Which operating system does the container run?): 'os' must be one of linux, windows, got \"macos\"")
        }
        XCTAssertThrowsError(try complete("name: a\ngpus: 1\n")) { error in
            XCTAssertTrue("\(error)".hasPrefix("f.yaml:2:1: unknown-field: 'gpus' is not a question; did you mean 'gpu_count'?"), "\(error)")
        }
        XCTAssertThrowsError(try complete("trigger: event\n")) { error in
            XCTAssertTrue("\(error)".contains("question 'name' (What is the workload called?) has no answer"), "\(error)")
        }
        XCTAssertThrowsError(try complete("name: a\nmin_tasks: 5\nmax_tasks: 2\n")) { error in
            XCTAssertTrue("\(error)".hasPrefix("f.yaml:3:12: out-of-range: question 'max_tasks'"), "\(error)")
        }
        XCTAssertThrowsError(try complete("- a\n- b\n")) { error in
            XCTAssertTrue("\(error)".contains("not-a-mapping"), "\(error)")
        }
    }

    func testAnswersFileAcceptsWhatThePromptAccepts() throws {
        let done = try complete("name: a\nexec_access: yes\ntrigger: 2\nlabels.kubernetes: はい\ndescription: from a profile\n")
        XCTAssertTrue(done.profile.execAccess)
        XCTAssertEqual(done.profile.trigger, .event)
        XCTAssertEqual(done.profile.labels["kubernetes"], "yes")
        XCTAssertEqual(done.profile.description, "from a profile", "any profile field may be set")
    }

    func testAnAliasBombInAnAnswersFileIsRefusedWithItsPlace() {
        var lines = ["name: web", "a0: &a0 {x: 1, y: 1}"]
        for level in 1...9 {
            lines.append("a\(level): &a\(level) {" + (0..<10).map { "k\($0): *a\(level - 1)" }.joined(separator: ", ") + "}")
        }
        XCTAssertThrowsError(try Fixture.questionnaire.answers(fromYAML: lines.joined(separator: "\n"), file: "a.yaml")) {
            let e = $0 as? ProfileError
            XCTAssertEqual(e?.kind, .syntax)
            XCTAssertEqual(e?.location, SourceLocation(file: "a.yaml", line: 7, column: 14), "the first *a4, which goes over the limit")
        }
    }

    func testAnAnswerToASkippedQuestionInAFileStillCounts() throws {
        let done = try complete("name: a\ntrigger: http\nmax_duration_seconds: 3600\n")
        XCTAssertEqual(done.profile.maxDurationSeconds, 3600)
        XCTAssertEqual(done.records.first { $0.key == "max_duration_seconds" }?.asked, false)
    }

    private func complete(_ yaml: String) throws -> Completed {
        let answers = try Fixture.questionnaire.answers(fromYAML: yaml, file: "f.yaml")
        return try Fixture.questionnaire.complete(answers, keepSkipped: true, decide: Fixture.decide)
    }
}

final class WhatIfTests: XCTestCase {
    func testEachLosingPlatformGetsTheAnswerThatWouldMakeItWin() throws {
        let answers = try Fixture.questionnaire.answers(fromYAML: "name: web\n", file: "f.yaml")
        let done = try Fixture.questionnaire.complete(answers, keepSkipped: true, decide: Fixture.decide)
        XCTAssertEqual(done.decision.recommendation, .fargate)
        let changes = Fixture.questionnaire.whatIf(done, decide: Fixture.decide)
        XCTAssertEqual(Set(changes.map(\.platform)), [.lambda, .ecsEC2, .eks])
        let eks = try XCTUnwrap(changes.first { $0.platform == .eks })
        XCTAssertTrue(eks.changes.contains(Change(key: "onprem_interop", from: "false", to: "true")), "\(eks.changes)")
        let lambda = try XCTUnwrap(changes.first { $0.platform == .lambda })
        XCTAssertTrue(lambda.changes.contains(Change(key: "trigger", from: "http", to: "event")), "\(lambda.changes)")
        // Every reported change really makes that platform win.
        for entry in changes {
            for change in entry.changes {
                var yaml = "name: web\n\(change.key): \(change.to)\n"
                if change.key == "name" { yaml = "name: \(change.to)\n" }
                let a = try Fixture.questionnaire.answers(fromYAML: yaml, file: "f.yaml")
                let changed = try Fixture.questionnaire.complete(a, keepSkipped: true, decide: Fixture.decide)
                XCTAssertEqual(changed.decision.recommendation, entry.platform, "\(change)")
            }
        }
        let text = Messages(.en).whatIf(changes, questionnaire: Fixture.questionnaire)
        XCTAssertTrue(text.contains("eks: "), text)
        XCTAssertTrue(text.contains("onprem_interop = yes (now no)"), text)
        XCTAssertTrue(Messages(.ja).whatIf(changes, questionnaire: Fixture.questionnaire).contains("onprem_interop を「はい」に（今は「いいえ」）"))
    }

    func testAPlatformNoSingleAnswerCanSaveIsSaidSo() throws {
        // Windows with a GPU: Fargate and Lambda have no GPUs, ECS schedules GPUs on Linux only,
        // and EKS's Windows nodes have no GPU drivers: nothing fits.
        let answers = try Fixture.questionnaire.answers(fromYAML: "name: w\nos: windows\ngpu_count: 1\n", file: "f.yaml")
        let done = try Fixture.questionnaire.complete(answers, keepSkipped: true, decide: Fixture.decide)
        XCTAssertNil(done.decision.recommendation)
        let changes = Fixture.questionnaire.whatIf(done, decide: Fixture.decide)
        let lambda = try XCTUnwrap(changes.first { $0.platform == .lambda })
        XCTAssertEqual(lambda.changes, [], "Lambda needs both Linux and no GPU")
        XCTAssertTrue(Messages(.en).whatIf(changes, questionnaire: Fixture.questionnaire).contains("lambda: no single answer makes it win"))
    }
}
