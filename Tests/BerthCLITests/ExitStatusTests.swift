import Foundation
import XCTest

/// Every exit status of docs/cli.md, each from a command that means it.
final class ExitStatusTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-exit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func assertStatus(_ status: Int32, _ arguments: [String], stderrContains: String,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try BerthRunner.run(arguments)
        XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(stderrContains), "\(arguments): \(result.stderr)", file: file, line: line)
    }

    func testTheAnswerIsNoExitsOne() throws {
        try assertStatus(1, ["generate", "data/examples/gpu-infer.yaml", "--platform", "fargate", "--out", path("out")],
                         stderrContains: "platform-excluded")
    }

    func testUsageErrorsExitTwo() throws {
        try assertStatus(2, ["decide", "data/examples/web-api.yaml", "--no-such-option"], stderrContains: "--no-such-option")
        try assertStatus(2, ["decide", "data/examples/web-api.yaml", "--format", "yaml"], stderrContains: "--format")
        try assertStatus(2, ["decide", "data/examples/web-api.yaml", "--as-of", "2021-13-01"], stderrContains: "--as-of")
    }

    func testBadInputExitsThree() throws {
        try assertStatus(3, ["decide", "no-such-file.yaml"], stderrContains: "no-such-file.yaml")
        try assertStatus(3, ["rules", "show", "no-such-rule"], stderrContains: "not-found")
    }

    /// A file that is not a database is the environment failing, not bad input: 4, and the
    /// message names the file.
    func testAFileThatIsNotADatabaseExitsFour() throws {
        let notADatabase = path("notes.txt")
        try "these are notes, not SQLite\n".write(toFile: notADatabase, atomically: true, encoding: .utf8)
        for arguments in [["runs", "list"], ["runs", "show", "1"], ["diff", "1", "2"], ["profile", "list"], ["profile", "show", "x"],
                          ["report"], ["batch", "data/examples/inventory.csv", "--format", "csv"],
                          ["profile", "add", "data/examples/web-api.yaml"], ["decide", "stored-name"]] {
            try assertStatus(4, arguments + ["--db", notADatabase], stderrContains: "db-open: \(notADatabase)")
        }
        XCTAssertEqual(try String(contentsOfFile: notADatabase, encoding: .utf8), "these are notes, not SQLite\n", "left as it was")
    }

    func testAFolderThatCannotBeWrittenExitsFour() throws {
        let aFile = path("a-file")
        try "".write(toFile: aFile, atomically: true, encoding: .utf8)
        try assertStatus(4, ["generate", "data/examples/web-api.yaml", "--out", aFile + "/deploy"],
                         stderrContains: "cannot create the folder: \(aFile) is not a folder")

        let db = path("berth.sqlite")
        XCTAssertEqual(try BerthRunner.run(["batch", "data/examples/inventory.csv", "--format", "csv", "--db", db]).status, 0)
        try assertStatus(4, ["report", "--db", db, "--out", aFile + "/report.md"], stderrContains: aFile)
    }
}
