import ArgumentParser
import BerthCompiled
import BerthCore
import BerthCost
import Foundation

/// `--prices`: the price catalog, bundled or a user's own (docs/cost.md).
struct PriceFileOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A price file in the format of data/prices.yaml, replacing the bundled prices.", valueName: "file"))
    var prices: String?

    func catalog() throws -> PriceCatalog {
        guard let prices else { return CompiledBundle.prices() }
        let data = try ProfileFile.read(path: prices, what: "a price file")
        return try PriceCatalog.load(text: try YAMLSupport.text(from: data, file: prices), file: prices)
    }
}

enum Preference: String, ArgumentEnum {
    case cost
}

/// How a decision is priced and whether cost ranks it: `--prices`, `--free-tier`,
/// `--services-per-cluster`, `--prefer cost`.
struct PricingOptions: ParsableArguments {
    @OptionGroup var priceFile: PriceFileOptions

    @Flag(name: .customLong("free-tier"), help: "Subtract Lambda's monthly free tier (1M requests, 400,000 GB-seconds).")
    var freeTier = false

    // Optional, its default taken in `pricer`, for the reason `Decide.format` is.
    @Option(name: .customLong("services-per-cluster"), help: ArgumentHelp("How many services share one EKS cluster and its fee (default 1).", valueName: "n"))
    var servicesPerCluster: Int?

    @Option(name: .long, help: "Rank the feasible candidates by monthly cost instead of the talk's rules.")
    var prefer: Preference?

    func validate() throws {
        if let servicesPerCluster, servicesPerCluster < 1 {
            throw ValidationError("--services-per-cluster must be at least 1, got \(servicesPerCluster)")
        }
    }

    func pricer() throws -> Pricer {
        Pricer(calculator: CostCalculator(catalog: try priceFile.catalog()), freeTier: freeTier,
               servicesPerCluster: servicesPerCluster ?? 1, preferCost: prefer == .cost)
    }
}
