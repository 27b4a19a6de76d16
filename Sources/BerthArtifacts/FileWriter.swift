import BerthCore
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a write did: the files written, the files of an earlier skeleton removed, and the
/// ones of an earlier skeleton left in place because they were edited since.
public struct WriteResult: Equatable, Sendable {
    public var written: [String] = []
    public var removed: [String] = []
    public var keptEdited: [String] = []
}

/// The files berth wrote into an output folder, with their SHA-256, kept in the folder as
/// `.berth-manifest.json` (docs/artifacts.md, "Writing"): berth overwrites or removes only
/// files it wrote and nobody changed since.
public struct Manifest: Equatable, Sendable {
    public static let fileName = ".berth-manifest.json"
    public static let version = 1

    /// Relative path -> lowercase hexadecimal SHA-256 of the bytes berth wrote.
    public var files: [String: String]

    public init(files: [String: String] = [:]) { self.files = files }

    public var rendered: String {
        JSONValue.object([
            "berth_manifest": .int(Self.version),
            "files": .object(files.mapValues { .string($0) }),
        ]).rendered()
    }

    /// The manifest's text, or nil when it is not one (the folder is then treated as holding
    /// no file of berth's).
    public static func parse(_ bytes: [UInt8]) -> Manifest? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              object["berth_manifest"] as? Int == version, let files = object["files"] as? [String: String],
              files.allSatisfy({ (try? FileWriter.checkPath($0.key)) != nil && $0.value.count == 64 }) else { return nil }
        return Manifest(files: files)
    }

    public static func sha256(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in SHA256.hash(data: bytes) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Writes generated files into a folder.
public enum FileWriter {
    /// Creates `directory` (and its parents) when missing, then writes every file and the
    /// folder's manifest through `SafeFile.writeAll`: all or none of the files are replaced,
    /// and a reader never sees a half-written one. Then removes the files of the previous
    /// skeleton that this one does not have, when berth wrote them and they are unchanged.
    ///
    /// A file in the way that berth did not write, or that changed since it wrote it, is
    /// refused (`ArtifactError` `would-overwrite`, naming every such file) unless `force`.
    /// Paths must be relative and stay inside the folder (`unsafe-path`); a file or subfolder
    /// in the way that is a symbolic link, or not a regular file or folder, is refused even
    /// with `force` (`SafeFileError`, as are the file system's failures).
    @discardableResult
    public static func write(_ files: [GeneratedFile], to directory: String, force: Bool = false) throws -> WriteResult {
        for file in files {
            try checkPath(file.path)
            if file.path == Manifest.fileName {
                throw ArtifactError(.unsafePath, "refusing to write '\(file.path)': the name is the manifest's")
            }
        }
        let root = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        let manifestPath = root + "/" + Manifest.fileName
        let old = try readManifest(manifestPath)
        var conflicts: [String] = []
        var next = Manifest()
        for file in files {
            let bytes = Array(file.contents.utf8)
            next.files[file.path] = Manifest.sha256(bytes)
            guard let current = try readRegular(root + "/" + file.path) else { continue }
            if Manifest.sha256(current) == next.files[file.path] { continue }  // the same bytes: nothing to lose
            if let recorded = old?.files[file.path] {
                if Manifest.sha256(current) != recorded { conflicts.append("\(file.path) (changed since berth wrote it)") }
            } else {
                conflicts.append("\(file.path) (berth did not write it)")
            }
        }
        if !conflicts.isEmpty, !force {
            throw ArtifactError(.wouldOverwrite, "refusing to overwrite in \(root)/: \(conflicts.joined(separator: ", ")); pass --force to overwrite, or write to another folder")
        }
        // The previous skeleton's files this one does not have: removed when unchanged.
        var result = WriteResult(written: files.map(\.path))
        var stale: [String] = []
        for (path, recorded) in (old?.files ?? [:]).sorted(by: { $0.key < $1.key }) where next.files[path] == nil {
            guard let current = try readRegular(root + "/" + path) else { continue }
            if Manifest.sha256(current) == recorded { stale.append(path) } else { result.keptEdited.append(path) }
        }

        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw SafeFileError(path: root, message: "cannot create the folder: \(Self.whyNotCreated(root))")
        }
        // Subfolders made here: removed again when the files are not written.
        var created: [String] = []
        do {
            for file in files {
                var folder = root
                for part in file.path.split(separator: "/").dropLast() {
                    folder += "/" + part
                    try makeFolder(folder, created: &created)
                }
            }
            try SafeFile.writeAll(files.map { (path: root + "/" + $0.path, contents: Array($0.contents.utf8)) }
                                  + [(path: manifestPath, contents: Array(next.rendered.utf8))])
        } catch {
            for folder in created.reversed() { rmdir(folder) }
            throw error
        }
        for path in stale {
            guard unlink(root + "/" + path) == 0 || errno == ENOENT else {
                throw SafeFileError(path: root + "/" + path, message: "cannot remove the previous skeleton's file: \(String(cString: strerror(errno)))")
            }
            result.removed.append(path)
            // A subfolder the removal emptied goes too (rmdir refuses one that is not empty).
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty, rmdir(root + "/" + parts.joined(separator: "/")) == 0 { parts = parts.dropLast() }
        }
        return result
    }

    /// The folder's manifest; nil when there is none or it is not one.
    private static func readManifest(_ path: String) throws -> Manifest? {
        guard let bytes = try readRegular(path) else { return nil }
        return Manifest.parse(bytes)
    }

    /// A regular file's bytes, nil when there is nothing at `path`. A link or anything but a
    /// regular file is refused, as `SafeFile` would refuse to replace it.
    static func readRegular(_ path: String) throws -> [UInt8]? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SafeFileError(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & 0o170000 {
        case 0o100000: break
        case 0o120000: throw SafeFileError(path: path, message: "is a symbolic link; berth does not write through links (name the file itself)")
        default: throw SafeFileError(path: path, message: "is not a regular file; berth replaces only regular files here")
        }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw SafeFileError(path: path, message: "cannot read: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SafeFileError(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<n])
        }
    }

    /// Why a folder could not be made, in the file system's words rather than Foundation's
    /// ("The operation could not be completed"): a part of the path that is not a folder.
    static func whyNotCreated(_ directory: String) -> String {
        var prefix = directory.hasPrefix("/") ? "" : "."
        for part in directory.split(separator: "/") {
            prefix += "/" + part
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: prefix, isDirectory: &isFolder), !isFolder.boolValue {
                return "\(prefix.hasPrefix("./") ? String(prefix.dropFirst(2)) : prefix) is not a folder"
            }
        }
        return "permission denied or no space"
    }

    /// A subfolder inside the output folder: used if it is a real folder, made if missing.
    private static func makeFolder(_ path: String, created: inout [String]) throws {
        var info = stat()
        if lstat(path, &info) == 0 {
            switch info.st_mode & 0o170000 {
            case 0o040000: return
            case 0o120000: throw SafeFileError(path: path, message: "is a symbolic link; berth does not write through links (name the folder itself)")
            default: throw SafeFileError(path: path, message: "is not a folder")
            }
        }
        guard mkdir(path, 0o777) == 0 else {
            throw SafeFileError(path: path, message: "cannot create the folder: \(String(cString: strerror(errno)))")
        }
        created.append(path)
    }

    static func checkPath(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if path.isEmpty || path.hasPrefix("/") || parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
            || path.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" }) {
            throw ArtifactError(.unsafePath, "refusing to write '\(path)': file paths must be relative and stay inside the output folder")
        }
    }
}
