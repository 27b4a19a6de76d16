import ArgumentParser
import BerthCore
import BerthRules

struct RulesShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one rule: what it says, where it comes from, its examples.")

    @Argument(help: "The rule's id.")
    var id: String

    @OptionGroup var rulesOptions: RulesOptions

    @Option(name: .long, help: "How to print the rule.")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let pack = try rulesOptions.loadPack()
            guard let rule = pack.rule(id) else {
                var message = "no rule '\(id)' in pack '\(pack.name)'"
                if let hint = ProfileSchema.closest(to: id, among: pack.rules.map(\.id)) { message += "; did you mean '\(hint)'?" }
                throw RuleError(.notFound, at: nil, message)
            }
            let engine = Engine(pack: pack, asOf: rulesOptions.asOf)
            let catalogReads: [String] = rule.reads.compactMap { if case .catalog(let key) = $0 { return key } else { return nil } }
            if format == .json {
                emit(json: JSONValue.object([
                    "schema_version": .int(1),
                    "id": .string(rule.id), "title": .string(rule.title), "rationale": .string(rule.rationale),
                    "title_ja": rule.ja.map { .string($0.title) } ?? .null,
                    "when": .string(rule.when), "effect": .string(rule.effect.summary),
                    "step": rule.effect.step.map { .string($0) } ?? .null,
                    "source": .string(engine.source(for: rule)),
                    "file": .string(rule.location.file), "line": .int(rule.location.line), "column": .int(rule.location.column),
                    "as_of": .string(engine.asOf),
                    "catalog": .object(Dictionary(uniqueKeysWithValues: catalogReads.map { ($0, JSONValue(engine.catalogValue($0))) })),
                    "examples": .array(rule.examples.map { e in
                        .object(["fires": .bool(e.fires), "profile": e.profile.givenJSON, "as_of": e.asOf.map { .string($0) } ?? .null])
                    }),
                ]))
                return
            }
            var out = "\(rule.id): \(rule.title)\n"
            out += "defined at \(rule.location)\n\n"
            out += rule.rationale.trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n"
            out += "when:   \(rule.when.trimmingCharacters(in: .whitespacesAndNewlines))\n"
            out += "effect: " + rule.effect.summary + "\n"
            if let id = rule.effect.step, let position = pack.procedure.firstIndex(where: { $0.id == id }) {
                let step = pack.procedure[position]
                out += "step:   \(position + 1) of \(pack.procedure.count), \(step.title) (talk: \(step.talk): \(step.quote))\n"
            }
            out += "source: \(engine.source(for: rule))\n"
            let reads = rule.reads.filter { if case .catalog = $0 { return true } else { return false } }
            if !reads.isEmpty {
                out += "\ncatalog values as of \(engine.asOf):\n"
                for read in reads {
                    if case .catalog(let key) = read { out += "  \(key) = \(engine.catalogValue(key).plainText)\n" }
                }
            }
            if !rule.examples.isEmpty {
                out += "\nexamples:\n"
                for example in rule.examples {
                    let given = example.profile.givenJSON.rendered(pretty: false)
                    out += "  \(example.fires ? "fires on      " : "does not fire ")\(given)\(example.asOf.map { " as of \($0)" } ?? "")\n"
                }
            }
            emit(out)
        }
    }
}
