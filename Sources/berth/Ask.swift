import ArgumentParser
import BerthArtifacts
import BerthCore
import BerthCost
import BerthQuestionnaire
import BerthRules
import BerthStore
import Foundation
import Synchronization

struct Ask: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer questions about one workload; get where it should run, why, and its skeleton.",
        discussion: "On a terminal, asks the questions of data/questions.yaml one by one (? explains one, back returns to the previous one; Ctrl-D or Ctrl-C stops without saving anything, Ctrl-C with exit status 130). Without a terminal, or with --answers FILE, asks nothing: answers come from the file (or standard input) as YAML, missing ones take defaults. See docs/ask.md."
    )

    @Option(name: .long, help: "Language of the questions and the explanation (default: from LC_ALL, LC_MESSAGES or LANG, else en).")
    var lang: Language?

    @Option(name: .long, help: "Read the answers from this YAML file (- for standard input) instead of asking.")
    var answers: String?

    @Option(name: .customLong("save-answers"), help: "Write every answer to this file, for replay with --answers.")
    var saveAnswers: String?

    @Flag(name: .long, help: "Store the profile, with where each answer came from, in the database.")
    var save = false

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Write the deployment skeleton for the recommended platform into this folder.")
    var generate: String?

    @Option(name: .long, help: "Output format of the decision; json prints what 'berth decide --format json' prints.")
    var format: OutputFormat = .text

    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var pricing: PricingOptions

    func run() throws {
        try reporting {
            let language = Language.chosen(lang)
            let text = Messages(language)
            let engine = try rulesOptions.engine()
            let pricer = try pricing.pricer()
            let decide: (Profile) -> Decision = { engine.decide($0, language: language) }
            let questionnaire = try Questionnaire.bundled()
            let database = self.database.path
            let sink = save ? DatabaseProfileSink(path: database) : nil
            let interactive = answers == nil && isatty(STDIN_FILENO) == 1
            // Prompts and the summary go to stderr when stdout carries JSON.
            let prompter = LineEditorPrompter(toStandardError: format == .json)

            let completed: Completed
            if interactive {
                Interrupt.install(message: text.interrupted)
                switch Session(questionnaire: questionnaire, language: language, prompter: prompter, decide: decide).run() {
                case .endOfInput:
                    prompter.show(text.endedEarly)
                    throw ExitCode(.refusal)
                case .completed(let done):
                    completed = done
                }
            } else {
                let (data, file) = try readAnswers()
                let yaml = try YAMLSupport.text(from: data, file: file)
                let given = try questionnaire.answers(fromYAML: yaml, file: file)
                completed = try questionnaire.complete(given, keepSkipped: true, origin: SourceLocation(file: file, line: 1), decide: decide)
            }

            // Priced once answered, as `decide` prices it; what-if compares the rules' choices.
            let decision = try pricer.price(completed.decision, profile: completed.profile)
            let changes = questionnaire.whatIf(completed, decide: decide)
            let summary = "\n" + text.summary(completed.records, questionnaire: questionnaire)
            let whatIf = text.whatIf(changes, questionnaire: questionnaire)
            switch format {
            case .json:
                if interactive { prompter.show(summary + "\n" + whatIf) }
                emit(json: decision.json(whatIf: engine.whatIf(completed.profile), timeline: nil))
            case .text:
                emitProse(summary + "\n" + decision.text(color: wantsColor, language: language) + (whatIf.isEmpty ? "" : "\n" + whatIf))
            }

            Interrupt.ignore()  // writes below are not cut in half by Ctrl-C
            if let saveAnswers {
                try writeFile(questionnaire.answersYAML(completed), to: saveAnswers)
                prompter.show("\n" + text.wroteAnswers(saveAnswers))
            }
            if let sink {
                prompter.show(try sink.store(SavedProfile(completed)))
            }
            if let generate {
                try writeSkeleton(completed, to: generate, text: text, prompter: prompter)
            }
            if interactive && !save && generate == nil {
                Interrupt.install(message: "\n")
                try finalPrompt(completed, text: text, prompter: prompter, database: database)
            }
        }
    }

    private func readAnswers() throws -> (Data, String) {
        guard let answers, answers != "-" else {
            return (FileHandle.standardInput.readDataToEndOfFile(), "<stdin>")
        }
        return (try ProfileFile.read(path: answers, what: "an answers file"), answers)
    }

    /// The final question of an interactive session: write the skeleton (and store the profile,
    /// once the store is wired). Enter or Ctrl-D: neither.
    private func finalPrompt(_ completed: Completed, text: Messages, prompter: Prompter, database: String) throws {
        let folder = "deploy/\(completed.profile.name)"
        prompter.show("")
        if let line = prompter.ask(text.writeSkeletonPrompt(folder)) {
            let answer = line.trimmingCharacters(in: .whitespaces)
            let yes = ["y", "yes", "はい"].contains(answer.lowercased())
            if yes || !(answer.isEmpty || ["n", "no", "いいえ"].contains(answer.lowercased())) {
                Interrupt.ignore()
                try writeSkeleton(completed, to: yes ? folder : answer, text: text, prompter: prompter)
            }
        }
        if let line = prompter.ask(text.saveProfilePrompt(database)),
           ["y", "yes", "はい"].contains(line.trimmingCharacters(in: .whitespaces).lowercased()) {
            Interrupt.ignore()
            prompter.show(try DatabaseProfileSink(path: database).store(SavedProfile(completed)))
        }
    }

    private func writeSkeleton(_ completed: Completed, to folder: String, text: Messages, prompter: Prompter) throws {
        let decision = completed.decision
        guard let platform = decision.recommendation else {
            printError("\(completed.profile.name): no platform is eligible (conflicting rules: \(decision.conflicts.joined(separator: ", "))); no skeleton written")
            throw ExitCode(.refusal)
        }
        let files = try ArtifactGenerator.generate(profile: completed.profile, platform: platform, decision: decision)
        try FileWriter.write(files, to: folder)
        prompter.show("\n" + text.wroteSkeleton(folder, platform: platform.id) + "\n" + files.map { "  \($0.path)" }.joined(separator: "\n"))
    }

    /// Writes one file atomically (or into a device or FIFO), as `--out` does.
    private func writeFile(_ contents: String, to path: String) throws {
        let file = try SafeFile.create(path)
        try file.write(Array(contents.utf8))
        try file.commit()
    }
}


/// Stores a finished questionnaire's profile, with where each answer came from, in SQLite.
/// The database is opened only when a profile is stored, so a session that ends early
/// leaves no file behind.
struct DatabaseProfileSink: ProfileSink {
    let path: String

    func store(_ saved: SavedProfile) throws -> String {
        let record = try AppDatabase(path: path).addProfile(saved.profile)
        return "stored \(record.name) (version \(record.version)) in \(path)"
    }
}

/// Ctrl-C during the questions: say so, save nothing, exit 130. A blocking read is simply
/// abandoned; nothing has been written before the last question.
enum Interrupt {
    /// The address of the message, a C string that lives until exit: the handler may only
    /// make async-signal-safe calls, so it reads a pointer rather than a Swift array.
    private static let message = Atomic<UInt>(0)

    static func install(message text: String) {
        message.store(UInt(bitPattern: strdup(text)), ordering: .releasing)
        signal(SIGINT) { _ in
            if let text = UnsafePointer<CChar>(bitPattern: Interrupt.message.load(ordering: .acquiring)) {
                _ = write(STDERR_FILENO, text, strlen(text))
            }
            _exit(130)
        }
    }

    static func ignore() {
        signal(SIGINT, SIG_IGN)
    }
}
