import BerthCore
@testable import BerthInventory
import XCTest

final class CSVReaderTests: XCTestCase {
    func rows(_ text: String, chunk: Int = 1 << 20) throws -> [InventoryRow] {
        let reader = try Inventory.reader(for: ByteSource(bytes: Array(text.utf8), name: "inv.csv", chunk: chunk), format: .csv)
        return try Inventory.readAll(reader)
    }

    func testReadsFieldsLabelsAndDefaults() throws {
        let rows = try rows("name,memory_mib,os,labels.team,ms_billing\nweb,2048,,payments,true\nworker,,windows,,\n")
        XCTAssertEqual(rows.count, 2)
        let web = try XCTUnwrap(rows[0].profile)
        XCTAssertEqual(web.name, "web")
        XCTAssertEqual(web.memoryMiB, 2048)
        XCTAssertEqual(web.os, .linux)
        XCTAssertFalse(web.given.contains(.os), "an empty cell is a default, not a given value")
        XCTAssertEqual(web.labels, ["team": "payments"])
        XCTAssertTrue(web.msBilling)
        let worker = try XCTUnwrap(rows[1].profile)
        XCTAssertEqual(worker.memoryMiB, 1024)
        XCTAssertEqual(worker.os, .windows)
        XCTAssertEqual(worker.labels, [:])
        XCTAssertEqual(rows.map(\.location.line), [2, 3])
        XCTAssertEqual(rows.map(\.index), [0, 1])
    }

    func testEnvironmentAndSecretsAreOneColumnPerVariable() throws {
        let rows = try rows("name,environment.LOG_LEVEL,secrets.DB_URL,schedule\nweb,info,prod/db,rate(1 hour)\nbad,x,\"a value\",\n")
        let web = try XCTUnwrap(rows[0].profile)
        XCTAssertEqual(web.environment, ["LOG_LEVEL": "info"])
        XCTAssertEqual(web.secrets, ["DB_URL": "prod/db"])
        XCTAssertEqual(web.schedule, "rate(1 hour)")
        guard case .failure(let error) = rows[1].result else { return XCTFail("a secret's value is refused") }
        XCTAssertEqual(error.kind, .invalidSecret)
        XCTAssertEqual(error.field, "secrets.DB_URL")
        XCTAssertThrowsError(try self.rows("name,environment\n")) {
            XCTAssertTrue("\($0)".contains("environment is a map, written one column per key, as environment.KEY"), "\($0)")
        }
    }

    /// A map column's key is checked once, for the column: a key its map refuses still rejects
    /// each row that fills the column, at that row's cell, and an accepted key's values are
    /// still checked row by row.
    func testAMapColumnsKeyIsRefusedInEachRowThatFillsItAndItsValuesAreChecked() throws {
        let rows = try rows("name,environment.1BAD,labels.team\nweb,x,ops\nworker,,ops\ndb,,\u{1}\n")
        guard case .failure(let refused) = rows[0].result else { return XCTFail("the key is refused") }
        XCTAssertEqual(refused.kind, .invalidVariable)
        XCTAssertEqual(refused.field, "environment.1BAD")
        XCTAssertEqual(refused.location, SourceLocation(file: "inv.csv", line: 2, column: 5))
        XCTAssertEqual(try XCTUnwrap(rows[1].profile).labels, ["team": "ops"])
        guard case .failure(let control) = rows[2].result else { return XCTFail("a control character is refused") }
        XCTAssertEqual(control.kind, .controlCharacter)
        XCTAssertEqual(control.field, "labels.team")
        XCTAssertEqual(control.location, SourceLocation(file: "inv.csv", line: 4, column: 5))
    }

