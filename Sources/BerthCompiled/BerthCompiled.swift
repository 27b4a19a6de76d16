import BerthCore
import BerthCost
import BerthRules

/// The built-in rule packs, platform catalog and prices as the build loaded and checked them
/// (Plugins/BerthCompilePlugin), read back from their compact form: what deciding reads
/// instead of the YAML. `CompiledForms` is generated at build time.
public enum CompiledBundle {
    /// The platform catalog and the variants' facts, as `PackLoader.bundledCatalog()` reads them.
    public static func catalog() -> Catalog { Catalog(compactForm: CompiledForms.catalog) }

    /// A built-in pack as `PackLoader.builtin(name, examples: false)` loads it: no rule
    /// examples nor pack tests. nil for a name that is no built-in pack.
    public static func pack(_ name: String) -> RulePack? {
        CompiledForms.packs[name].map { RulePack(compactForm: $0, catalog: catalog()) }
    }

    /// data/prices.yaml, as `PriceCatalog.load` reads it.
    public static func prices() -> PriceCatalog { PriceCatalog(compactForm: CompiledForms.prices) }
}
