import BerthArtifacts
import BerthCore
import Foundation
import XCTest

final class FileWriterTests: XCTestCase {
    private var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("berth-writer-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: tmp)
    }

    func testWritesFilesCreatingTheFolderAndReplacingOldContent() throws {
        let dir = tmp.appendingPathComponent("deploy/web").path
        try FileWriter.write([GeneratedFile(path: "a.json", contents: "old")], to: dir)
        try FileWriter.write([GeneratedFile(path: "a.json", contents: "{}\n"), GeneratedFile(path: "README.md", contents: "日本語\n")], to: dir)
        XCTAssertEqual(try String(contentsOfFile: dir + "/a.json", encoding: .utf8), "{}\n")
        XCTAssertEqual(try String(contentsOfFile: dir + "/README.md", encoding: .utf8), "日本語\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(names, [Manifest.fileName, "README.md", "a.json"], "no temporary files are left behind")
    }

    func testRefusesPathsOutsideTheFolder() throws {
        for bad in ["../escape.json", "/etc/passwd", "", "a/../../b", "./x", "a//b"] {
            XCTAssertThrowsError(try FileWriter.write([GeneratedFile(path: bad, contents: "x")], to: tmp.path), bad) { error in
                XCTAssertEqual((error as? ArtifactError)?.code, "unsafe-path", bad)
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.deletingLastPathComponent().appendingPathComponent("escape.json").path))
    }

    func testReportsAFolderThatCannotBeCreated() throws {
        let file = tmp.appendingPathComponent("plain-file")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: file)
        XCTAssertThrowsError(try FileWriter.write([GeneratedFile(path: "a.json", contents: "{}")], to: file.path + "/sub")) { error in
            XCTAssertEqual((error as? SafeFileError)?.path, file.path + "/sub")
        }
    }
}

final class ManifestTests: XCTestCase {
    private var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-manifest-\(UUID().uuidString)").path
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func text(_ name: String) throws -> String { try String(contentsOfFile: dir + "/" + name, encoding: .utf8) }
    private func put(_ name: String, _ text: String) throws { try text.write(toFile: dir + "/" + name, atomically: false, encoding: .utf8) }

    func testTheManifestRecordsEveryWrittenFileAndItsSHA256() throws {
        try FileWriter.write([GeneratedFile(path: "a.json", contents: "{}\n"), GeneratedFile(path: "sub/b.yaml", contents: "b\n")], to: dir)
        let manifest = try XCTUnwrap(Manifest.parse(Array(try text(Manifest.fileName).utf8)))
        // sha256sum of "{}\n" and of "b\n".
        XCTAssertEqual(manifest.files, ["a.json": "ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356",
                                        "sub/b.yaml": "0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f"])
    }

    func testAFileBerthDidNotWriteOrThatChangedIsRefusedUnlessForced() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try put("a.json", "mine\n")
        XCTAssertThrowsError(try FileWriter.write([GeneratedFile(path: "a.json", contents: "new\n"), GeneratedFile(path: "b.json", contents: "b\n")], to: dir)) {
            XCTAssertEqual(($0 as? ArtifactError)?.kind, .wouldOverwrite)
            XCTAssertEqual(($0 as? ArtifactError)?.category, .refusal)
            XCTAssertTrue("\($0)".contains("a.json (berth did not write it)"), "\($0)")
        }
        XCTAssertEqual(try text("a.json"), "mine\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/b.json"), "all or nothing")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/" + Manifest.fileName))

        try FileWriter.write([GeneratedFile(path: "a.json", contents: "new\n")], to: dir, force: true)
        XCTAssertEqual(try text("a.json"), "new\n")
        try FileWriter.write([GeneratedFile(path: "a.json", contents: "newer\n")], to: dir)
        XCTAssertEqual(try text("a.json"), "newer\n", "berth wrote it and nobody changed it")

        try put("a.json", "edited\n")
        try put("c.json", "c\n")
        XCTAssertThrowsError(try FileWriter.write([GeneratedFile(path: "a.json", contents: "x\n"), GeneratedFile(path: "c.json", contents: "x\n")], to: dir)) {
            XCTAssertTrue("\($0)".contains("a.json (changed since berth wrote it), c.json (berth did not write it)"), "every conflict at once: \($0)")
        }
        XCTAssertNoThrow(try FileWriter.write([GeneratedFile(path: "a.json", contents: "edited\n")], to: dir), "the same bytes lose nothing")
    }

    func testThePreviousSkeletonsFilesGoOnlyWhenBerthWroteThemUnchanged() throws {
        try FileWriter.write([GeneratedFile(path: "k8s.yaml", contents: "k\n"), GeneratedFile(path: "svc/x.yaml", contents: "x\n"),
                              GeneratedFile(path: "README.md", contents: "r\n"), GeneratedFile(path: "old.md", contents: "o\n")], to: dir)
        try put("old.md", "edited\n")
        try put("mine.txt", "mine\n")
        let result = try FileWriter.write([GeneratedFile(path: "taskdef.json", contents: "{}\n"), GeneratedFile(path: "README.md", contents: "r2\n")], to: dir)
        XCTAssertEqual(result.written, ["taskdef.json", "README.md"])
        XCTAssertEqual(result.removed, ["k8s.yaml", "svc/x.yaml"])
        XCTAssertEqual(result.keptEdited, ["old.md"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(),
                       [Manifest.fileName, "README.md", "mine.txt", "old.md", "taskdef.json"], "the emptied subfolder goes too")
        let manifest = try XCTUnwrap(Manifest.parse(Array(try text(Manifest.fileName).utf8)))
        XCTAssertEqual(manifest.files.keys.sorted(), ["README.md", "taskdef.json"], "an edited file is the user's now")
    }

    func testAManifestNamingPathsOutsideTheFolderIsNoManifest() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let outside = dir + "-outside.txt"
        try "keep\n".write(toFile: outside, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let planted = #"{"berth_manifest": 1, "files": {"../\#(URL(fileURLWithPath: outside).lastPathComponent)": "\#(Manifest.sha256(Array("keep\n".utf8)))"}}"#
        XCTAssertNil(Manifest.parse(Array(planted.utf8)))
        try put(Manifest.fileName, planted)
        try FileWriter.write([GeneratedFile(path: "a.json", contents: "a\n")], to: dir)
        XCTAssertEqual(try String(contentsOfFile: outside, encoding: .utf8), "keep\n")
        for broken in ["", "[]", #"{"berth_manifest": 2, "files": {}}"#, #"{"berth_manifest": 1, "files": {"a": "short"}}"#] {
            XCTAssertNil(Manifest.parse(Array(broken.utf8)), broken)
        }
    }

    func testAManifestThatIsALinkIsRefused() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try put("victim", "keep\n")
        XCTAssertEqual(symlink(dir + "/victim", dir + "/" + Manifest.fileName), 0)
        XCTAssertThrowsError(try FileWriter.write([GeneratedFile(path: "a.json", contents: "a\n")], to: dir)) {
            XCTAssertTrue("\($0)".contains("is a symbolic link"), "\($0)")
        }
        XCTAssertEqual(try text("victim"), "keep\n")
        XCTAssertThrowsError(try FileWriter.write([GeneratedFile(path: Manifest.fileName, contents: "{}")], to: dir))
    }
}
