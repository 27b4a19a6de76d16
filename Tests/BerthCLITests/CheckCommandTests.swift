import Foundation
import XCTest

/// `berth check` as CI runs it: exit statuses, `--fail-on`, the baseline.
final class CheckCommandTests: XCTestCase {
    private let inventory = "data/examples/inventory-current.csv"
    private let rules = ["--as-of", "2026-11-26"]

    private func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("berth-check-\(UUID().uuidString)-\(name)").path
    }

    func testTheExampleInventoryFindsMisplacedAndInfeasibleServicesAndFailsOnTheLatter() throws {
        let result = try BerthRunner.run(["check", inventory] + rules)
        XCTAssertEqual(result.status, 1, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("\(inventory):6:1: misplaced (not failing): thumbnailer: runs on fargate; berth recommends lambda/on-demand") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("\(inventory):26:1: infeasible: gpu-inference: fargate cannot run it at 2026-11-26") }, result.stdout)
        XCTAssertEqual(lines.last, "38 services, 18 findings, 5 failing")
        // ECS or EKS decided only by the procedure's last step, the free control plane.
        XCTAssertTrue(lines.contains("\(inventory):26:1: judgement-call (not failing): gpu-inference: ecs-ec2: only the procedure's last preference (step 6 of 6, \"ECS's control plane is free, EKS's is not\") puts it ahead of eks"), result.stdout)
        // Only misplaced findings fail: still 1; judgement calls fail when asked; nothing is unverified.
        XCTAssertEqual(try BerthRunner.run(["check", inventory, "--fail-on", "misplaced"] + rules).status, 1)
        XCTAssertEqual(try BerthRunner.run(["check", inventory, "--fail-on", "judgement-call"] + rules).status, 1)
        XCTAssertEqual(try BerthRunner.run(["check", inventory, "--fail-on", "unverified"] + rules).status, 0)
        // No current_platform column: only what nothing can run.
        let plain = try BerthRunner.run(["check", "data/examples/inventory.csv", "--format", "json"] + rules)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["schema_version"] as? Int, 1)
        let kinds = (json["findings"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        XCTAssertEqual(kinds?.filter { $0 != "judgement-call" }, ["no-platform", "no-platform"])
    }

    func testABaselineSilencesTheFindingsItWasWrittenWith() throws {
        let baseline = temporary("baseline.json")
        defer { try? FileManager.default.removeItem(atPath: baseline) }
        XCTAssertEqual(try BerthRunner.run(["check", inventory, "--write-baseline", baseline] + rules).status, 1)
        let silenced = try BerthRunner.run(["check", inventory, "--baseline", baseline, "--fail-on", "misplaced,infeasible,no-platform"] + rules)
        XCTAssertEqual(silenced.status, 0, silenced.stdout)
        XCTAssertEqual(silenced.stdout, "38 services, 0 findings, 0 failing, 18 silenced by the baseline\n")
        try Data("{\"findings\": 3}".utf8).write(to: URL(fileURLWithPath: baseline))
        let bad = try BerthRunner.run(["check", inventory, "--baseline", baseline] + rules)
        XCTAssertEqual(bad.status, 3)
        XCTAssertTrue(bad.stderr.contains("is not a berth check baseline"), bad.stderr)
    }

    func testARejectedRowFailsTheCheckAndIsNamed() throws {
        let file = temporary("inventory.csv")
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("name,current_platform,current_variant\napi,ecs-ec2,spot\n".utf8).write(to: URL(fileURLWithPath: file))
        let result = try BerthRunner.run(["check", file] + rules)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("\(file):2:13: unknown-value: 'current_variant' spot is not a variant of 'current_platform' ecs-ec2 (it is a variant of fargate)"), result.stderr)
    }

    /// A misplaced service states what moving saves: the recommendation's monthly compute cost
    /// less the current variant's, the same two figures `decide` prices for the profile.
    func testAMisplacedPricedServiceStatesTheMonthlyDifference() throws {
        let file = temporary("priced.csv")
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("name,current_platform,current_variant,vcpu,memory_mib,load_balancer\napi,ecs-ec2,self-managed,1,2048,alb\n".utf8)
            .write(to: URL(fileURLWithPath: file))
        let result = try BerthRunner.run(["check", file, "--format", "json"] + rules)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let misplaced = try XCTUnwrap((report["findings"] as? [[String: Any]])?.first { $0["kind"] as? String == "misplaced" })
        let difference = try XCTUnwrap(misplaced["monthly_difference_usd"] as? Double)

        let decided = try BerthRunner.run(["decide", "-", "--format", "json"] + rules,
                                          stdin: Data("name: api\nvcpu: 1\nmemory_mib: 2048\nload_balancer: alb\n".utf8))
        let decision = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(decided.stdout.utf8)) as? [String: Any])
        let candidates = try XCTUnwrap(decision["candidates"] as? [[String: Any]])
        func monthly(_ platform: String, _ variant: String?) throws -> Double {
            let c = try XCTUnwrap(candidates.first { $0["platform"] as? String == platform })
            let cost = variant.map { v in (c["variants"] as? [[String: Any]])?.first { $0["id"] as? String == v }?["cost"] } ?? c["cost"]
            return try XCTUnwrap((cost as? [String: Any])?["monthly_usd"] as? Double)
        }
        let recommended = try monthly(try XCTUnwrap(decision["recommendation"] as? String), nil)
        let current = try monthly("ecs-ec2", "self-managed")
        XCTAssertEqual(decision["recommendation"] as? String, "fargate")
        XCTAssertEqual(difference, ((recommended - current) * 100).rounded() / 100, accuracy: 0.001)
        XCTAssertTrue((misplaced["message"] as? String)?.contains("a month against") == true)
        // Other kinds never carry one.
        XCTAssertTrue(((report["findings"] as? [[String: Any]]) ?? []).filter { $0["kind"] as? String != "misplaced" }
            .allSatisfy { $0["monthly_difference_usd"] is NSNull })
    }

    /// A folder of Compose, Kubernetes, ECS ... files is checked where each workload is written;
    /// `--current eks` says where the Kubernetes ones run today.
    func testAFolderOfImportFormatsIsCheckedAtEachWorkloadsPlace() throws {
        let result = try BerthRunner.run(["check", "data/examples/import", "--current", "eks", "--format", "json"] + rules)
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["services"] as? Int, 9)
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        let orders = try XCTUnwrap(findings.first { $0["service"] as? String == "orders" && $0["kind"] as? String == "misplaced" })
        XCTAssertEqual(orders["file"] as? String, "data/examples/import/k8s-orders.yaml")
        XCTAssertEqual(orders["line"] as? Int, 4)
        XCTAssertTrue((orders["message"] as? String)?.hasPrefix("runs on eks; berth recommends fargate/on-demand") == true, "\(orders)")
        XCTAssertTrue(result.stderr.contains("data/examples/import/k8s-orders.yaml:23:11: chosen-container:"), "the conversion report: \(result.stderr)")
    }
}

