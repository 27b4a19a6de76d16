import BerthCore
import BerthInventory
import Crypto
import Foundation
import Yams

public struct ImportOptions: Sendable {
    /// The format to read every file as (`--from`); nil: by content.
    public var from: ImportFormat?
    /// Copilot's `environments:` override to apply (`--environment`).
    public var environment: String?
    /// Where workloads run today, for formats that do not say (`--current eks`).
    public var current: Platform?
    /// Larger files are refused (`too-large`) before they are read.
    public var maxFileBytes = 8 << 20

    public init(from: ImportFormat? = nil, environment: String? = nil, current: Platform? = nil) {
        self.from = from
        self.environment = environment
        self.current = current
    }
}

/// What an import produced: the workloads in file order, the conversion report and the
/// errors (each skipped a file or a workload).
public struct ImportResult: Sendable {
    public var workloads: [ImportedWorkload] = []
    public var notes: [ImportNote] = []
    public var errors: [ImportError] = []
    /// Files read as one of the formats.
    public var filesImported = 0
    /// SHA-256 (hex) over every file read, each as its path, a NUL and its bytes.
    public var sha256 = ""

    /// Something was skipped: the documented exit status 1.
    public var skippedAny: Bool { !errors.isEmpty }
}

public enum Importer {
    /// Folders never walked into: version control, dependencies, Terraform's cache.
    public static let skippedFolders: Set<String> = [".git", "node_modules", "vendor", ".terraform"]
    /// File names a folder walk reads; a file named on the command line is read whatever its name.
    public static let walkedExtensions: Set<String> = ["yaml", "yml", "json"]

