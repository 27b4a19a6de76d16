@testable import BerthCost
import BerthBundled
import XCTest

/// The bundled catalog, loaded once.
let bundledCatalog: PriceCatalog = {
    do {
        return try PriceCatalog.load(text: Bundled.text(PriceCatalog.bundledPath)!, file: PriceCatalog.bundledPath)
    } catch {
        fatalError("\(error)")
    }
}()

let calculator = CostCalculator(catalog: bundledCatalog)
