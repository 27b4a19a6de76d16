import BerthCore
@testable import BerthImport
import BerthInventory
import Foundation
import XCTest

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func importing(_ text: String, file: String = "in.yaml", _ options: ImportOptions = ImportOptions()) -> ImportResult {
    Importer.run(text: text, file: file, options: options)
}

extension ImportResult {
    func profile(_ name: String) throws -> Profile {
        try XCTUnwrap(workloads.first { $0.profile.name == name }?.profile, "no workload \(name) in \(workloads.map(\.profile.name)); errors \(errors)")
    }
    func notes(_ kind: ImportNote.Kind) -> [ImportNote] { notes.filter { $0.kind == kind } }
    /// The report as the CLI prints it, in order.
    var report: String { (notes.map(\.description) + errors.map(\.description)).joined(separator: "\n") }
}

extension Profile {
    func rule(_ field: ProfileField) -> String? {
        if case .imported(_, let rule) = source(of: field) { return rule }
        return nil
    }
    func place(_ field: ProfileField) -> String? {
        if case .imported(let at, _) = source(of: field) { return at.description }
        return nil
    }
}

/// The imported profiles and conversion report of each file of data/examples/import, byte
/// for byte. `BERTH_UPDATE_GOLDEN=1` rewrites them.
final class ImportGoldenTests: XCTestCase {
    func testEachExampleImportsAsItsGoldenFile() throws {
        let folder = packageRoot.appendingPathComponent("data/examples/import")
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        let files = Importer.files(under: folder.path)
        XCTAssertEqual(files.count, 6, "one file of each format")
        var formats = Set<ImportFormat>()
        for path in files {
            let name = URL(fileURLWithPath: path).lastPathComponent
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let result = importing(text, file: name)
            XCTAssertEqual(result.errors, [], name)
            formats.formUnion(result.workloads.map(\.format))
            let output = ImportWriter.render(result.workloads, as: .yaml) + "# report\n" + result.report + "\n"
            let file = golden.appendingPathComponent(name + ".txt")
            if ProcessInfo.processInfo.environment["BERTH_UPDATE_GOLDEN"] == "1" { try output.write(to: file, atomically: true, encoding: .utf8) }
            XCTAssertEqual(output, try String(contentsOf: file, encoding: .utf8), "\(name) differs; BERTH_UPDATE_GOLDEN=1 if intended")
        }
        XCTAssertEqual(formats, Set(ImportFormat.allCases))
    }

    func testTheYAMLStreamReadsBackAsTheSameProfiles() throws {
        let result = Importer.run(paths: [packageRoot.appendingPathComponent("data/examples/import").path])
        XCTAssertEqual(result.workloads.count, 9)
        let stream = ImportWriter.render(result.workloads, as: .yaml)
        let documents = try YAMLSupport.composeAll(stream, file: "stream.yaml")
        XCTAssertEqual(documents.count, 9)
        for (document, workload) in zip(documents, result.workloads) {
            guard case .mapping(let mapping) = document else { return XCTFail("not a mapping") }
            let back = try ProfileDecoder.decode(YAMLSupport.entries(of: mapping, file: "stream.yaml"), origin: SourceLocation(file: "stream.yaml", line: 1))
            XCTAssertEqual(back.given, workload.profile.given.union(name: true), workload.profile.name)
            for field in ProfileField.allCases { XCTAssertEqual(back.value(of: field), workload.profile.value(of: field), "\(workload.profile.name).\(field)") }
        }
    }
}

final class InventoryOutputTests: XCTestCase {
    func testCSVAndJSONLinesReadBackAsTheSameProfiles() throws {
        var result = Importer.run(paths: [packageRoot.appendingPathComponent("data/examples/import").path])
        // Text a CSV cell must quote, in a field every format carries.
        result.workloads[0].profile.description = "a, \"quoted\"\nline"
        result.workloads[0].profile.given.insert(.description)
        result.workloads[0].profile.labels = ["team": "=shop"]
        for format in [ImportOutputFormat.csv, .jsonl] {
            let text = ImportWriter.render(result.workloads, as: format)
            let rows = try Inventory.readAll(try Inventory.reader(text: text, name: "out", format: format == .csv ? .csv : .jsonl))
            XCTAssertEqual(rows.count, result.workloads.count, "\(format)")
            for (row, workload) in zip(rows, result.workloads) {
                let back = try XCTUnwrap(row.profile, "\(format): \(String(describing: row.error))")
                for field in ProfileField.allCases {
                    XCTAssertEqual(back.value(of: field), workload.profile.value(of: field), "\(format) \(workload.profile.name).\(field)")
                }
                XCTAssertEqual(back.labels, workload.profile.labels)
            }
        }
    }
}

extension FieldSet {
    /// The set as the decoder fills it: `name` is recorded as given only through entries.
    func union(name: Bool) -> FieldSet { var copy = self; if name { copy.insert(.name) }; return copy }
}