/// Inventory columns that are not profile fields, as `batch` and `check` report them.
final class ExtraColumnCommandTests: XCTestCase {
    private func write(_ name: String, _ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("berth-extra-\(UUID().uuidString)-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testBatchAndCheckWarnOncePerColumnAndStrictRefuses() throws {
        let csv = try write("cmdb.csv", "name,owner_email,vcpu,cost_center\nweb,a@example.com,1,cc-1\napi,b@example.com,0.5,cc-2\nbad,c@example.com,lots,cc-3\n")
        let warnings = [
            "\(csv):1:6: extra-column: column 'owner_email' is not a profile field: read as labels.owner_email (--strict refuses it)",
            "\(csv):1:23: extra-column: column 'cost_center' is not a profile field: read as labels.cost_center (--strict refuses it)",
        ]
        let batch = try BerthRunner.run(["batch", csv, "--no-store", "--format", "csv"])
        XCTAssertEqual(batch.status, 1, "the bad row is rejected; the extra columns are not errors")
        XCTAssertEqual(batch.stderr.split(separator: "\n").map(String.init), warnings + [
            "\(csv):4:19: wrong-type: 'vcpu' must be a number, got \"lots\"",
            "2 decided, 1 rejected",
        ])
        let check = try BerthRunner.run(["check", csv, "--as-of", "2026-11-26"])
        XCTAssertEqual(check.stderr.split(separator: "\n").map(String.init), warnings + ["\(csv):4:19: wrong-type: 'vcpu' must be a number, got \"lots\""])
        for command in [["batch", csv, "--no-store"], ["check", csv]] {
            let strict = try BerthRunner.run(command + ["--strict"])
            XCTAssertEqual(strict.status, 3, strict.stderr)
            XCTAssertEqual(strict.stderr, "\(csv):1:6: unknown-column: unknown column 'owner_email'; columns are profile field names or labels.KEY (--strict refuses columns that are not profile fields)\n")
        }
        let typo = try BerthRunner.run(["batch", try write("typo.csv", "name,memroy_mib\na,512\n"), "--no-store"])
        XCTAssertEqual(typo.status, 3)
        XCTAssertTrue(typo.stderr.hasSuffix(":1:6: unknown-column: unknown column 'memroy_mib'; did you mean 'memory_mib'?\n"), typo.stderr)
    }

    func testJSONLinesWarningsComeOnceAfterTheRows() throws {
        let jsonl = try write("cmdb.jsonl", "{\"name\": \"a\", \"tier\": \"gold\"}\n{\"name\": \"b\", \"tier\": \"silver\"}\n")
        let batch = try BerthRunner.run(["batch", jsonl, "--no-store", "--format", "jsonl"])
        XCTAssertEqual(batch.status, 0, batch.stderr)
        XCTAssertEqual(batch.stderr, """
            \(jsonl):1:15: extra-field: field 'tier' is not a profile field: read as labels.tier where its value is a scalar, ignored where it is a list or mapping (--strict refuses it)
            2 decided, 0 rejected

            """)
    }
}
