import BerthBundled
import BerthCompiled
import BerthCore
import BerthCost
@testable import BerthRules
import Foundation
import XCTest

/// What the build compiled is what reading the YAML gives now: every rule (its texts,
/// effect, condition, requirement per variant, what it reads and where it is), every catalog
/// value and every price with its place in its file. Deciding reads the compiled form, `rules
/// test`, `lint` and `show` the YAML: the two cannot drift apart.
final class CompiledBundleTests: XCTestCase {
    func testEveryBuiltInPackIsTheOneItsYAMLGives() throws {
        for name in RulePack.builtinNames {
            let parsed = try PackLoader.builtin(name, examples: false)
            let compiled = try XCTUnwrap(CompiledBundle.pack(name), name)
            assertSame(compiled, parsed, name)
        }
        XCTAssertNil(CompiledBundle.pack("no-such-pack"))
    }

    func testTheCatalogIsTheOneItsYAMLGives() throws {
        let parsed = try PackLoader.bundledCatalog()
        XCTAssertGreaterThan(parsed.entries.count, 100)
        assertSame(CompiledBundle.catalog(), parsed)
        // And the same as Yams composes the text now, not only the build's composed nodes.
        var fromText = try Catalog.parse(try XCTUnwrap(Bundled.text(PackLoader.catalogPath)), file: PackLoader.catalogPath)
        try fromText.merge(try Catalog.parse(try XCTUnwrap(Bundled.text(PackLoader.variantsPath)), file: PackLoader.variantsPath))
        assertSame(CompiledBundle.catalog(), fromText)
        XCTAssertEqual(CompiledBundle.catalog().entries["fargate.windows"]?.location.file, "data/catalog.yaml")
    }

    func testThePricesAreTheOnesTheirYAMLGives() throws {
        let path = PriceCatalog.bundledPath
        let parsed = try PriceCatalog.load(text: try XCTUnwrap(Bundled.text(path)), file: path)
        XCTAssertFalse(parsed.instances.isEmpty)
        let compiled = CompiledBundle.prices()
        XCTAssertEqual(compiled.file, parsed.file)
        XCTAssertEqual(compiled.regions, parsed.regions)
        XCTAssertEqual(compiled.prices.keys.sorted(), parsed.prices.keys.sorted())
        for (key, entry) in parsed.prices { XCTAssertEqual(compiled.prices[key], entry, key) }
        XCTAssertEqual(compiled.instances.keys.sorted(), parsed.instances.keys.sorted())
        for (name, type) in parsed.instances { XCTAssertEqual(compiled.instances[name], type, name) }
        XCTAssertEqual(compiled.facts.keys.sorted(), parsed.facts.keys.sorted())
        for (key, fact) in parsed.facts { XCTAssertEqual(compiled.facts[key], fact, key) }
        XCTAssertEqual(compiled.assumptions.keys.sorted(), parsed.assumptions.keys.sorted())
        for (key, assumption) in parsed.assumptions { XCTAssertEqual(compiled.assumptions[key], assumption, key) }
        XCTAssertEqual(compiled, parsed)
    }