    func testQuotedCellsWithCommasQuotesAndNewlinesKeepLineNumbers() throws {
        let text = "name,description\r\n\"a1\",\"one, \"\"two\"\"\r\nthree\"\r\nb2,plain\r\n\r\nc3,\"x\"\n"
        let rows = try rows(text)
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[0].profile?.description, "one, \"two\"\r\nthree")
        XCTAssertEqual(rows[1].profile?.name, "b2")
        XCTAssertEqual(rows[1].profile?.description, "plain", "CRLF is not part of the cell")
        XCTAssertEqual(rows.map(\.location.line), [2, 4, 6], "lines count the newline inside the quoted cell and the blank line")
    }

    func testAQuoteNeverClosedLosesNoRowAndIsReportedWhereItOpens() throws {
        // Issue 15: b's quote swallowed c and d, and the error pointed at d's quotes.
        let stray = "name,description\na,x\nb,\"oops\nc,y\nd,\"z\"\ne,w\nf,v\n"
        let unclosed = "name,description\na,x\nb,\"oops\nc,y\nd,z\ne,w\nf,v\n"
        for (text, reason) in [(stray, "a quote on line 5 is followed by more text"), (unclosed, "it is never closed")] {
            for chunk in [4, 1 << 20] {
                let rows = try rows(text, chunk: chunk)
                XCTAssertEqual(rows.map(\.location.line), [2, 3, 4, 5, 6, 7], "every line is a row, decided or rejected")
                XCTAssertEqual(rows.map { $0.profile?.name }, ["a", nil, "c", "d", "e", "f"])
                XCTAssertEqual(rows[3].profile?.description, "z")
                let error = try XCTUnwrap(rows[1].error)
                XCTAssertEqual(error.kind, .syntax)
                XCTAssertEqual(error.location, SourceLocation(file: "inv.csv", line: 3, column: 3), "at the opening quote, on the row's own line")
                XCTAssertEqual(error.message, "this quoted cell runs over several lines and \(reason) (a '\"' missing?); the lines after this one are read as rows")
            }
        }
        // On the last line there is nothing after it: refused where it opens.
        let last = try rows("name,description\na,x\nb,\"oops")
        XCTAssertEqual(last.map { $0.profile?.name }, ["a", nil])
        XCTAssertEqual(last[1].error?.location, SourceLocation(file: "inv.csv", line: 3, column: 3))
        XCTAssertEqual(last[1].error?.message, "a quoted cell is never closed (missing '\"')")
    }

    func testBlankLinesBeforeTheHeaderAreSkippedAndAFileOfThemIsEmpty() throws {
        for text in ["", "\n\n\r\n", "\u{FEFF}\n"] {
            XCTAssertThrowsError(try rows(text)) {
                XCTAssertEqual(($0 as? InventoryError)?.kind, .empty, text.debugDescription)
            }
        }
        let rows = try rows("\n\nname\nweb\n")
        XCTAssertEqual(rows.map(\.location.line), [4])
        XCTAssertEqual(rows.first?.profile?.name, "web")
    }

    func testByteOrderMarkAndMissingFinalNewline() throws {
        let rows = try rows("\u{FEFF}name,port\nsvc,80")
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].profile?.port, 80)
    }

    func testTinyChunksParseTheSameAsOneBuffer() throws {
        var text = "name,description,memory_mib,labels.team\n"
        for i in 0..<200 {
            text += i % 3 == 0 ? "svc-\(i),\"multi\nline, \"\"quoted\"\" \(i)\",\(i + 1),t\(i)\r\n" : "svc-\(i),plain \(i),\(i + 1),\n"
        }
        let big = try rows(text)
        for chunk in [4, 7, 64] {
            let small = try rows(text, chunk: chunk)
            XCTAssertEqual(small.map(\.location), big.map(\.location), "chunk \(chunk)")
            XCTAssertEqual(small.map(\.profile), big.map(\.profile), "chunk \(chunk)")
        }
        XCTAssertEqual(big.count, 200)
        XCTAssertTrue(big.allSatisfy { $0.profile != nil })
        XCTAssertEqual(big[3].profile?.description, "multi\nline, \"quoted\" 3")
    }

    func testBadRowsAreRejectedWithLineAndFieldAndTheRestAreRead() throws {
        let text = """
            name,memory_mib,trigger,port
            ok-1,512,http,80
            bad-mem,lots,http,80
            bad-trigger,512,websocket,80
            ,512,http,80
            short,512
            ok-2,,,
            Bad_Name,512,http,80
            bad-port,512,http,70000
            """
        let rows = try rows(text)
        XCTAssertEqual(rows.count, 8)
        XCTAssertEqual(rows.compactMap(\.profile).map(\.name), ["ok-1", "ok-2"])
        let errors = rows.compactMap(\.error)
        XCTAssertEqual(errors.map { $0.location?.line }, [3, 4, 5, 6, 8, 9])
        XCTAssertEqual(errors.map(\.field), ["memory_mib", "trigger", "name", nil, "name", "port"])
        XCTAssertEqual(errors.map(\.kind), [.wrongType, .unknownValue, .invalidName, .syntax, .invalidName, .outOfRange])
        XCTAssertEqual(errors[0].location?.column, 9, "the column of the bad cell")
        XCTAssertTrue(errors[1].message.contains("http, event, schedule, worker"), errors[1].message)
        XCTAssertTrue(errors[3].message.contains("2 cells"), errors[3].message)
        XCTAssertEqual(rows.filter { $0.error != nil }.map(\.rejectedName), ["bad-mem", "bad-trigger", nil, "short", "Bad_Name", "bad-port"],
                       "a rejected row keeps the name it was written with; an empty one is none")
    }

    func testMalformedQuotesAreRowErrors() throws {
        let rows = try rows("name,description\na,\"ok\"x\nb,fine\nc,\"never closed\n")
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[0].error?.kind, .syntax)
        XCTAssertEqual(rows[0].error?.location?.line, 2)
        XCTAssertEqual(rows[1].profile?.name, "b")
        XCTAssertEqual(rows[2].error?.kind, .syntax)
        XCTAssertTrue(rows[2].error?.message.contains("never closed") ?? false)
    }

    func testUnreadableFilesThrowBeforeAnyRow() throws {
        func error(_ bytes: [UInt8]) -> InventoryError? {
            do {
                _ = try Inventory.reader(bytes: bytes, name: "x.csv", format: .csv)
                return nil
            } catch {
                return error as? InventoryError
            }
        }
        XCTAssertEqual(error([])?.kind, .empty)
        XCTAssertEqual(error([0x00, 0x01, 0xFF, 0x0A, 0x41])?.kind, .notText)
        XCTAssertEqual(error([0x6E, 0x61, 0xFF, 0xFE, 0x0A])?.kind, .notText)
        let typo = error(Array("name,gpus\na,1\n".utf8))
        XCTAssertEqual(typo?.kind, .unknownColumn)
        XCTAssertEqual(typo?.location?.column, 6)
        XCTAssertTrue(typo?.message.contains("did you mean 'gpu_count'") ?? false, typo?.message ?? "")
        XCTAssertEqual(error(Array("name,os,os\n".utf8))?.kind, .duplicateColumn)
        XCTAssertEqual(error(Array("memory_mib,os\n1,linux\n".utf8))?.kind, .missingNameColumn)
        XCTAssertEqual(error(Array("name,labels\n".utf8))?.kind, .unknownColumn)
        XCTAssertThrowsError(try Inventory.open(path: "/nonexistent/inventory.csv")) {
            XCTAssertEqual(($0 as? InventoryError)?.kind, .unreadable)
        }
        XCTAssertThrowsError(try Inventory.open(path: "/tmp/inventory.txt")) {
            XCTAssertEqual(($0 as? InventoryError)?.kind, .unknownFormat)
        }
    }

    func testInvalidUTF8CellIsARowError() throws {
        var bytes = Array("name,description\na,".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\nb,ok\n".utf8)
        let reader = try Inventory.reader(bytes: bytes, name: "x.csv", format: .csv)
        let rows = try Inventory.readAll(reader)
        XCTAssertEqual(rows[0].error?.kind, .notText)
        XCTAssertEqual(rows[0].error?.field, "description")
        XCTAssertEqual(rows[1].profile?.name, "b")
    }

    func testDigestIsOfTheWholeInput() throws {
        let text = "name\na\nb\n"
        let reader = try Inventory.reader(text: text, name: "x.csv", format: .csv)
        _ = try Inventory.readAll(reader)
        XCTAssertEqual(reader.sha256, "28f46fc77b9b5774b551e01b5b84ce81c1be4c925d0352b5f54aa7ed579aeff7")
        // Fed in pieces smaller than a line, the digest is the same.
        let chunked = try Inventory.reader(for: ByteSource(bytes: Array(text.utf8), name: "x.csv", chunk: 4), format: .csv)
        _ = try Inventory.readAll(chunked)
        XCTAssertEqual(chunked.sha256, reader.sha256)
    }
}

