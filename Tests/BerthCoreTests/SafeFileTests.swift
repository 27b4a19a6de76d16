import BerthCore
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `SafeFile` never replaces what is not a regular file, never follows a link, keeps modes and
/// leaves no temporary file behind (issue 15).
final class SafeFileTests: XCTestCase {
    private var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-safe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func write(_ text: String, to path: String) throws {
        let file = try SafeFile.create(path)
        try file.write(Array(text.utf8))
        try file.commit()
    }

    private func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir).sorted() }

    private func type(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o170000 : 0
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    private func read(_ fd: Int32) -> String {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let n = Glibc.read(fd, &bytes, bytes.count)
        return String(decoding: bytes.prefix(max(0, n)), as: UTF8.self)
    }

    func testAFIFOIsWrittenIntoNotReplaced() throws {
        let fifo = dir + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        try write("through the pipe\n", to: fifo)
        XCTAssertEqual(read(reader), "through the pipe\n")
        XCTAssertEqual(type(fifo), 0o010000, "still a FIFO")
        XCTAssertEqual(try entries(), ["pipe"])
    }

    func testADeviceIsWrittenIntoNotReplaced() throws {
        // A null device of our own, so that a regression replaces this node and not /dev/null.
        let device = dir + "/null"
        let nullDevice = dev_t(1 << 8 | 3)  // makedev(1, 3), a macro Swift cannot see
        guard mknod(device, 0o020666, nullDevice) == 0 else { throw XCTSkip("mknod needs root") }
        try write("gone\n", to: device)
        XCTAssertEqual(type(device), 0o020000, "still a character device")
        XCTAssertEqual(try entries(), ["null"])
    }

    func testDescriptorNamesWriteToTheDescriptor() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]); close(ends[1]) }
        try write("to fd\n", to: "/dev/fd/\(ends[1])")
        XCTAssertEqual(read(ends[0]), "to fd\n")
        XCTAssertEqual(Glibc.write(ends[1], "x", 1), 1, "the descriptor itself stays open")
        XCTAssertThrowsError(try SafeFile.create("/dev/fd/987654"))
    }

    func testASymbolicLinkIsRefusedAndLeftAlone() throws {
        let victim = dir + "/victim", link = dir + "/out.csv"
        try "keep\n".write(toFile: victim, atomically: false, encoding: .utf8)
        XCTAssertEqual(symlink(victim, link), 0)
        XCTAssertThrowsError(try write("new\n", to: link)) {
            XCTAssertEqual(($0 as? SafeFileError)?.path, link)
            XCTAssertTrue(($0 as? SafeFileError)?.message.contains("symbolic link") ?? false, "\($0)")
        }
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep\n")
        XCTAssertEqual(type(link), 0o120000)
        // A dangling link would create its target: refused too.
        let dangling = dir + "/dangling"
        XCTAssertEqual(symlink(dir + "/created", dangling), 0)
        XCTAssertThrowsError(try write("new\n", to: dangling))
        XCTAssertEqual(try entries(), ["dangling", "out.csv", "victim"])
        XCTAssertThrowsError(try write("x", to: dir)) { XCTAssertEqual(($0 as? SafeFileError)?.message, "is a folder") }
    }

    func testAReplacedFileKeepsItsMode() throws {
        let path = dir + "/out.csv"
        for old: mode_t in [0o640, 0o604, 0o600] {
            try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
            XCTAssertEqual(chmod(path, old), 0)
            try write("new\n", to: path)
            XCTAssertEqual(mode(path), old)
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new\n")
        }
    }

    func testANewFileHonoursTheUmask() throws {
        let saved = umask(0o022)
        defer { umask(saved) }
        for (mask, expected): (mode_t, mode_t) in [(0o027, 0o640), (0o002, 0o664), (0o077, 0o600)] {
            umask(mask)
            let path = dir + "/new-\(mask)"
            try write("x", to: path)
            XCTAssertEqual(mode(path), expected, "umask \(String(mask, radix: 8))")
        }
    }

    func testAFailedWriteLeavesTheTargetAndNoTemporaryFile() throws {
        let path = dir + "/out.csv"
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        // A full disk, as far as this process can tell: files may not grow past 64 KiB.
        var saved = rlimit()
        getrlimit(RLIMIT_FSIZE_VALUE, &saved)
        var small = saved
        small.rlim_cur = 64 * 1024
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        XCTAssertEqual(setrlimit(RLIMIT_FSIZE_VALUE, &small), 0)
        let file = try SafeFile.create(path)
        XCTAssertEqual(try entries().count, 2, "the temporary file sits beside the target")
        XCTAssertThrowsError(try file.write([UInt8](repeating: 65, count: 128 * 1024))) {
            XCTAssertTrue(($0 as? SafeFileError)?.message.hasPrefix("cannot write: ") ?? false, "\($0)")
        }
        XCTAssertEqual(setrlimit(RLIMIT_FSIZE_VALUE, &saved), 0)
        signal(SIGXFSZ, oldHandler)
        XCTAssertEqual(try entries(), ["out.csv"], "the temporary file went with the failed write")
        XCTAssertThrowsError(try file.commit())
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old\n")
    }

    func testDiscardedOrDroppedOutputAndAFailedRenameLeaveNoTemporaryFile() throws {
        let path = dir + "/out.csv"
        let discarded = try SafeFile.create(path)
        try discarded.write(Array("x".utf8))
        discarded.discard()
        do {
            let dropped = try SafeFile.create(path)
            try dropped.write(Array("x".utf8))
        }
        XCTAssertEqual(try entries(), [])
        // The target turns into a non-empty folder before the rename.
        let renamed = try SafeFile.create(path)
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        XCTAssertThrowsError(try renamed.commit()) {
            XCTAssertTrue(($0 as? SafeFileError)?.message.hasPrefix("cannot replace the file: ") ?? false, "\($0)")
        }
        XCTAssertEqual(try entries(), ["out.csv"])
    }

    func testTemporaryNamesAreUnpredictableAndCreatedExclusively() throws {
        let path = dir + "/out.csv"
        let first = try SafeFile.create(path), second = try SafeFile.create(path)
        let names = try entries()
        XCTAssertEqual(names.count, 2)
        for name in names {
            XCTAssertNotNil(name.range(of: #"^\.out\.csv\.berth-[A-Za-z0-9]{12}$"#, options: .regularExpression), name)
        }
        first.discard()
        second.discard()
        XCTAssertEqual(try entries(), [])
    }

    func testWriteAllReplacesEveryFileOrNone() throws {
        for name in ["a", "b", "c"] { try "old \(name)\n".write(toFile: dir + "/\(name)", atomically: false, encoding: .utf8) }
        try SafeFile.writeAll(["a", "b"].map { (path: dir + "/\($0)", contents: Array("new \($0)\n".utf8)) })
        XCTAssertEqual(try String(contentsOfFile: dir + "/b", encoding: .utf8), "new b\n")
        // The last file is a link: nothing at all is replaced.
        try FileManager.default.removeItem(atPath: dir + "/c")
        XCTAssertEqual(symlink(dir + "/victim", dir + "/c"), 0)
        XCTAssertThrowsError(try SafeFile.writeAll(["a", "b", "c"].map { (path: dir + "/\($0)", contents: Array("newer\n".utf8)) }))
        XCTAssertEqual(try String(contentsOfFile: dir + "/a", encoding: .utf8), "new a\n")
        XCTAssertEqual(try String(contentsOfFile: dir + "/b", encoding: .utf8), "new b\n")
        XCTAssertEqual(try entries(), ["a", "b", "c"], "no temporary file, no victim created")
        // A FIFO is not a file of a folder of files either.
        XCTAssertEqual(mkfifo(dir + "/f", 0o600), 0)
        XCTAssertThrowsError(try SafeFile.writeAll([(path: dir + "/f", contents: [])])) {
            XCTAssertTrue(($0 as? SafeFileError)?.message.hasPrefix("is not a regular file") ?? false, "\($0)")
        }
    }
}

/// `RLIMIT_FSIZE` is an enum case in Glibc's headers, imported with a different type than
/// `setrlimit` takes.
private let RLIMIT_FSIZE_VALUE = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
