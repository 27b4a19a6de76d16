import ArgumentParser

struct PricesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prices",
        abstract: "Show the price catalog that costs are computed from (docs/cost.md).",
        subcommands: [PricesList.self]
    )
}
