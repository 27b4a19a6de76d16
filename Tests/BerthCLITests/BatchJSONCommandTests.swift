import Foundation
import XCTest

/// A batch JSON row and its outcome say what `decide --format json` says about the same
/// profile, in fewer members: they are a summary of the decision, never a different one.
final class BatchJSONCommandTests: XCTestCase {
    func testEachExampleRowAgreesWithDecide() throws {
        let examples = try FileManager.default.contentsOfDirectory(atPath: "data/examples").filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThan(examples.count, 5)
        for pack in ["current", "talk-2018"] {
            for example in examples {
                let path = "data/examples/\(example)"
                let batch = try BerthRunner.run(["batch", path, "--no-store", "--format", "jsonl", "--rules", pack])
                XCTAssertEqual(batch.status, 0, batch.stderr)
                let lines = batch.stdout.split(separator: "\n")
                XCTAssertEqual(lines.count, 3, "\(path): the run's line, the outcome's and the row")
                let row = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? NSDictionary)
                let outcomeLine = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? NSDictionary)
                let outcome = try XCTUnwrap(outcomeLine["outcome"] as? NSDictionary)
                XCTAssertEqual(row["outcome"] as? Int, 1)
                XCTAssertEqual(outcome["id"] as? Int, 1)
                let decide = try BerthRunner.run(["decide", path, "--format", "json", "--rules", pack])
                XCTAssertEqual(decide.status, 0, decide.stderr)
                let full = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(decide.stdout.utf8)) as? NSDictionary)
                let context = "\(pack) \(example)"
                XCTAssertEqual(row["name"] as? String, full["profile"] as? String, context)
                for key in ["recommendation", "variant"] {
                    XCTAssertEqual(row[key] as? NSObject, full[key] as? NSObject, "\(context): \(key)")
                }
                for key in ["recommendation", "variant", "judgement_call", "decided_by", "assumptions", "undecided", "unverified", "conflicts"] {
                    XCTAssertEqual(outcome[key] as? NSObject, full[key] as? NSObject, "\(context): \(key)")
                }
                let candidates = try XCTUnwrap(full["candidates"] as? [NSDictionary])
                let platforms = try XCTUnwrap(outcome["platforms"] as? [String: NSDictionary])
                let costs = try XCTUnwrap(row["platform_monthly_usd"] as? [String: NSObject])
                for candidate in candidates {
                    let id = try XCTUnwrap(candidate["platform"] as? String)
                    let summary = try XCTUnwrap(platforms[id], "\(context): \(id)")
                    for key in ["eligible", "rank", "variant", "verified", "lost_at"] {
                        XCTAssertEqual(summary[key] as? NSObject, candidate[key] as? NSObject, "\(context): \(id).\(key)")
                    }
                    // Every feasible platform is priced as decide prices its best variant.
                    let cost = (candidate["cost"] as? NSDictionary)?["monthly_usd"] as? NSObject ?? NSNull()
                    XCTAssertEqual(costs[id], cost, "\(context): \(id)'s cost")
                    if id == full["recommendation"] as? String {
                        XCTAssertEqual(row["monthly_usd"] as? NSObject, cost, "\(context): the recommendation's cost")
                    }
                }
            }
        }
    }
}
