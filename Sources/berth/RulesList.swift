import ArgumentParser
import BerthRules

struct RulesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rules of a pack.")

    @OptionGroup var rulesOptions: RulesOptions

    func run() throws {
        try reporting {
            let pack = try rulesOptions.loadPack()
            let width = pack.rules.map(\.id.count).max() ?? 0
            var out = "\(pack.name): \(pack.rules.count) rules\n"
            for rule in pack.rules {
                out += rule.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + rule.title + "  [" + rule.effect.summary + "]\n"
            }
            emit(out)
        }
    }
}
