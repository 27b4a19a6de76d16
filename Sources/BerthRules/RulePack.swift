import BerthCore
import Foundation
import Yams

/// A decision a pack must reach: a profile and the platform it expects (nil: none eligible).
public struct PackTest: Sendable {
    public var name: String
    public var profile: Profile
    public var expect: Platform?
    public var asOf: String?
    public var location: SourceLocation
}

/// A set of rules with the catalog they read and the date they answer for.
public struct RulePack: Sendable {
    public var name: String
    public var title: String
    /// The title in Japanese (`title_ja` in pack.yaml), when the pack has one.
    public var titleJA: String? = nil
    /// YYYY-MM-DD; nil means "today" (the date of evaluation).
    public var asOf: String?
    public var rules: [Rule]
    /// The talk's criteria as ordered preferences (`procedure.yaml`): the first step that
    /// separates two feasible candidates decides between them.
    public var procedure: [ProcedureStep] = []
    public var tests: [PackTest]
    public var catalog: Catalog
    /// True for the built-in packs and for packs that bring their own catalog
    /// (`catalog:` in pack.yaml); false for a user's folder reading the bundled one.
    public var ownsCatalog = true
    /// True for the packs compiled into berth (`PackLoader.builtin`), which `rules lint`
    /// holds to having every rule in Japanese too.
    public var isBuiltin = false
    /// A user pack's folder, absolute and canonical (symbolic links resolved); nil for the
    /// built-in packs.
    public var folder: String? = nil

    /// How a run records the pack so that a later report reloads the same one from any
    /// folder: the built-in pack's name, else the folder (a pack.yaml `name` can be anything,
    /// even `current`, and a relative path depends on where berth ran).
    public var reference: String { folder ?? name }

    public static let builtinNames = ["current", "talk-2018"]
    public static let defaultName = "current"

    /// The date to evaluate at: an explicit `--as-of`, else the pack's, else today.
    public func date(override: String? = nil, today: String = RulePack.today()) -> String {
        override ?? asOf ?? today
    }

    public static func today() -> String { CalendarDate.today() }

    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// The title in a language, falling back to English.
    public func title(in language: RuleLanguage) -> String {
        language == .ja ? (titleJA ?? title) : title
    }
}

/// Where pack files are read from: the bundled copy, or the file system.
protocol PackFiles {
    func text(_ path: String) -> String?
    func yamlFiles(under folder: String) -> [String]
    /// A file's YAML documents; nil when there is no such file.
    func documents(_ path: String) throws -> [Node]?
    /// A single-document file's root: `.some(nil)` for an empty file, nil for no file.
    func root(_ path: String) throws -> Node??
}

extension PackFiles {
    func documents(_ path: String) throws -> [Node]? {
        try text(path).map { try YAMLNodes.composeAll($0, file: path) }
    }

    func root(_ path: String) throws -> Node?? {
        try text(path).map { try YAMLNodes.compose($0, file: path) }
    }
}

struct DiskPackFiles: PackFiles {
    func text(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    func yamlFiles(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var out: [String] = []
        for case let relative as String in walker where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
            out.append(PackLoader.join(folder, relative))
        }
        return out.sorted()
    }
}

/// Loads packs: `pack.yaml` (name, title, title_ja, as_of, include, catalog), the rules of the folders
/// it includes, and `tests.yaml`. Everything is parsed and type-checked here.
public enum PackLoader {
    static let catalogPath = "data/catalog.yaml"
    static let variantsPath = "data/variants.yaml"

    /// A built-in pack by name (`current`, `talk-2018`), from the copy compiled into berth.
    /// `examples: false` leaves out the rules' examples and the pack's tests, which only
    /// `rules test`, `lint` and `show` read: deciding never needs them.
    public static func builtin(_ name: String, examples: Bool = true) throws -> RulePack {
        guard RulePack.builtinNames.contains(name) else {
            var message = "no built-in rule pack '\(name)'; built-in packs are \(RulePack.builtinNames.joined(separator: ", "))"
            if let hint = ProfileSchema.closest(to: name, among: RulePack.builtinNames) { message += "; did you mean '\(hint)'?" }
            throw RuleError(.notFound, at: nil, message)
        }
        var pack = try load(folder: "rules/\(name)", files: BundledPackFiles(), catalogPath: catalogPath, examples: examples)
        pack.isBuiltin = true
        return pack
    }

    /// `--rules VALUE`: a built-in pack name, or a folder of the user's rules (`examples` and
    /// `bundledCatalog` as in `builtin` and `load(directory:)`).
    public static func resolve(_ value: String?, examples: Bool = true, bundledCatalog: Catalog? = nil) throws -> RulePack {
        let name = value ?? RulePack.defaultName
        if RulePack.builtinNames.contains(name) { return try builtin(name, examples: examples) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: name, isDirectory: &isDirectory) else {
            return try builtin(name)  // names the built-in packs in its error
        }
        guard isDirectory.boolValue else {
            throw RuleError(.notFound, at: .file(name), "is a file; --rules takes a built-in pack (\(RulePack.builtinNames.joined(separator: ", "))) or a folder of rules")
        }
        return try load(directory: name, examples: examples, bundledCatalog: bundledCatalog)
    }

