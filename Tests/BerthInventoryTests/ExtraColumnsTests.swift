import BerthCore
@testable import BerthInventory
import XCTest

/// Columns and fields that are not profile fields: a near miss is refused with "did you
/// mean", an unrelated one is read as a label (or ignored) with one warning per name, and
/// `strict` refuses both (docs/inventory.md).
final class ExtraColumnsTests: XCTestCase {
    private func openError(_ text: String, format: InventoryFormat = .csv, strict: Bool = false) -> InventoryError? {
        do {
            _ = try Inventory.reader(text: text, name: "inv.csv", format: format, strict: strict)
            return nil
        } catch {
            return error as? InventoryError
        }
    }

    // MARK: The threshold, both sides

    func testNearMissesAreTheSuggestionsWithinATighterBound() {
        // Within the bound: a third of the name, at least 1 edit; a swap is one edit.
        XCTAssertEqual(ProfileSchema.nearMiss(for: "memroy_mib"), "memory_mib")
        XCTAssertEqual(ProfileSchema.nearMiss(for: "vpcu"), "vcpu", "a swapped pair is one edit")
        XCTAssertEqual(ProfileSchema.nearMiss(for: "imgae"), "image")
        XCTAssertEqual(ProfileSchema.nearMiss(for: "memory_gb"), "memory_mib", "2 edits in 9 characters")
        XCTAssertEqual(ProfileSchema.nearMiss(for: "rxgixn"), "region", "2 edits in 6 characters: the bound is 2")
        // A part of a field's name.
        XCTAssertEqual(ProfileSchema.nearMiss(for: "gpus"), "gpu_count")
        XCTAssertEqual(ProfileSchema.nearMiss(for: "cpu"), "vcpu")
        XCTAssertEqual(ProfileSchema.nearMiss(for: "label.team"), "labels.team", "a misspelt map before the dot")
        XCTAssertEqual(ProfileSchema.nearMiss(for: "env.LOG_LEVEL"), "environment.LOG_LEVEL")
        // Over the bound.
        XCTAssertNil(ProfileSchema.nearMiss(for: "rxgxxn"), "3 edits in 6 characters")
        XCTAssertNil(ProfileSchema.nearMiss(for: "rxgin"), "2 edits in 5 characters: under 6 the bound is 1")
        XCTAssertNil(ProfileSchema.nearMiss(for: "owner_email"))
        XCTAssertNil(ProfileSchema.nearMiss(for: "cost_center"))
        for unrelated in ["id", "host", "notes", "team", "tier", "version", "x.y"] {
            XCTAssertNil(ProfileSchema.nearMiss(for: unrelated), unrelated)
        }
        // The looser suggestion for error messages still finds them.
        XCTAssertEqual(ProfileSchema.suggestion(for: "id"), "os")
        XCTAssertEqual(ProfileSchema.suggestion(for: "rxgin"), "region")
        XCTAssertEqual(ProfileSchema.suggestion(for: "label.team"), "labels.team")
    }

