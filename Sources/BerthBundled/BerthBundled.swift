/// The built-in rule packs, catalog and questionnaire, compiled into the binary
/// (see Plugins/BerthBundlePlugin). `BundledFiles.files` is generated at build time.
public enum Bundled {
    /// Text of a bundled file, by its path relative to the package root (`rules/current/pack.yaml`).
    public static func text(_ path: String) -> String? { BundledFiles.files[path] }

    /// A bundled YAML file's documents, composed at build time (BerthCore's `ComposedYAML`).
    public static func composed(_ path: String) -> String? { BundledFiles.composed[path] }

    /// Paths of bundled files under a folder, sorted.
    public static func paths(under folder: String) -> [String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return BundledFiles.files.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }
}
