import Foundation
import PackagePlugin

/// Embeds the rule packs, the platform catalog and the questionnaire (everything under
/// `rules/` and `data/` but `data/examples/`) into the BerthBundled target as Swift source.
@main
struct BerthBundlePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        for folder in ["rules", "data"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker {
                let path = url.path
                if path.contains("/data/examples/") { continue }
                if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { inputs.append(url) }
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BundledFiles.swift")
        return [.buildCommand(
            displayName: "Embedding \(inputs.count) rule and data files",
            executable: try context.tool(named: "BerthBundleTool").url,
            arguments: [output.path, root.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output]
        )]
    }
}
