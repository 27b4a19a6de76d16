import ArgumentParser
import BerthCore
import BerthCost

struct PricesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the prices, instance types, billing facts and assumptions in force at a date and region.",
        discussion: "Each value is shown with the date it is known from, its source and its confidence (H, M or L). Price keys with no value at the date and region are listed last: a cost that needs one is not priced."
    )

    @OptionGroup var priceFile: PriceFileOptions

    @Option(name: .long, help: "Region (default us-east-1; the price file lists its regions).")
    var region = "us-east-1"

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the prices are in force at, YYYY-MM-DD (default: today).", valueName: "date"))
    var asOf: String?

    func run() throws {
        try reporting {
            let sheet = try priceFile.catalog().sheet(on: asOf ?? CalendarDate.today(), region: region)
            var out = "prices in force in \(sheet.region) on \(sheet.date)\n\nprices:\n"
            out += TextTable.render(sheet.prices.map { p in
                [p.key, p.value.tiers.map { Money.text($0.usd) }.joined(separator: " / "), "per " + p.unit, "since " + p.value.since, p.value.confidence, p.value.source]
            }, indent: "  ")
            out += "\ninstances (Linux on demand, per hour):\n"
            out += TextTable.render(sheet.instances.map { i in
                [i.type.name, i.type.arch, i.type.vcpu.map { Money.text($0) + " vCPU" } ?? "shape unknown",
                 i.type.memoryGiB.map { Money.text($0) + " GiB" } ?? "", Money.text(i.price.usd), "since " + i.price.since,
                 i.price.confidence, i.price.source]
            }, indent: "  ")
            out += "\nfacts:\n"
            out += TextTable.render(sheet.facts.map { f in
                [f.key, f.value.value.plainText, f.unit, "since " + f.value.since, f.value.confidence, f.value.source]
            }, indent: "  ")
            out += "\nassumptions (share taken off; low-high):\n"
            out += TextTable.render(sheet.assumptions.flatMap { a in
                a.values.map { v in
                    [a.key + (v.family.map { " (\($0))" } ?? ""), Money.text(v.typical),
                     [v.low, v.high].compactMap { $0.map(Money.text) }.joined(separator: "-"), "since " + v.since, v.confidence, v.source]
                }
            }, indent: "  ")
            if !sheet.notInForce.isEmpty {
                out += "\nno price in force: " + sheet.notInForce.joined(separator: ", ") + "\n"
            }
            emit(out)
        }
    }
}
