import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes generated files into a folder.
public enum FileWriter {
    /// Creates `directory` (and its parents) when missing, then writes every file atomically:
    /// all contents go to temporary files in their final folder first, then each is renamed
    /// over its destination, so a reader never sees a half-written file. Paths must be
    /// relative and stay inside the folder. Throws `ArtifactError` (`unsafe-path`, `write-failed`).
    public static func write(_ files: [GeneratedFile], to directory: String) throws {
        for file in files { try checkPath(file.path) }
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw ArtifactError(.writeFailed, "cannot create the folder \(directory): \(error.localizedDescription)")
        }
        var staged: [(tmp: URL, dest: URL)] = []
        defer {
            for s in staged where fm.fileExists(atPath: s.tmp.path) { try? fm.removeItem(at: s.tmp) }
        }
        let pid = ProcessInfo.processInfo.processIdentifier
        for (i, file) in files.enumerated() {
            let dest = root.appendingPathComponent(file.path)
            let folder = dest.deletingLastPathComponent()
            let tmp = folder.appendingPathComponent(".\(dest.lastPathComponent).berth-tmp-\(pid)-\(i)")
            do {
                try fm.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: tmp)
            } catch {
                throw ArtifactError(.writeFailed, "cannot write \(dest.path): \(error.localizedDescription)")
            }
            staged.append((tmp, dest))
        }
        for s in staged {
            if rename(s.tmp.path, s.dest.path) != 0 {
                let reason = String(cString: strerror(errno))
                throw ArtifactError(.writeFailed, "cannot move \(s.tmp.path) to \(s.dest.path): \(reason)")
            }
        }
    }

    static func checkPath(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if path.isEmpty || path.hasPrefix("/") || parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
            || path.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" }) {
            throw ArtifactError(.unsafePath, "refusing to write '\(path)': file paths must be relative and stay inside the output folder")
        }
    }
}
