import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `--out` and `generate` never replace what is not a regular file, never write through a
/// link, and leave no temporary file behind, even when interrupted (issue 15).
final class SafeWriteCommandTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-write-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private var inventory: String { BerthRunner.packageRoot.appendingPathComponent("data/examples/inventory.csv").path }

    private func entries(_ path: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path ?? folder).sorted()
    }

    func testOutThroughASymbolicLinkIsRefusedWithStatusFour() throws {
        let victim = folder + "/victim.csv", link = folder + "/out.csv"
        try "keep\n".write(toFile: victim, atomically: false, encoding: .utf8)
        XCTAssertEqual(symlink(victim, link), 0)
        let result = try BerthRunner.run(["batch", inventory, "--no-store", "--out", link])
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(link): is a symbolic link"), result.stderr)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep\n")
        XCTAssertEqual(try entries(), ["out.csv", "victim.csv"])
    }

    func testOutIntoAFIFOOrStandardOutputIsAStream() throws {
        let fifo = folder + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        let result = try BerthRunner.run(["batch", inventory, "--no-store", "--format", "csv", "--out", fifo])
        XCTAssertEqual(result.status, 0, result.stderr)
        var bytes = [UInt8](repeating: 0, count: 1 << 16)
        let n = read(reader, &bytes, bytes.count)
        XCTAssertTrue(String(decoding: bytes.prefix(max(0, n)), as: UTF8.self).hasPrefix("name,recommendation,"))
        XCTAssertEqual(try entries(), ["pipe"], "the FIFO is still there, and nothing beside it")
        let dash = try BerthRunner.run(["batch", inventory, "--no-store", "--format", "csv", "--out", "-"])
        XCTAssertTrue(dash.stdout.hasPrefix("name,recommendation,"), dash.stdout)
    }

    func testAnInterruptedBatchLeavesNoTemporaryFile() throws {
        for signal in [SIGTERM, SIGINT] {
            let fifo = folder + "/input-\(signal).csv", out = folder + "/out-\(signal).csv"
            XCTAssertEqual(mkfifo(fifo, 0o600), 0)
            let process = Process()
            process.executableURL = BerthRunner.binary
            process.arguments = ["batch", fifo, "--no-store", "--no-progress", "--format", "csv", "--out", out]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The inventory never ends: berth waits for more rows with its output half written.
            let deadline = Date().addingTimeInterval(60)
            var writer: Int32 = -1
            while writer < 0, process.isRunning, Date() < deadline {
                writer = open(fifo, O_WRONLY | O_NONBLOCK)
                if writer < 0 { Thread.sleep(forTimeInterval: 0.02) }
            }
            defer { if writer >= 0 { close(writer) } }
            XCTAssertGreaterThanOrEqual(writer, 0, "berth never opened the inventory")
            _ = "name,vcpu\nweb,1\n".withCString { write(writer, $0, strlen($0)) }
            func temporary() throws -> [String] { try entries().filter { $0.hasPrefix(".out-\(signal).csv.berth-") } }
            while try temporary().isEmpty, process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            XCTAssertEqual(try temporary().count, 1, "the output's temporary file exists while berth works")
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, "berth dies of the signal, as it would have")
            XCTAssertEqual(process.terminationStatus, signal)
            XCTAssertEqual(try temporary(), [], "signal \(signal) removed the temporary file")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        }
    }

    func testGenerateReplacesAllFilesOrNoneAndNeverWritesThroughALink() throws {
        let out = folder + "/deploy", victim = folder + "/victim"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "keep\n".write(toFile: victim, atomically: false, encoding: .utf8)
        for name in ["README.md", "service.json"] { try "old\n".write(toFile: out + "/" + name, atomically: false, encoding: .utf8) }
        XCTAssertEqual(symlink(victim, out + "/taskdef.json"), 0)
        let refused = try BerthRunner.run(["generate", "data/examples/web-api.yaml", "--out", out])
        XCTAssertEqual(refused.status, 4, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("\(out)/taskdef.json: is a symbolic link"), refused.stderr)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep\n")
        for name in ["README.md", "service.json"] {
            XCTAssertEqual(try String(contentsOfFile: out + "/" + name, encoding: .utf8), "old\n", "\(name) is as it was")
        }
        XCTAssertEqual(try entries(out), ["README.md", "service.json", "taskdef.json"], "no temporary file is left")

        try FileManager.default.removeItem(atPath: out + "/taskdef.json")
        XCTAssertEqual(chmod(out + "/README.md", 0o600), 0)
        let unforced = try BerthRunner.run(["generate", "data/examples/web-api.yaml", "--out", out])
        XCTAssertEqual(unforced.status, 1, "files berth did not write are not overwritten without --force")
        XCTAssertTrue(unforced.stderr.contains("would-overwrite: refusing to overwrite in \(out)/: service.json (berth did not write it), README.md (berth did not write it)"), unforced.stderr)
        let written = try BerthRunner.run(["generate", "data/examples/web-api.yaml", "--out", out, "--force"])
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertNotEqual(try String(contentsOfFile: out + "/README.md", encoding: .utf8), "old\n")
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: out + "/README.md")[.posixPermissions] as? Int), 0o600,
                       "a replaced file keeps its mode")
        XCTAssertEqual(try entries(out), [".berth-manifest.json", "README.md", "express.yaml", "service.json", "taskdef.json", "template.yaml"])
    }
}