final class OtherFormatTests: XCTestCase {
    func testJSONLinesRowsAndErrors() throws {
        let text = """
            {"name": "a", "memory_mib": 2048, "labels": {"team": "x"}}

            {"name": "b", "ms_billing": "true"}
            not json
            [1, 2]
            {"name": "c", "gpus": 1}
            {"name": "d", "vcpu": 0.25}
            """
        let rows = try Inventory.readAll(Inventory.reader(text: text, name: "i.jsonl", format: .jsonl))
        XCTAssertEqual(rows.count, 6)
        XCTAssertEqual(rows.map(\.location.line), [1, 3, 4, 5, 6, 7])
        XCTAssertEqual(rows[0].profile?.memoryMiB, 2048)
        XCTAssertEqual(rows[0].profile?.labels, ["team": "x"])
        XCTAssertEqual(rows[1].error?.kind, .wrongType, "a quoted \"true\" is a string, as in YAML")
        XCTAssertEqual(rows[1].error?.field, "ms_billing")
        XCTAssertEqual(rows[1].error?.location?.column, 29)
        XCTAssertEqual(rows[2].error?.kind, .syntax)
        XCTAssertEqual(rows[3].error?.kind, .notAMapping)
        XCTAssertEqual(rows[4].error?.kind, .unknownField)
        XCTAssertTrue(rows[4].error?.message.contains("gpu_count") ?? false)
        XCTAssertEqual(rows[5].profile?.vcpu, 0.25)
        XCTAssertEqual(rows.map(\.rejectedName), [nil, "b", nil, nil, "c", nil], "the name a rejected record was written with")
    }