    /// Imports files and folders (recursively, in name order). A file named here that is
    /// none of the formats is an error; one found in a folder is noted and left.
    public static func run(paths: [String], options: ImportOptions = ImportOptions()) -> ImportResult {
        var result = ImportResult()
        var hasher = SHA256()
        var names: [String: ImportedWorkload] = [:]
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                for file in files(under: path) {
                    importFile(file, named: false, options: options, into: &result, hasher: &hasher, names: &names)
                }
            } else {
                importFile(path, named: true, options: options, into: &result, hasher: &hasher, names: &names)
            }
        }
        result.sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return result
    }

    /// Imports text held in memory as if it were the file `file` (tests, standard input).
    public static func run(text: String, file: String, options: ImportOptions = ImportOptions()) -> ImportResult {
        var result = ImportResult()
        var names: [String: ImportedWorkload] = [:]
        importText(text, file: file, named: true, options: options, into: &result, names: &names)
        return result
    }

    /// The format of a file by content, or nil when it is none of them or cannot be read
    /// (`berth decide` then reads it as a profile, which reports why).
    public static func recognize(path: String, options: ImportOptions = ImportOptions()) -> ImportFormat? {
        if let from = options.from { return from }
        guard let data = try? read(path, limit: options.maxFileBytes), let text = try? YAMLSupport.text(from: data, file: path),
              let nodes = try? YAMLSupport.composeAll(text, file: path) else { return nil }
        return recognize(nodes, file: path)
    }

    /// The import format of a file's documents composed already (`YAMLSupport.composeAll`), if any.
    public static func recognize(_ nodes: [Node], file: String) -> ImportFormat? {
        ImportFormat.detect(documents(nodes, file: file))
    }

    /// The files a folder walk reads, sorted; symbolic links are not followed.
    public static func files(under folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder)
        let keys: [URLResourceKey] = [.isDirectoryKey, .isRegularFileKey, .isSymbolicLinkKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else { return [] }
        var found: [String] = []
        let prefix = root.standardizedFileURL.path
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: Set(keys))
            if values?.isSymbolicLink == true { continue }
            if values?.isDirectory == true {
                if skippedFolders.contains(url.lastPathComponent) { walker.skipDescendants() }
                continue
            }
            guard values?.isRegularFile == true, walkedExtensions.contains(url.pathExtension.lowercased()) else { continue }
            // Named as the user would: the folder as given, then the path inside it.
            let inside = url.standardizedFileURL.path.dropFirst(prefix.count).drop { $0 == "/" }
            found.append(folder.hasSuffix("/") ? folder + inside : folder + "/" + inside)
        }
        return found.sorted()
    }

    private static func read(_ path: String, limit: Int) throws -> Data {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw ImportError(.unreadable, at: .file(path), "no such file")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw ImportError(.unreadable, at: .file(path), "not a regular file (a folder, device or pipe)")
        }
        if let size = attributes[.size] as? Int, size > limit {
            throw ImportError(.tooLarge, at: .file(path), "\(size) bytes; files of more than \(limit) bytes are not imported")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError(.unreadable, at: .file(path), "cannot read the file (permissions?)")
        }
        defer { try? handle.close() }
        // Read one byte past the limit: a file that grew after the check is still refused.
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        if data.count > limit {
            throw ImportError(.tooLarge, at: .file(path), "more than \(limit) bytes; not imported")
        }
        return data
    }

    static func documents(_ text: String, file: String) throws -> [SourceNode] {
        documents(try YAMLSupport.composeAll(text, file: file), file: file)
    }

    private static func documents(_ nodes: [Node], file: String) -> [SourceNode] {
        nodes.map { SourceNode($0, file: file, path: "") }.filter { !$0.isNull }
    }

    private static func importFile(_ path: String, named: Bool, options: ImportOptions, into result: inout ImportResult,
                                   hasher: inout SHA256, names: inout [String: ImportedWorkload]) {
        let data: Data
        do {
            data = try read(path, limit: options.maxFileBytes)
        } catch let error as ImportError {
            result.errors.append(error)
            return
        } catch {
            result.errors.append(ImportError(.unreadable, at: .file(path), "\(error)"))
            return
        }
        hasher.update(data: Data(path.utf8) + Data([0]) + data)
        // A `.json` file is JSON (RFC 8259), as profile files are: a trailing comma or a
        // comment, which the YAML reader would let through, is an error at its place.
        if path.lowercased().hasSuffix(".json") {
            do {
                try StrictJSON.check(data, file: path)
            } catch let error as LocatedError {
                result.errors.append(ImportError(.syntax, at: error.location, error.message))
                return
            } catch {
                result.errors.append(ImportError(.syntax, at: .file(path), "\(error)"))
                return
            }
        }
        let text: String
        do {
            text = try YAMLSupport.text(from: data, file: path)
        } catch {
            let location = (error as? ProfileError)?.location ?? .file(path)
            if named {
                result.errors.append(ImportError(.notText, at: location, (error as? ProfileError)?.message ?? "\(error)"))
            } else {
                result.notes.append(ImportNote(.ignoredFile, at: location, "not UTF-8 text; not read"))
            }
            return
        }
        importText(text, file: path, named: named, options: options, into: &result, names: &names)
    }

    private static func importText(_ text: String, file: String, named: Bool, options: ImportOptions,
                                   into result: inout ImportResult, names: inout [String: ImportedWorkload]) {
        let documents: [SourceNode]
        do {
            documents = try self.documents(text, file: file)
        } catch let error as ProfileError {
            result.errors.append(ImportError(.syntax, at: error.location, error.message))
            return
        } catch {
            result.errors.append(ImportError(.syntax, at: SourceLocation(file: file, line: 1), "\(error)"))
            return
        }
        guard let format = options.from ?? ImportFormat.detect(documents) else {
            let list = ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")
            if named {
                result.errors.append(ImportError(.unknownFormat, at: SourceLocation(file: file, line: 1),
                                                 "none of the formats berth imports (\(list)); name one with --from"))
            } else {
                result.notes.append(ImportNote(.ignoredFile, at: SourceLocation(file: file, line: 1), "none of the formats berth imports; not read"))
            }
            return
        }
        result.filesImported += 1
        let collector = Collector(options: options, format: format)
        let drafts = format.importer.drafts(from: documents, collector: collector)
        for draft in drafts where !draft.failed {
            guard let name = WorkloadName.label(for: draft.sourceName) else {
                collector.error(.invalidName, at: draft.origin, "'\(Shown.text(draft.sourceName))' cannot be made a DNS-1123 label")
                continue
            }
            if name != draft.sourceName {
                collector.note(.renamed, at: draft.origin, workload: name, "'\(Shown.text(draft.sourceName))' is named '\(name)' (a DNS-1123 label)")
            }
            if let current = options.current, !format.namesPlatform, !draft.has(.currentPlatform) {
                draft.set(.currentPlatform, current.id, at: draft.origin, rule: "--current \(current.id) -> current_platform \(current.id)")
            }
            guard let profile = draft.profile(named: name, collector: collector) else { continue }
            let workload = ImportedWorkload(profile: profile, format: format, origin: draft.origin, sourceName: draft.sourceName)
            if let earlier = names[name] {
                collector.error(.duplicateName, at: draft.origin,
                                "'\(Shown.text(draft.sourceName))' (\(draft.origin)) and '\(Shown.text(earlier.sourceName))' (\(earlier.origin)) both become '\(name)'; rename one; the first is kept")
                continue
            }
            names[name] = workload
            result.workloads.append(workload)
        }
        result.notes += collector.notes
        result.errors += collector.errors
    }
}
