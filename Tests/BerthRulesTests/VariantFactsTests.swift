@testable import BerthRules
import BerthCore
import Foundation
import XCTest

/// data/variants.yaml: every variant states every capability, in the catalog format, with the
/// dated history of aws-facts.md (revised 2026-12-01).
final class VariantFactsTests: XCTestCase {
    static let prefixes = [
        "lambda_on_demand", "lambda_managed_instances", "fargate_on_demand", "fargate_spot",
        "ecs_ec2_self_managed", "ecs_ec2_managed_instances", "ecs_ec2_anywhere",
        "eks_ec2_nodes", "eks_auto_mode", "eks_fargate", "eks_hybrid_nodes",
    ]

    /// Capabilities every prefix states, with their types.
    static let capabilities: [(String, ValueKind)] = [
        ("available", .bool), ("linux_x86_64", .bool), ("linux_arm64", .bool),
        ("windows_x86_64", .bool), ("windows_arm64", .bool), ("gpu", .bool), ("gpu_windows", .bool),
        ("privileged", .bool), ("exec", .bool), ("spot", .bool), ("reserved_instances", .bool),
        ("savings_plans", .bool), ("alb", .bool), ("nlb", .bool), ("clb", .bool), ("onprem", .bool),
        ("long_running", .bool), ("unbounded_duration", .bool), ("unbounded_size", .bool),
        ("unbounded_storage", .bool), ("aws_managed_instances", .bool),
    ]

    /// Limits a prefix must state wherever the matching `unbounded_*` is not true.
    static let limits: [(flag: String, keys: [(String, ValueKind)])] = [
        ("unbounded_duration", [("max_duration_seconds", .int)]),
        ("unbounded_size", [("max_vcpu", .double), ("max_memory_mib", .int)]),
        ("unbounded_storage", [("max_ephemeral_storage_gib", .int)]),
    ]

    /// Every other key the file may hold, with its type.
    static let optional: [String: ValueKind] = [
        "http_direct_max_duration_seconds": .int, "mib_per_vcpu": .int,
        "windows_max_vcpu": .double, "windows_max_memory_mib": .int, "windows_max_ephemeral_storage_gib": .int,
    ]

    /// Launch day and the day before it.
    static let launches = [
        "lambda_managed_instances": ("2025-11-30", "2025-11-29"), "fargate_spot": ("2019-12-01", "2019-11-30"),
        "ecs_ec2_managed_instances": ("2025-09-30", "2025-09-29"), "ecs_ec2_anywhere": ("2021-05-01", "2021-04-30"),
        "eks_auto_mode": ("2024-12-01", "2024-11-30"), "eks_fargate": ("2019-12-01", "2019-11-30"),
        "eks_hybrid_nodes": ("2024-12-01", "2024-11-30"),
    ]

    static let dates = [
        "2018-08-03", "2018-11-25", "2018-11-26", "2019-12-01", "2020-04-01", "2020-12-01", "2021-04-01",
        "2021-10-01", "2021-11-01", "2022-09-01", "2024-12-01", "2025-09-30", "2025-11-30", "2026-06-01", "2026-12-01",
    ]