    /// BerthCompileTool compiles BerthRules' sources through symbolic links: every file of
    /// BerthRules but the one that reads BerthBundled, so that a new file is not left out.
    func testTheCompileToolLinksEverySourceOfBerthRules() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardizedFileURL
        func files(_ folder: String) -> Set<String> {
            let walker = FileManager.default.enumerator(atPath: sources.appendingPathComponent(folder).path)
            return Set((walker?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") })
        }
        let rules = files("BerthRules")
        XCTAssertTrue(rules.contains("Expression/Parser.swift"))
        XCTAssertEqual(files("BerthCompileTool/BerthRules"), rules.subtracting(["BundledPackFiles.swift"]))
        for file in files("BerthCompileTool/BerthRules") {
            let link = sources.appendingPathComponent("BerthCompileTool/BerthRules/\(file)").path
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link).hasSuffix("BerthRules/\(file)"), true, file)
        }
    }

    /// Every kind of condition, effect and optional text survives the compact form, not only
    /// those the built-in packs use.
    func testAPackOfEveryKindOfRuleReadsBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-compiled-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            - id: first
              title: First
              title_ja: 最初
              talk: t
              quote: "q, with: punctuation"
            - id: second
              title: Second
              talk: t
              quote: q
            """.write(toFile: dir + "/procedure.yaml", atomically: true, encoding: .utf8)
        try """
            id: arithmetic-and-lists
            title: "Arithmetic, lists, negation: ä 日本"
            rationale: |
              Two lines,
              the second: with a colon, 12,34.
            ja: {title: 算術}
            source: {talk: Fargate or EC2, facts: [one, "two, three"]}
            when: -vcpu * 2 + memory_mib / 1024 % 3 > -1.5 && os in ["linux", "windows"] && !(gpu_count >= 1)
            effect: {exclude: [lambda, eks]}
            ---
            id: labels-and-unknowns
            title: Labels
            rationale: r
            source: s
            when: |
              has(labels.team) && labels["tier"] == "web" || max_duration_seconds == null || has(port)
            effect: {prefer: fargate, step: first}
            ---
            id: variants
            title: Variants
            rationale: r
            source: s
            when: catalog.fargate.windows == false
            effect: {prefer: {variants_with: aws_managed_instances}, step: second}
            ---
            id: requirement
            title: Requirement
            rationale: r
            source: s
            when: "true"
            effect: {require: catalog.self.available && catalog.self.max_vcpu >= vcpu}
            """.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        let pack = try PackLoader.load(directory: dir, examples: false)
        XCTAssertEqual(pack.rules.count, 4)
        XCTAssertEqual(pack.rules[3].needs.entries.filter { $0.1 != nil }.count, Variant.allCases.count)
        assertSame(RulePack(compactForm: pack.compactForm, catalog: pack.catalog), pack, "folder pack")
        assertSame(Catalog(compactForm: pack.catalog.compactForm), pack.catalog)
    }

    /// Entry by entry, so that a difference names its key.
    private func assertSame(_ a: Catalog, _ b: Catalog, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.keys, b.keys, file: file, line: line)
        for (key, entry) in b.entries { XCTAssertEqual(a.entries[key], entry, key, file: file, line: line) }
    }

    private func assertSame(_ a: RulePack, _ b: RulePack, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.name, b.name, name, file: file, line: line)
        XCTAssertEqual(a.title, b.title, name, file: file, line: line)
        XCTAssertEqual(a.titleJA, b.titleJA, name, file: file, line: line)
        XCTAssertEqual(a.asOf, b.asOf, name, file: file, line: line)
        XCTAssertEqual(a.procedure, b.procedure, name, file: file, line: line)
        XCTAssertTrue(a.tests.isEmpty && b.tests.isEmpty, name, file: file, line: line)
        assertSame(a.catalog, b.catalog, file: file, line: line)
        XCTAssertEqual(a.ownsCatalog, b.ownsCatalog, name, file: file, line: line)
        XCTAssertEqual(a.isBuiltin, b.isBuiltin, name, file: file, line: line)
        XCTAssertEqual(a.folder, b.folder, name, file: file, line: line)
        XCTAssertEqual(a.rules.map(\.id), b.rules.map(\.id), name, file: file, line: line)
        XCTAssertFalse(a.rules.isEmpty, name, file: file, line: line)
        for (x, y) in zip(a.rules, b.rules) {
            let what = "\(name): \(y.id)"
            XCTAssertEqual(x.title, y.title, what, file: file, line: line)
            XCTAssertEqual(x.rationale, y.rationale, what, file: file, line: line)
            XCTAssertEqual(x.ja, y.ja, what, file: file, line: line)
            XCTAssertEqual(x.source, y.source, what, file: file, line: line)
            XCTAssertEqual(x.when, y.when, what, file: file, line: line)
            XCTAssertEqual(x.effect, y.effect, what, file: file, line: line)
            XCTAssertEqual(x.location, y.location, what, file: file, line: line)
            XCTAssertEqual(x.reads, y.reads, what, file: file, line: line)
            XCTAssertEqual(x.condition, y.condition, what, file: file, line: line)
            XCTAssertTrue(x.examples.isEmpty && y.examples.isEmpty, what, file: file, line: line)
            for variant in Variant.allCases {
                XCTAssertEqual(x.needs[variant]?.condition, y.needs[variant]?.condition, "\(what) \(variant)", file: file, line: line)
                XCTAssertEqual(x.needs[variant]?.reads, y.needs[variant]?.reads, "\(what) \(variant)", file: file, line: line)
            }
        }
    }
}