    func testAJSONLinesFileOfBlankLinesIsAsEmptyAsAnEmptyOne() throws {
        for (text, message) in [("", "the inventory is empty"), ("\n  \n\t\r\n", "the inventory has only blank lines"),
                                ("\u{FEFF}\n \n", "the inventory has only blank lines")] {
            for chunk in [4, 1 << 20] {
                XCTAssertThrowsError(try Inventory.reader(for: ByteSource(bytes: Array(text.utf8), name: "i.jsonl", chunk: chunk), format: .jsonl)) {
                    XCTAssertEqual($0 as? InventoryError, InventoryError(.empty, at: SourceLocation(file: "i.jsonl", line: 1), message))
                }
            }
        }
        // Blank lines before the first record keep its line and column, across reads.
        for chunk in [4, 1 << 20] {
            let text = "\n \n\t\n  {\"name\": \"a\", \"vcpu\": \"x\"}\n"
            let rows = try Inventory.readAll(Inventory.reader(for: ByteSource(bytes: Array(text.utf8), name: "i.jsonl", chunk: chunk), format: .jsonl))
            XCTAssertEqual(rows.count, 1)
            XCTAssertEqual(rows[0].location.line, 4)
            XCTAssertEqual(rows[0].error?.location, SourceLocation(file: "i.jsonl", line: 4, column: 25), "the value of vcpu")
        }
    }

    func testJSONLinesSmallChunks() throws {
        let text = (0..<50).map { "{\"name\": \"svc-\($0)\", \"port\": \($0 + 1)}" }.joined(separator: "\r\n")
        let reader = try Inventory.reader(for: ByteSource(bytes: Array(text.utf8), name: "i.jsonl", chunk: 5), format: .jsonl)
        let rows = try Inventory.readAll(reader)
        XCTAssertEqual(rows.compactMap(\.profile).map(\.port), Array(1...50))
        XCTAssertEqual(rows.last?.location.line, 50)
    }

