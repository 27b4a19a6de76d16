import Foundation
import XCTest

/// A folder of rules reads the bundled catalog as the build compiled it: a copy of the
/// built-in rules decides every example profile as the built-in pack does, with the same
/// reasons (their messages and sources carry catalog values and their sources).
final class CompiledPackCommandTests: XCTestCase {
    func testAFolderCopyOfTheBuiltInRulesDecidesAsTheBuiltInPack() throws {
        let root = BerthRunner.packageRoot
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("berth-compiled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let common = root.appendingPathComponent("rules/common")
        for name in try FileManager.default.contentsOfDirectory(atPath: common.path) where name.hasSuffix(".yaml") {
            try FileManager.default.copyItem(at: common.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let examples = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("data/examples").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertFalse(examples.isEmpty)
        for example in examples {
            let path = "data/examples/\(example)"
            func decided(_ pack: String) throws -> [String: Any] {
                let result = try BerthRunner.run(["decide", path, "--format", "json", "--rules", pack, "--as-of", "2026-11-26"])
                XCTAssertEqual(result.status, 0, "\(example): \(result.stderr)")
                return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], example)
            }
            var builtin = try decided("current"), copy = try decided(folder.path)
            XCTAssertEqual((copy["rules"] as? [String: Any])?["pack"] as? String, folder.lastPathComponent, example)
            builtin["rules"] = nil
            copy["rules"] = nil
            XCTAssertEqual(NSDictionary(dictionary: copy), NSDictionary(dictionary: builtin), example)
        }
    }
}