    func catalog() throws -> Catalog {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("data/variants.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try Catalog.parse(text, file: path)
    }

    func value(_ c: Catalog, _ key: String, _ date: String, file: StaticString = #filePath, line: UInt = #line) -> Value? {
        guard let entry = c.entries[key] else {
            XCTFail("no entry \(key)", file: file, line: line)
            return nil
        }
        return entry.value(asOf: date)?.value
    }

    func testEveryVariantStatesEveryCapability() throws {
        let c = try catalog()
        for prefix in Self.prefixes {
            for (capability, kind) in Self.capabilities {
                let key = "\(prefix).\(capability)"
                guard let entry = c.entries[key] else { XCTFail("missing \(key)"); continue }
                XCTAssertEqual(entry.kind, kind, key)
                XCTAssertNil(entry.values.first?.since, "\(key) must have a value from the talk on")
            }
            for (flag, keys) in Self.limits {
                let bounded = c.entries["\(prefix).\(flag)"]?.values.contains { $0.value != .bool(true) } ?? true
                guard bounded else { continue }
                for (limit, kind) in keys {
                    let key = "\(prefix).\(limit)"
                    XCTAssertEqual(c.entries[key]?.kind, kind, "\(key) is needed since \(prefix).\(flag) is not always true")
                }
            }
        }
        for prefix in ["lambda_on_demand", "lambda_managed_instances"] {
            XCTAssertNotNil(c.entries["\(prefix).http_direct_max_duration_seconds"], prefix)
        }
    }

    func testNoStrayKeysAndEveryValueIsSourced() throws {
        let c = try catalog()
        let known = Set(Self.capabilities.map(\.0) + Self.limits.flatMap { $0.keys.map(\.0) })
        for entry in c.entries.values {
            let parts = entry.key.split(separator: ".", maxSplits: 1).map(String.init)
            XCTAssertTrue(Self.prefixes.contains(parts[0]), "unknown prefix in \(entry.key)")
            XCTAssertTrue(known.contains(parts[1]) || Self.optional[parts[1]] == entry.kind, "unknown capability \(entry.key)")
            XCTAssertFalse(entry.description.isEmpty, entry.key)
            for v in entry.values {
                if let since = v.since { XCTAssertGreaterThan(since, Catalog.earliestDate, entry.key) }
                XCTAssertTrue(v.source.hasPrefix("aws-facts.md") || v.source.hasPrefix("talk-criteria.md") || v.source.hasPrefix("talk: "),
                              "\(entry.key): \(v.source)")
                if v.value == .null { XCTAssertTrue(v.source.contains("says nothing"), "\(entry.key): a null says why: \(v.source)") }
            }
        }
    }

    func testVariantsExistFromTheirLaunch() throws {
        let c = try catalog()
        for prefix in Self.prefixes {
            if let (launch, before) = Self.launches[prefix] {
                XCTAssertEqual(value(c, "\(prefix).available", before), .bool(false), "\(prefix) before \(launch)")
                XCTAssertEqual(value(c, "\(prefix).available", launch), .bool(true), "\(prefix) on \(launch)")
            } else {
                XCTAssertEqual(c.entries["\(prefix).available"]?.values.map(\.value), [.bool(true)], prefix)
            }
        }
    }

    func testArmHistory() throws {
        let c = try catalog()
        // No Arm compute on AWS before EC2 A1 (2018-11-26): no variant that existed ran arm64.
        for prefix in Self.prefixes {
            for date in ["2018-08-03", "2018-11-25"] where value(c, "\(prefix).available", date) == .bool(true) {
                XCTAssertEqual(value(c, "\(prefix).linux_arm64", date), .bool(false), "\(prefix) on \(date)")
            }
        }
        XCTAssertEqual(value(c, "ecs_ec2_self_managed.linux_arm64", "2018-08-03"), .bool(false))
        XCTAssertEqual(value(c, "ecs_ec2_self_managed.linux_arm64", "2018-11-25"), .bool(false))
        XCTAssertEqual(value(c, "ecs_ec2_self_managed.linux_arm64", "2018-11-26"), .bool(true))
        XCTAssertEqual(value(c, "lambda_on_demand.linux_arm64", "2021-08-31"), .bool(false))
        XCTAssertEqual(value(c, "lambda_on_demand.linux_arm64", "2021-09-01"), .bool(true))
        XCTAssertEqual(value(c, "fargate_on_demand.linux_arm64", "2021-10-31"), .bool(false))
        XCTAssertEqual(value(c, "fargate_on_demand.linux_arm64", "2021-11-01"), .bool(true))
        XCTAssertEqual(value(c, "fargate_spot.linux_arm64", "2024-08-31"), .bool(false))
        XCTAssertEqual(value(c, "fargate_spot.linux_arm64", "2024-09-01"), .bool(true))
        XCTAssertEqual(value(c, "eks_ec2_nodes.linux_arm64", "2020-07-31"), .bool(false))
        XCTAssertEqual(value(c, "eks_ec2_nodes.linux_arm64", "2020-08-01"), .bool(true))
        XCTAssertEqual(value(c, "eks_fargate.linux_arm64", "2026-12-01"), .bool(false))
    }

    func testWindowsRunsOnX86Only() throws {
        let c = try catalog()
        for prefix in Self.prefixes {
            let values = try XCTUnwrap(c.entries["\(prefix).windows_arm64"]).values
            XCTAssertTrue(values.allSatisfy { $0.value == .bool(false) }, prefix)
            for date in Self.dates {
                XCTAssertEqual(value(c, "\(prefix).windows_arm64", date), .bool(false), "\(prefix) on \(date)")
            }
        }
        XCTAssertEqual(value(c, "ecs_ec2_self_managed.windows_x86_64", "2018-08-03"), .bool(true))
        XCTAssertEqual(value(c, "fargate_on_demand.windows_x86_64", "2021-09-30"), .bool(false))
        XCTAssertEqual(value(c, "fargate_on_demand.windows_x86_64", "2021-10-01"), .bool(true))
        XCTAssertEqual(value(c, "eks_ec2_nodes.windows_x86_64", "2019-10-01"), .bool(true))
        for prefix in ["lambda_on_demand", "lambda_managed_instances", "fargate_spot", "ecs_ec2_managed_instances",
                       "eks_auto_mode", "eks_fargate", "eks_hybrid_nodes"] {
            XCTAssertEqual(value(c, "\(prefix).windows_x86_64", "2026-12-01"), .bool(false), prefix)
        }
    }

    func testLoadBalancersInFrontOfLambda() throws {
        let c = try catalog()
        XCTAssertEqual(value(c, "lambda_on_demand.alb", "2018-08-03"), .bool(false))
        XCTAssertEqual(value(c, "lambda_on_demand.alb", "2018-12-01"), .bool(true))
        for prefix in ["lambda_on_demand", "lambda_managed_instances"] {
            for key in ["nlb", "clb"] {
                let values = try XCTUnwrap(c.entries["\(prefix).\(key)"]).values
                XCTAssertTrue(values.allSatisfy { $0.value == .bool(false) }, "\(prefix).\(key)")
                XCTAssertEqual(value(c, "\(prefix).\(key)", "2026-12-01"), .bool(false), "\(prefix).\(key)")
            }
        }
        for prefix in ["fargate_on_demand", "fargate_spot", "eks_fargate", "ecs_ec2_anywhere"] {
            XCTAssertEqual(value(c, "\(prefix).clb", "2026-12-01"), .bool(false), prefix)
        }
        XCTAssertEqual(value(c, "ecs_ec2_anywhere.alb", "2026-12-01"), .bool(false))
        XCTAssertEqual(value(c, "lambda_on_demand.http_direct_max_duration_seconds", "2018-12-01"), .int(29))
        XCTAssertEqual(value(c, "lambda_on_demand.http_direct_max_duration_seconds", "2022-04-01"), .int(900))
    }

    func testLimits() throws {
        let c = try catalog()
        XCTAssertEqual(value(c, "fargate_on_demand.max_ephemeral_storage_gib", "2018-08-03"), .int(10))
        XCTAssertEqual(value(c, "fargate_on_demand.max_ephemeral_storage_gib", "2020-03-31"), .int(10))
        XCTAssertEqual(value(c, "fargate_on_demand.max_ephemeral_storage_gib", "2020-04-01"), .int(20))
        XCTAssertEqual(value(c, "fargate_on_demand.max_ephemeral_storage_gib", "2021-04-01"), .int(200))
        XCTAssertEqual(value(c, "fargate_on_demand.windows_max_ephemeral_storage_gib", "2021-10-01"), .int(20))
        XCTAssertEqual(value(c, "fargate_on_demand.max_vcpu", "2022-08-31")?.asDouble, 4)
        XCTAssertEqual(value(c, "fargate_on_demand.max_vcpu", "2022-09-01")?.asDouble, 16)
        XCTAssertEqual(value(c, "fargate_on_demand.max_memory_mib", "2022-09-01"), .int(122880))
        XCTAssertEqual(value(c, "fargate_on_demand.windows_max_vcpu", "2021-10-01")?.asDouble, 4)
        XCTAssertEqual(value(c, "eks_fargate.max_vcpu", "2026-12-01")?.asDouble, 16)
        XCTAssertEqual(value(c, "lambda_on_demand.max_vcpu", "2020-11-30")?.asDouble ?? 9, 1.67, accuracy: 0.01)
        XCTAssertEqual(value(c, "lambda_on_demand.max_vcpu", "2020-12-01")?.asDouble, 6)
        XCTAssertEqual(value(c, "lambda_on_demand.max_memory_mib", "2020-11-30"), .int(3008))
        XCTAssertEqual(value(c, "lambda_on_demand.max_memory_mib", "2020-12-01"), .int(10240))
        XCTAssertEqual(value(c, "lambda_on_demand.max_duration_seconds", "2018-08-03"), .int(300))
        XCTAssertEqual(value(c, "lambda_on_demand.max_duration_seconds", "2018-10-01"), .int(900))
        XCTAssertEqual(value(c, "lambda_on_demand.max_ephemeral_storage_gib", "2022-03-01"), .int(10))
    }
}
