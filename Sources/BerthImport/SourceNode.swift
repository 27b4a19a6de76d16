import BerthCore
import Yams

/// A node of an imported file, with its place and its path from the document root
/// (`spec.template.spec.containers[0].image`), as the conversion report names it. Built once
/// from Yams's tree so that overrides (Copilot's `environments:`) can be merged keeping
/// every value's own place.
struct SourceNode: Sendable {
    enum Value: Sendable {
        /// `plain` is false for quoted scalars.
        case scalar(String, plain: Bool)
        case mapping([Entry])
        case sequence([SourceNode])
        case null
    }

    struct Entry: Sendable {
        var key: String
        var keyLocation: SourceLocation
        var value: SourceNode
    }

    var value: Value
    var location: SourceLocation
    var path: String
    /// A local tag (`!Ref`, `!Sub`): CloudFormation's short forms.
    var tag: String?

    init(_ node: Node, file: String, path: String) {
        self.path = path
        location = YAMLSupport.location(of: node, file: file)
        let tagName = node.tag.rawValue
        tag = tagName.hasPrefix("!") && !tagName.hasPrefix("!!") ? tagName : nil
        switch node {
        case .scalar(let scalar):
            let plain = scalar.style == .plain || scalar.style == .any
            if plain, tag == nil, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                value = .null
            } else {
                value = .scalar(scalar.string, plain: plain)
            }
        case .mapping(let mapping):
            // YAML merge keys (`<<: *base`, common in Compose files): the merged mappings'
            // entries come after the explicit ones, which win; earlier merged ones win over later.
            var explicit: [Entry] = []
            var merged: [Entry] = []
            for (key, child) in mapping {
                let name = key.string ?? "\(key)"
                let location = YAMLSupport.location(of: key, file: file)
                guard name == "<<", case .scalar(let scalar) = key, scalar.style == .plain || scalar.style == .any else {
                    explicit.append(Entry(key: name, keyLocation: location, value: SourceNode(child, file: file, path: Self.join(path, name))))
                    continue
                }
                let sources: [Node] = child.sequence.map(Array.init) ?? [child]
                for case .mapping(let source) in sources {
                    for (mergedKey, mergedValue) in source {
                        let mergedName = mergedKey.string ?? "\(mergedKey)"
                        guard !merged.contains(where: { $0.key == mergedName }) else { continue }
                        merged.append(Entry(key: mergedName, keyLocation: YAMLSupport.location(of: mergedKey, file: file),
                                            value: SourceNode(mergedValue, file: file, path: Self.join(path, mergedName))))
                    }
                }
            }
            value = .mapping(explicit + merged.filter { entry in !explicit.contains { $0.key == entry.key } })
        case .sequence(let sequence):
            value = .sequence(sequence.enumerated().map { SourceNode($1, file: file, path: "\(path)[\($0)]") })
        case .alias:
            value = .null
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    subscript(key: String) -> SourceNode? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.last { $0.key == key }?.value
    }

    /// The entry of `key`, with the place of the key itself.
    func entry(_ key: String) -> Entry? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.last { $0.key == key }
    }

    var entries: [Entry] {
        if case .mapping(let entries) = value { return entries }
        return []
    }

    var items: [SourceNode] {
        if case .sequence(let items) = value { return items }
        return []
    }

    var isMapping: Bool { if case .mapping = value { return true } else { return false } }
    var isSequence: Bool { if case .sequence = value { return true } else { return false } }
    var isNull: Bool { if case .null = value { return true } else { return false } }

    /// The scalar's text, whatever hides behind it (see `Collector.text` for the checked read).
    var rawText: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    /// A plain `true`/`false`.
    var bool: Bool? { rawText.flatMap(ProfileDecoder.parseBool) }


    /// `override` laid over `self`: mappings merge key by key (recursively), anything else
    /// is replaced; every value keeps the place it was written.
    func overlaid(with override: SourceNode) -> SourceNode {
        guard case .mapping(var mine) = value, case .mapping(let theirs) = override.value else { return override.renamed(to: path) }
        for entry in theirs {
            if let i = mine.firstIndex(where: { $0.key == entry.key }) {
                mine[i].value = mine[i].value.overlaid(with: entry.value)
                mine[i].keyLocation = entry.keyLocation
            } else {
                var added = entry
                added.value = entry.value.renamed(to: Self.join(path, entry.key))
                mine.append(added)
            }
        }
        var merged = self
        merged.value = .mapping(mine)
        return merged
    }

    /// `defaults` filled in under `self` (SAM's `Globals`): keys `self` lacks are added with
    /// their own path and place, mappings both hold are filled recursively.
    func withDefaults(_ defaults: SourceNode) -> SourceNode {
        guard case .mapping(var mine) = value, case .mapping(let theirs) = defaults.value else { return self }
        for entry in theirs {
            if let i = mine.firstIndex(where: { $0.key == entry.key }) {
                mine[i].value = mine[i].value.withDefaults(entry.value)
            } else {
                mine.append(entry)
            }
        }
        var filled = self
        filled.value = .mapping(mine)
        return filled
    }

    /// The same node under another path: an override's values are named by the path they
    /// override, with the environment they came from in their place.
    private func renamed(to newPath: String) -> SourceNode {
        var copy = self
        copy.path = newPath
        switch value {
        case .mapping(let entries):
            copy.value = .mapping(entries.map { entry in
                var e = entry
                e.value = entry.value.renamed(to: Self.join(newPath, entry.key))
                return e
            })
        case .sequence(let items):
            copy.value = .sequence(items.enumerated().map { $1.renamed(to: "\(newPath)[\($0)]") })
        default: break
        }
        return copy
    }
}
