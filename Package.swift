// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "berth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "berth", targets: ["berth"]),
        .executable(name: "berth-bench", targets: ["berth-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // Everything under rules/ and data/ (but data/examples) compiled into the binary,
        // so the release build works from any directory; the YAML composed at build time too
        // (BerthCore's ComposedYAML), so no run parses the bundled files again.
        .executableTarget(name: "BerthBundleTool", dependencies: ["BerthCore"], path: "Sources/BerthBundleTool"),
        .plugin(name: "BerthBundlePlugin", capability: .buildTool(), dependencies: ["BerthBundleTool"]),
        .target(name: "BerthBundled", plugins: ["BerthBundlePlugin"]),
        // The built-in rule packs, catalog and prices loaded and checked at build time, by
        // the code that reads them from those files (BerthRules' sources, linked in: see the
        // tool), and compiled into a compact form that deciding reads instead (BerthCore's
        // CompactForm).
        .executableTarget(name: "BerthCompileTool", dependencies: ["BerthCore", "BerthCost", "Yams"], path: "Sources/BerthCompileTool"),
        .plugin(name: "BerthCompilePlugin", capability: .buildTool(), dependencies: ["BerthCompileTool"]),
        .target(name: "BerthCompiled", dependencies: ["BerthCore", "BerthRules", "BerthCost"], plugins: ["BerthCompilePlugin"]),

        .target(name: "BerthCore", dependencies: ["Yams"]),
        .target(name: "BerthRules", dependencies: ["BerthCore", "BerthBundled", "Yams"]),
        .target(name: "BerthStore", dependencies: [
            "BerthCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "BerthInventory", dependencies: ["BerthCore", "Yams", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "BerthArtifacts", dependencies: ["BerthCore", "BerthCost", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "BerthBatch", dependencies: ["BerthCore", "BerthInventory", "BerthStore"]),
        .target(name: "BerthReport", dependencies: [
            "BerthCore", "BerthStore", "BerthRules", "BerthInventory", "BerthCost", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "BerthQuestionnaire", dependencies: ["BerthCore", "BerthBundled", "Yams"]),
        // libedit, for `berth ask`'s line editing and history (docs/ask.md).
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
        .target(name: "BerthCost", dependencies: ["BerthCore", "Yams"]),
        .target(name: "BerthImport", dependencies: ["BerthCore", "BerthInventory", "Yams", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(name: "berth", dependencies: [
            "BerthCore", "BerthRules", "BerthStore", "BerthInventory", "BerthArtifacts",
            "BerthReport", "BerthQuestionnaire", "BerthBatch", "BerthCost", "BerthBundled", "BerthCompiled", "BerthImport", "CEditLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "berth-bench", dependencies: [
            "BerthCore", "BerthRules", "BerthStore", "BerthInventory", "BerthBatch",
        ]),

        .testTarget(name: "BerthCoreTests", dependencies: ["BerthCore"]),
        .testTarget(name: "BerthRulesTests", dependencies: ["BerthRules", "BerthBatch", "BerthInventory"]),
        .testTarget(name: "BerthCLITests", dependencies: ["berth"], exclude: ["Golden"]),
        .testTarget(name: "BerthQuestionnaireTests", dependencies: ["BerthQuestionnaire", "BerthRules"]),
        .testTarget(name: "BerthArtifactsTests", dependencies: ["BerthArtifacts", "BerthCost", "BerthBundled"], resources: [.copy("Golden")]),
        .testTarget(name: "BerthInventoryTests", dependencies: ["BerthCore", "BerthInventory"]),
        .testTarget(name: "BerthStoreTests", dependencies: ["BerthCore", "BerthStore"]),
        .testTarget(name: "BerthBatchTests", dependencies: [
            "BerthCore", "BerthInventory", "BerthStore", "BerthBatch", "BerthRules", "BerthCost", "BerthCompiled",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "BerthImportTests", dependencies: ["BerthCore", "BerthImport", "BerthInventory"], exclude: ["Golden"]),
        .testTarget(name: "BerthCostTests", dependencies: ["BerthCost", "BerthBundled"]),
        .testTarget(name: "BerthCompiledTests", dependencies: ["BerthCompiled", "BerthRules", "BerthCost", "BerthBundled"]),
        .testTarget(name: "BerthReportTests", dependencies: ["BerthCore", "BerthRules", "BerthInventory", "BerthStore", "BerthBatch", "BerthReport"], exclude: ["Golden"]),
    ]
)
