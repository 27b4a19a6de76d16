import BerthCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes generated files into a folder.
public enum FileWriter {
    /// Creates `directory` (and its parents) when missing, then writes every file through
    /// `SafeFile.writeAll`: all or none of the files are replaced, and a reader never sees a
    /// half-written one. Paths must be relative and stay inside the folder (`ArtifactError`
    /// `unsafe-path`); a file or subfolder in the way that is a symbolic link, or not a regular
    /// file or folder, is refused (`SafeFileError`, as are the file system's failures).
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

    public static func write(_ files: [GeneratedFile], to directory: String) throws {
        for file in files { try checkPath(file.path) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SafeFileError(path: directory, message: "cannot create the folder: \(Self.whyNotCreated(directory))")
        }
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
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
            try SafeFile.writeAll(files.map { (path: root + "/" + $0.path, contents: Array($0.contents.utf8)) })
        } catch {
            for folder in created.reversed() { rmdir(folder) }
            throw error
        }
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