final class QuantityTests: XCTestCase {
    func testEveryKubernetesQuantityForm() {
        let cases: [(String, Double)] = [
            ("500m", 0.5), ("2", 2), ("0.25", 0.25), ("1.5", 1.5), ("+3", 3), ("100n", 100e-9), ("10u", 10e-6),
            ("1k", 1e3), ("1M", 1e6), ("1G", 1e9), ("1T", 1e12), ("1P", 1e15), ("1E", 1e18),
            ("1Ki", 1024), ("128Mi", 128 * 1_048_576), ("1Gi", 1_073_741_824), ("1Ti", 0x1p40), ("1Pi", 0x1p50), ("1Ei", 0x1p60),
            ("1e3", 1000), ("1E3", 1000), ("5e-1", 0.5), ("2e+2", 200), (".5", 0.5),
        ]
        for (text, value) in cases { XCTAssertEqual(Quantity.parse(text), value, text) }
    }

    func testNonQuantitiesAreRefused() {
        for text in ["2x", "", "Mi", "1.2.3", "e3", "1Mi2", "1mi", "1 Gi", "1e", "1e-", "0x10", "1KiB", "--1"] {
            XCTAssertNil(Quantity.parse(text), text)
        }
    }

    func testByteSizesAndRounding() {
        XCTAssertEqual(ByteSize.parse(compose: "512m"), 512 * 1_048_576)
        XCTAssertEqual(ByteSize.parse(compose: "1GB"), 1_073_741_824)
        XCTAssertEqual(ByteSize.parse(compose: "300k"), 300 * 1024)
        XCTAssertEqual(ByteSize.parse(compose: "2048"), 2048)
        XCTAssertNil(ByteSize.parse(compose: "2x"))
        XCTAssertNil(ByteSize.parse(compose: "m"))
        XCTAssertEqual(ByteSize.mebibytes(1_048_576), 1)
        XCTAssertEqual(ByteSize.mebibytes(1_048_577), 2, "a limit is rounded up, never down")
        XCTAssertEqual(ByteSize.mebibytes(2e9), 1908)
    }

    func testDurations() {
        XCTAssertEqual(Duration.seconds("1h30m"), 5400)
        XCTAssertEqual(Duration.seconds("45s"), 45)
        XCTAssertEqual(Duration.seconds("90"), 90)
        XCTAssertEqual(Duration.seconds("1500ms"), 2)
        XCTAssertNil(Duration.seconds("1d"))
        XCTAssertNil(Duration.seconds("h"))
    }

    func testLambdaCPUFollowsMemory() {
        XCTAssertEqual(Lambda.vcpu(memoryMB: 1769), 1)
        XCTAssertEqual(Lambda.vcpu(memoryMB: 1024), 0.579)
        XCTAssertEqual(Lambda.vcpu(memoryMB: 10_239), 5.788)
        XCTAssertEqual(Lambda.vcpu(memoryMB: 10_240), 6, "6 vCPU at the maximum, not the linear 5.79")
    }

    func testNamesBecomeDNSLabels() {
        XCTAssertEqual(WorkloadName.label(for: "HelloWorldFunction"), "hello-world-function")
        XCTAssertEqual(WorkloadName.label(for: "my_service"), "my-service")
        XCTAssertEqual(WorkloadName.label(for: "web"), "web")
        XCTAssertEqual(WorkloadName.label(for: "2048-game"), "w-2048-game")
        XCTAssertEqual(WorkloadName.label(for: String(repeating: "a", count: 70)), String(repeating: "a", count: 63))
        XCTAssertNil(WorkloadName.label(for: "___"))
        XCTAssertNil(WorkloadName.label(for: "日本"))
    }
}

final class DetectionTests: XCTestCase {
    func testFormatsAreToldByContentNotName() {
        let texts: [(String, ImportFormat?)] = [
            ("services: {web: {image: nginx}}", .compose),
            ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: nginx}]}", .kubernetes),
            (#"{"family": "f", "containerDefinitions": [{"name": "a", "image": "nginx"}]}"#, .ecs),
            (#"{"taskDefinition": {"family": "f", "containerDefinitions": []}}"#, .ecs),
            ("name: api\ntype: Backend Service\n", .copilot),
            ("Resources: {F: {Type: AWS::Lambda::Function}}", .cloudformation),
            ("service: s\nprovider: {name: aws}\n", .serverless),
            ("name: web\nvcpu: 1\n", nil),
            ("- name: web\n", nil),
        ]
        for (text, format) in texts {
            let documents = try! Importer.documents(text, file: "x.yaml")
            XCTAssertEqual(ImportFormat.detect(documents), format, text)
        }
    }

    func testFromForcesTheFormat() {
        let result = importing("services: {web: {image: nginx}}", ImportOptions(from: .kubernetes))
        XCTAssertEqual(result.workloads.count, 0)
        XCTAssertEqual(result.errors.map(\.code), ["missing-key"], "read as Kubernetes, it has no apiVersion and kind")
    }

    func testANamedFileOfNoFormatIsAnErrorAndAWalkedOneANote() throws {
        XCTAssertEqual(importing("name: web\n").errors.map(\.code), ["unknown-format"])
        let folder = try temporaryFolder()
        try "name: web\n".write(toFile: folder + "/profile.yaml", atomically: true, encoding: .utf8)
        let walked = Importer.run(paths: [folder])
        XCTAssertEqual(walked.errors, [])
        XCTAssertEqual(walked.notes.map(\.kind), [.ignoredFile])
    }
}

func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "berth-import-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