    func testEditDistanceCountsASwapOnce() {
        XCTAssertEqual(ProfileSchema.editDistance("vpcu", "vcpu"), 1)
        XCTAssertEqual(ProfileSchema.editDistance("ab", "ba"), 1)
        XCTAssertEqual(ProfileSchema.editDistance("abc", "ca"), 3, "optimal string alignment: no edit of a swapped pair")
        XCTAssertEqual(ProfileSchema.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(ProfileSchema.editDistance("", "os"), 2)
        XCTAssertEqual(ProfileSchema.editDistance("same", "same"), 0)
    }

    // MARK: CSV

    func testANearMissColumnIsStillAnErrorWithDidYouMean() {
        let error = openError("name,memroy_mib\na,1\n")
        XCTAssertEqual(error?.kind, .unknownColumn)
        XCTAssertEqual(error?.location, SourceLocation(file: "inv.csv", line: 1, column: 6))
        XCTAssertEqual(error?.message, "unknown column 'memroy_mib'; did you mean 'memory_mib'?")
        XCTAssertEqual(openError("name,label.team\n")?.message, "unknown column 'label.team'; did you mean 'labels.team'?")
    }

    func testTheBoundSeparatesAnErrorFromALabelByOneEdit() throws {
        // 6 characters: 2 edits from `region` is a near miss, 3 is unrelated.
        XCTAssertEqual(openError("name,rxgixn\n")?.message, "unknown column 'rxgixn'; did you mean 'region'?")
        let reader = try Inventory.reader(text: "name,rxgxxn\na,1\n", name: "inv.csv", format: .csv)
        XCTAssertEqual(try Inventory.readAll(reader).first?.profile?.labels, ["rxgxxn": "1"])
        // Under 6 characters the bound is 1 edit: `imgae` is `image`, `id` is a label.
        XCTAssertEqual(openError("name,imgae\n")?.message, "unknown column 'imgae'; did you mean 'image'?")
        XCTAssertEqual(try Inventory.readAll(Inventory.reader(text: "name,id\na,42\n", name: "inv.csv", format: .csv)).first?.profile?.labels, ["id": "42"])
    }

    func testUnrelatedColumnsAreLabelsWithOneWarningEach() throws {
        let text = "name,owner_email,vcpu,cost_center\nweb,a@example.com,1,cc-12\nworker,,0.5,cc-13\nbatch,b@example.com,2,\n"
        let reader = try Inventory.reader(text: text, name: "inv.csv", format: .csv)
        XCTAssertEqual(reader.warnings.map(\.description), [
            "inv.csv:1:6: extra-column: column 'owner_email' is not a profile field: read as labels.owner_email (--strict refuses it)",
            "inv.csv:1:23: extra-column: column 'cost_center' is not a profile field: read as labels.cost_center (--strict refuses it)",
        ], "known once the header is read")
        let rows = try Inventory.readAll(reader)
        XCTAssertEqual(reader.warnings.count, 2, "one warning per column, not per row")
        XCTAssertEqual(rows.map { $0.profile?.labels }, [
            ["owner_email": "a@example.com", "cost_center": "cc-12"],
            ["cost_center": "cc-13"],
            ["owner_email": "b@example.com"],
        ])
        XCTAssertEqual(rows[0].profile?.vcpu, 1)
    }

    func testAColumnNoLabelKeyCanBeIsIgnored() throws {
        let text = "name,,\u{7}bell,vcpu\na,x,\u{0}binary,2\n"
        let reader = try Inventory.reader(text: text, name: "inv.csv", format: .csv)
        XCTAssertEqual(reader.warnings.map(\.kind), [.extraColumn, .extraColumn])
        XCTAssertEqual(reader.warnings[0].description, "inv.csv:1:6: extra-column: a column with an empty name: ignored (--strict refuses it)")
        XCTAssertTrue(reader.warnings[1].message.hasPrefix("column '\u{7}bell' is not a profile field nor a label key ("), reader.warnings[1].message)
        XCTAssertTrue(reader.warnings[1].message.contains("control character U+0007"), reader.warnings[1].message)
        let rows = try Inventory.readAll(reader)
        let profile = try XCTUnwrap(rows[0].profile, "\(rows[0].result)")
        XCTAssertEqual(profile.labels, [:])
        XCTAssertEqual(profile.vcpu, 2, "the cells of ignored columns are not read, not even a NUL")
    }

    func testAColumnReadAsALabelTwiceIsADuplicate() {
        let error = openError("name,labels.owner,owner\n")
        XCTAssertEqual(error?.kind, .duplicateColumn)
        XCTAssertEqual(error?.location?.column, 19)
        XCTAssertEqual(error?.message, "columns 2 ('labels.owner') and 3 ('owner') are both read as labels.owner")
        XCTAssertEqual(openError("name,owner,owner\n")?.message, "column 'owner' appears twice in the header (columns 2 and 3)")
    }

    func testStrictRefusesUnrelatedColumnsAsBefore() throws {
        let error = openError("name,owner_email\na,x\n", strict: true)
        XCTAssertEqual(error?.kind, .unknownColumn)
        XCTAssertEqual(error?.location?.column, 6)
        XCTAssertEqual(error?.message, "unknown column 'owner_email'; columns are profile field names or labels.KEY (--strict refuses columns that are not profile fields)")
        XCTAssertEqual(openError("name,\n", strict: true)?.message, "the header has an empty column name (--strict refuses columns that are not profile fields)")
        XCTAssertEqual(openError("name,memroy_mib\n", strict: true)?.message, "unknown column 'memroy_mib'; did you mean 'memory_mib'?")
        // Known columns read the same either way.
        let rows = try Inventory.readAll(Inventory.reader(text: "name,labels.team\na,x\n", name: "inv.csv", format: .csv, strict: true))
        XCTAssertEqual(rows[0].profile?.labels, ["team": "x"])
    }

    // MARK: JSON Lines, JSON, YAML

    func testJSONLinesKeysAreTriagedLikeColumns() throws {
        let text = """
            {"name": "a", "owner_email": "a@example.com", "cost": 12}
            {"name": "b", "owner_email": "b@example.com", "memroy_mib": 512}
            {"name": "c", "owner_email": {"nested": true}, "": "x"}
            """
        let reader = try Inventory.reader(text: text, name: "i.jsonl", format: .jsonl)
        XCTAssertEqual(reader.warnings, [], "nothing read yet")
        let rows = try Inventory.readAll(reader)
        XCTAssertEqual(reader.warnings.map(\.description), [
            "i.jsonl:1:15: extra-field: field 'owner_email' is not a profile field: read as labels.owner_email where its value is a scalar, ignored where it is a list or mapping (--strict refuses it)",
            "i.jsonl:1:47: extra-field: field 'cost' is not a profile field: read as labels.cost where its value is a scalar, ignored where it is a list or mapping (--strict refuses it)",
            "i.jsonl:3:48: extra-field: a field with an empty name: ignored (--strict refuses it)",
        ])
        XCTAssertEqual(rows[0].profile?.labels, ["owner_email": "a@example.com", "cost": "12"])
        XCTAssertEqual(rows[1].error?.kind, .unknownField, "a near miss stays an error")
        XCTAssertEqual(rows[1].error?.message, "unknown field 'memroy_mib'; did you mean 'memory_mib'?")
        XCTAssertEqual(rows[2].profile?.labels, [:], "a mapping is no label value: dropped")
    }

    func testJSONArrayAndYAMLKeepExtraFieldsAsLabels() throws {
        let json = try Inventory.reader(text: "[{\"name\": \"a\", \"tier\": \"gold\"},\n {\"name\": \"b\", \"tier\": \"silver\"}]", name: "i.json", format: .json)
        XCTAssertEqual(try Inventory.readAll(json).map { $0.profile?.labels }, [["tier": "gold"], ["tier": "silver"]])
        XCTAssertEqual(json.warnings.map(\.location), [SourceLocation(file: "i.json", line: 1, column: 16)])
        let yaml = try Inventory.reader(text: "- name: a\n  tier: gold\n  vcpu: 1\n- name: b\n  tier: [x]\n", name: "i.yaml", format: .yaml)
        XCTAssertEqual(try Inventory.readAll(yaml).map { $0.profile?.labels }, [["tier": "gold"], [:]])
        XCTAssertEqual(yaml.warnings.map(\.location), [SourceLocation(file: "i.yaml", line: 2, column: 3)])
    }

    func testStrictRefusesExtraFieldsPerRowAsBefore() throws {
        for (format, text) in [(InventoryFormat.jsonl, "{\"name\": \"a\", \"tier\": \"gold\"}\n"),
                               (.json, "[{\"name\": \"a\", \"tier\": \"gold\"}]"),
                               (.yaml, "- name: a\n  tier: gold\n")] {
            let reader = try Inventory.reader(text: text, name: "i", format: format, strict: true)
            let rows = try Inventory.readAll(reader)
            XCTAssertEqual(rows[0].error?.kind, .unknownField, "\(format)")
            XCTAssertEqual(rows[0].error?.message, "unknown field 'tier'", "\(format)")
            XCTAssertEqual(reader.warnings, [], "\(format)")
        }
    }

    func testWarningsStopAtTheLimitWithOneLastLine() throws {
        let rows = (0..<(ExtraFields.warningLimit + 50)).map { "{\"name\": \"s\($0)\", \"extra_\($0)\": \"v\"}" }
        let reader = try Inventory.reader(text: rows.joined(separator: "\n"), name: "i.jsonl", format: .jsonl)
        let read = try Inventory.readAll(reader)
        XCTAssertEqual(reader.warnings.count, ExtraFields.warningLimit + 1)
        XCTAssertEqual(reader.warnings.last?.kind, .moreExtraFields)
        XCTAssertEqual(reader.warnings.last?.location.line, ExtraFields.warningLimit + 1)
        XCTAssertEqual(read.last?.profile?.labels, ["extra_149": "v"], "past the limit, names are still read as labels")
        let header = "name," + (0..<(ExtraFields.warningLimit + 50)).map { "extra_\($0)" }.joined(separator: ",")
        let csv = try Inventory.reader(text: header + "\n", name: "inv.csv", format: .csv)
        XCTAssertEqual(csv.warnings.count, ExtraFields.warningLimit + 1)
        XCTAssertEqual(csv.warnings.last?.description, "inv.csv:1:\(header.range(of: "extra_100")!.lowerBound.utf16Offset(in: header) + 1): more-extra-fields: more than 100 columns are not profile fields; the others are not listed")
    }
}
