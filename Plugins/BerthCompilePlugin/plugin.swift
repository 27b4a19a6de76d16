import Foundation
import PackagePlugin

/// Compiles the built-in rule packs, the platform catalog and the prices (the files
/// BerthBundlePlugin embeds) into the BerthCompiled target (Sources/BerthCompileTool).
@main
struct BerthCompilePlugin: BuildToolPlugin {
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
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("CompiledForms.swift")
        return [.buildCommand(
            displayName: "Compiling the built-in rule packs, catalog and prices",
            executable: try context.tool(named: "BerthCompileTool").url,
            arguments: [output.path, root.path],
            inputFiles: inputs,
            outputFiles: [output]
        )]
    }
}
