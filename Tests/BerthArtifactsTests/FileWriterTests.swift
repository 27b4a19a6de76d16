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
        XCTAssertEqual(names, ["README.md", "a.json"], "no temporary files are left behind")
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
