import BerthBundled
import BerthCore
import Yams

/// The copy compiled into berth, its YAML composed at build time. The only file of
/// BerthRules that reads BerthBundled: BerthCompileTool compiles the others with its own
/// `BundledPackFiles`, which reads the same files from the package.
struct BundledPackFiles: PackFiles {
    func text(_ path: String) -> String? { Bundled.text(path) }
    func yamlFiles(under folder: String) -> [String] { Bundled.paths(under: folder) }
    func documents(_ path: String) throws -> [Node]? { Bundled.composed(path).map(ComposedYAML.decode) }
    func root(_ path: String) throws -> Node?? { try documents(path).map(\.first) }
}