    func testJSONArray() throws {
        let text = """
            [
              {"name": "a", "os": "windows"},
              {"name": "b", "os": "macos"},
              "c"
            ]
            """
        let rows = try Inventory.readAll(Inventory.reader(text: text, name: "i.json", format: .json))
        XCTAssertEqual(rows.map(\.index), [0, 1, 2])
        XCTAssertEqual(rows.map(\.location.line), [2, 3, 4])
        XCTAssertEqual(rows[0].profile?.os, .windows)
        XCTAssertEqual(rows[1].error?.kind, .unknownValue)
        XCTAssertEqual(rows[1].error?.location?.line, 3)
        XCTAssertEqual(rows[2].error?.kind, .notAMapping)
        XCTAssertEqual(rows.map(\.rejectedName), [nil, "b", nil])
        XCTAssertThrowsError(try Inventory.reader(text: "{\"name\": \"a\"}", name: "i.json", format: .json)) {
            XCTAssertEqual(($0 as? InventoryError)?.kind, .notAList)
        }
        XCTAssertThrowsError(try Inventory.reader(text: "[{\"name\": \"a\"},", name: "i.json", format: .json)) {
            XCTAssertEqual(($0 as? InventoryError)?.kind, .syntax)
        }
    }

    func testYAMLList() throws {
        let text = """
            - name: a
              memory_mib: 512
            - name: b
              memory_mib: -1
            - just text
            """
        let rows = try Inventory.readAll(Inventory.reader(text: text, name: "i.yaml", format: .yaml))
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[0].profile?.memoryMiB, 512)
        XCTAssertEqual(rows[1].error?.kind, .outOfRange)
        XCTAssertEqual(rows[1].error?.location?.line, 4)
        XCTAssertEqual(rows[2].error?.kind, .notAMapping)
        XCTAssertEqual(rows.map(\.rejectedName), [nil, "b", nil])
        XCTAssertThrowsError(try Inventory.reader(text: "just a string\n", name: "i.yaml", format: .yaml)) {
            XCTAssertEqual(($0 as? InventoryError)?.kind, .notAList)
        }
        // Profile documents separated by --- are rows too.
        let documents = try Inventory.readAll(Inventory.reader(text: "name: a\n---\nname: b\n", name: "i.yaml", format: .yaml))
        XCTAssertEqual(documents.compactMap(\.profile).map(\.name), ["a", "b"])
    }

    func testAYAMLAliasBombIsRefusedBeforeAnyRowIsRead() {
        // Ten levels of mappings repeating the one before ten times (about 10^10 nodes).
        var lines = ["- name: bomb", "  a0: &a0 {x: 1, y: 1}"]
        for level in 1...9 {
            lines.append("  a\(level): &a\(level) {" + (0..<10).map { "k\($0): *a\(level - 1)" }.joined(separator: ", ") + "}")
        }
        XCTAssertThrowsError(try Inventory.reader(text: lines.joined(separator: "\n"), name: "i.yaml", format: .yaml)) {
            let e = $0 as? InventoryError
            XCTAssertEqual(e?.kind, .syntax)
            XCTAssertEqual(e?.location, SourceLocation(file: "i.yaml", line: 7, column: 16), "the first *a4, which goes over the limit")
        }
    }

    func testAllFormatsGiveTheSameProfiles() throws {
        let csv = "name,vcpu,ms_billing,labels.team\nweb,0.25,true,ops\n"
        let jsonl = "{\"name\":\"web\",\"vcpu\":0.25,\"ms_billing\":true,\"labels\":{\"team\":\"ops\"}}\n"
        let json = "[{\"name\":\"web\",\"vcpu\":0.25,\"ms_billing\":true,\"labels\":{\"team\":\"ops\"}}]"
        let yaml = "- name: web\n  vcpu: 0.25\n  ms_billing: true\n  labels: {team: ops}\n"
        let profiles = try [(csv, InventoryFormat.csv), (jsonl, .jsonl), (json, .json), (yaml, .yaml)].map {
            try Inventory.readAll(Inventory.reader(text: $0.0, name: "i", format: $0.1)).first?.profile
        }
        XCTAssertNotNil(profiles[0])
        for p in profiles { XCTAssertEqual(p, profiles[0]) }
    }

    func testFormatFromExtension() {
        XCTAssertEqual(InventoryFormat.inferred(fromPath: "a/b.CSV"), .csv)
        XCTAssertEqual(InventoryFormat.inferred(fromPath: "x.yml"), .yaml)
        XCTAssertEqual(InventoryFormat.inferred(fromPath: "x.ndjson"), .jsonl)
        XCTAssertNil(InventoryFormat.inferred(fromPath: "dir.csv/file"))
    }
}