    /// `berth rules test|lint [DIR]`: the pack a folder or name gives, else both built-in packs.
    public static func packs(_ folderOrName: String?) throws -> [RulePack] {
        try folderOrName.map { [try resolve($0)] } ?? RulePack.builtinNames.map { try builtin($0) }
    }

    /// A pack from a folder on disk. Without a `pack.yaml`, every YAML file in the folder
    /// (but `tests.yaml`) is a rule, the catalog is the bundled one and the date is today.
    /// `bundledCatalog` is that catalog when the caller has it already (berth's compiled
    /// one); without it, it is read from the embedded YAML.
    public static func load(directory: String, examples: Bool = true, bundledCatalog: Catalog? = nil) throws -> RulePack {
        var pack = try load(folder: directory, files: DiskPackFiles(), catalogPath: nil, examples: examples, bundledCatalog: bundledCatalog)
        pack.folder = canonicalPath(directory)
        return pack
    }

    static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else {
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The platform catalog and the variants' facts, one catalog.
    public static func bundledCatalog() throws -> Catalog {
        let files = BundledPackFiles()
        guard let root = try files.root(catalogPath) else { throw RuleError(.notFound, at: nil, "the bundled catalog is missing") }
        var catalog = try Catalog.parse(root: root, file: catalogPath)
        if let variants = try files.root(variantsPath) { try catalog.merge(try Catalog.parse(root: variants, file: variantsPath)) }
        return catalog
    }

    static func load(folder: String, files: PackFiles, catalogPath: String?, examples: Bool, bundledCatalog: Catalog? = nil) throws -> RulePack {
        let manifestPath = join(folder, "pack.yaml")
        var name = (folder as NSString).lastPathComponent
        var title = name
        var titleJA: String? = nil
        var asOf: String? = nil
        var includes = [folder]
        var catalog = try bundledCatalog ?? PackLoader.bundledCatalog()
        var ownsCatalog = catalogPath != nil
        var catalogFile: String? = nil
        if let root = try files.root(manifestPath), let node = root {
            let f = try YAMLNodes.fields(node, file: manifestPath, allowed: ["name", "title", "title_ja", "as_of", "include", "catalog"], what: "pack.yaml")
            name = f["name"]?.string ?? name
            title = f["title"]?.string ?? name
            if let n = f["title_ja"] {
                guard let s = n.string, !s.isEmpty else {
                    throw RuleError(.badPack, at: YAMLNodes.location(n, manifestPath), "'title_ja' must be a non-empty string")
                }
                titleJA = s
            }
            if let dateNode = f["as_of"], let text = dateNode.string, text != "today" {
                guard let day = Catalog.normalise(date: text) else {
                    throw RuleError(.badPack, at: YAMLNodes.location(dateNode, manifestPath), "'as_of' is YYYY-MM-DD or 'today'")
                }
                asOf = day
            }
            if let list = f["include"]?.sequence {
                includes = list.compactMap(\.string).map { join(folder, $0) }
            }
            if let path = f["catalog"]?.string {
                let full = join(folder, path)
                guard let root = try files.root(full) else { throw RuleError(.notFound, at: YAMLNodes.location(node, manifestPath), "cannot read catalog '\(full)'") }
                catalog = try Catalog.parse(root: root, file: full)
                ownsCatalog = true
                catalogFile = full
            }
        } else if let catalogPath, let root = try files.root(catalogPath) {
            catalog = try Catalog.parse(root: root, file: catalogPath)
        }

        var rules: [Rule] = []
        var procedure: (steps: [ProcedureStep], file: String)? = nil
        var seen: [String: SourceLocation] = [:]
        let capabilities = Catalog.capabilityKinds(catalog)
        for include in includes {
            for path in files.yamlFiles(under: include) {
                let base = (path as NSString).lastPathComponent
                if base == "pack.yaml" || base == "tests.yaml" || path == catalogFile { continue }
                if base == "procedure.yaml" {
                    guard let root = try files.root(path) else { throw RuleError(.notFound, at: nil, "cannot read \(path)") }
                    if let first = procedure {
                        throw RuleError(.badPack, at: .file(path), "a pack has one procedure; \(first.file) is one already")
                    }
                    procedure = (try parseProcedure(root, file: path), path)
                    continue
                }
                guard let text = files.text(path), let documents = try files.documents(path) else {
                    throw RuleError(.notFound, at: nil, "cannot read \(path)")
                }
                for node in documents {
                    let rule = try RuleParser.parse(node, file: path, text: text, catalog: catalog, capabilities: capabilities, examples: examples)
                    if let first = seen[rule.id] {
                        throw RuleError(.duplicateID, at: rule.location, "rule id '\(rule.id)' is also used at \(first)")
                    }
                    seen[rule.id] = rule.location
                    if rule.isRequirement, rules.filter(\.isRequirement).count == Engine.maxRequirements {
                        throw RuleError(.badRule, at: rule.location, "a pack holds at most \(Engine.maxRequirements) requirements ('require' effects)")
                    }
                    rules.append(rule)
                }
            }
        }
        let steps = procedure?.steps ?? []
        for rule in rules {
            guard let step = rule.effect.step, !steps.contains(where: { $0.id == step }) else { continue }
            var message = "'step: \(step)' is not a step of the pack's procedure"
            message += steps.isEmpty ? " (the pack has no procedure.yaml)" : "; steps are \(steps.map(\.id).joined(separator: ", "))"
            if let hint = ProfileSchema.closest(to: step, among: steps.map(\.id)) { message += "; did you mean '\(hint)'?" }
            throw RuleError(.badRule, at: rule.location, message)
        }
        var tests: [PackTest] = []
        let testsPath = join(folder, "tests.yaml")
        if examples, let root = try files.root(testsPath) { tests = try parseTests(root, file: testsPath) }
        var pack = RulePack(name: name, title: title, titleJA: titleJA, asOf: asOf, rules: rules, tests: tests, catalog: catalog)
        pack.procedure = steps
        pack.ownsCatalog = ownsCatalog
        return pack
    }

    /// At most this many steps (one bit each in a candidate's standing).
    public static let maxSteps = 30

    /// `procedure.yaml`: the ordered list of `{id, title, title_ja, talk, quote}`.
    static func parseProcedure(_ root: Node?, file: String) throws -> [ProcedureStep] {
        guard let root, let items = root.sequence, !items.isEmpty else {
            throw RuleError(.badPack, at: .file(file), "procedure.yaml is a list of steps {id, title, talk, quote}, first step first")
        }
        guard items.count <= maxSteps else {
            throw RuleError(.badPack, at: YAMLNodes.location(items[maxSteps], file), "a procedure has at most \(maxSteps) steps")
        }
        var steps: [ProcedureStep] = []
        for item in items {
            let at = YAMLNodes.location(item, file)
            let f = try YAMLNodes.fields(item, file: file, allowed: ["id", "title", "title_ja", "talk", "quote"], what: "a procedure step")
            func text(_ key: String, required: Bool = true) throws -> String? {
                guard let n = f[key] else {
                    if required { throw RuleError(.badPack, at: at, "a procedure step needs '\(key)'") }
                    return nil
                }
                guard let s = n.string?.trimmingWhitespace, !s.isEmpty else {
                    throw RuleError(.badPack, at: YAMLNodes.location(n, file), "'\(key)' must be a non-empty string")
                }
                return s
            }
            let id = try text("id")!
            guard ProfileDecoder.isDNSLabel(id) else {
                throw RuleError(.badPack, at: YAMLNodes.location(f["id"]!, file), "step ids are lowercase words joined by '-', got '\(id)'")
            }
            guard !steps.contains(where: { $0.id == id }) else {
                throw RuleError(.duplicateID, at: YAMLNodes.location(f["id"]!, file), "step id '\(id)' is used twice")
            }
            steps.append(ProcedureStep(id: id, title: try text("title")!, titleJA: try text("title_ja", required: false),
                                       talk: try text("talk")!, quote: try text("quote")!))
        }
        return steps
    }

    static func parseTests(_ root: Node?, file: String) throws -> [PackTest] {
        guard let root else { return [] }
        guard let items = root.sequence else {
            throw RuleError(.badTest, at: YAMLNodes.location(root, file), "tests.yaml is a list of {name, profile, expect}")
        }
        return try items.map { item in
            let at = YAMLNodes.location(item, file)
            let f = try YAMLNodes.fields(item, file: file, allowed: ["name", "profile", "expect", "as_of"], what: "a pack test")
            guard let name = f["name"]?.string, let profileNode = f["profile"], let expectNode = f["expect"] else {
                throw RuleError(.badTest, at: at, "a pack test needs 'name', 'profile' and 'expect'")
            }
            var expect: Platform? = nil
            if let id = expectNode.string, !["", "null", "~", "none"].contains(id) {
                guard let p = Platform.named(id) else {
                    throw RuleError(.badTest, at: YAMLNodes.location(expectNode, file), "unknown platform '\(id)'")
                }
                expect = p
            }
            var asOf: String? = nil
            if let d = f["as_of"]?.string {
                guard let day = Catalog.normalise(date: d) else { throw RuleError(.badTest, at: at, "'as_of' must be YYYY-MM-DD") }
                asOf = day
            }
            let profile = try RuleParser.partialProfile(profileNode, file: file)
            return PackTest(name: name, profile: profile, expect: expect, asOf: asOf, location: at)
        }
    }

    /// Joins and normalises `a/b` + `../c` -> `a/c` (the bundled files have no real folders).
    static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        var parts = base.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        for piece in relative.split(separator: "/") {
            if piece == "." { continue }
            if piece == "..", let last = parts.last, last != "..", last != "" { parts.removeLast(); continue }
            parts.append(String(piece))
        }
        return parts.joined(separator: "/")
    }
}
