import BerthCore
import Foundation

/// A small, fast, seeded pseudo-random generator (SplitMix64): the same seed gives the
/// same inventory on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Seeded synthetic inventories for benchmarks and tests: plausible services (web APIs,
/// workers, cron jobs, event handlers, some Windows, GPU and on-prem-bound ones), with
/// many cells left empty so defaults apply, and optionally some broken rows.
public enum SyntheticInventory {
    public static let header = [
        "name", "description", "os", "arch", "vcpu", "memory_mib", "gpu_count", "trigger",
        "max_duration_seconds", "ms_billing", "exec_access", "privileged", "purchasing",
        "onprem_interop", "avoid_instance_management", "load_balancer", "port", "min_tasks",
        "max_tasks", "labels.team",
    ]

    /// Writes `rows` services as CSV to `path`. Every `badEvery`-th row (if > 0) is broken
    /// in one field. Returns the number of bytes written.
    @discardableResult
    public static func writeCSV(rows: Int, seed: UInt64, to path: String, badEvery: Int = 0) throws -> Int {
        let out = try OutputFile.atomic(path: path)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var total = 0
        func flush() throws {
            try out.write(bytes: buffer)
            total += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
        buffer.append(contentsOf: (header.joined(separator: ",") + "\n").utf8)
        var rng = SeededGenerator(seed: seed)
        for i in 0..<rows {
            appendRow(i, into: &buffer, rng: &rng, broken: badEvery > 0 && i % badEvery == badEvery - 1)
            if buffer.count > (1 << 20) - 512 { try flush() }
        }
        try flush()
        try out.commit()
        return total
    }

    /// The same rows as CSV text in memory (small sizes, tests).
    public static func csv(rows: Int, seed: UInt64, badEvery: Int = 0) -> String {
        var buffer: [UInt8] = Array((header.joined(separator: ",") + "\n").utf8)
        var rng = SeededGenerator(seed: seed)
        for i in 0..<rows { appendRow(i, into: &buffer, rng: &rng, broken: badEvery > 0 && i % badEvery == badEvery - 1) }
        return String(decoding: buffer, as: UTF8.self)
    }

    private static let kinds = ["api", "web", "worker", "cron", "events", "batch", "gpu", "legacy"]
    private static let teams = ["payments", "search", "identity", "data", "platform", "mobile", "ads", "ml"]

    private static func appendRow(_ i: Int, into b: inout [UInt8], rng: inout SeededGenerator, broken: Bool) {
        let kind = Int(rng.next() % UInt64(kinds.count))
        func put(_ s: String) { b.append(contentsOf: s.utf8) }
        func comma() { b.append(0x2C) }
        func flag(_ percent: UInt64) -> String { rng.next() % 100 < percent ? "true" : "" }
        // name, description
        put(kinds[kind]); put("-"); put(String(i)); comma()
        if rng.next() % 4 == 0 { put("\"synthetic \(kinds[kind]), row \(i)\"") }; comma()
        // os, arch
        put(kind == 7 && rng.next() % 2 == 0 ? "windows" : ""); comma()
        put(rng.next() % 5 == 0 ? "arm64" : ""); comma()
        // vcpu, memory_mib, gpu_count
        let vcpus = ["", "0.25", "0.5", "1", "2", "4", "8"]
        put(vcpus[Int(rng.next() % UInt64(vcpus.count))]); comma()
        let memories = ["", "512", "1024", "2048", "4096", "8192", "30720"]
        put(broken && i % 3 == 0 ? "lots" : memories[Int(rng.next() % UInt64(memories.count))]); comma()
        put(kind == 6 ? "1" : ""); comma()
        // trigger, max_duration_seconds
        let trigger: String
        switch kind {
        case 0, 1: trigger = "http"
        case 2, 6: trigger = "worker"
        case 3, 5: trigger = "schedule"
        case 4: trigger = "event"
        default: trigger = ""
        }
        put(broken && i % 3 == 1 ? "websocket" : trigger); comma()
        let durations = ["", "1", "30", "300", "900", "3600", "86400"]
        put(durations[Int(rng.next() % UInt64(durations.count))]); comma()
        // ms_billing, exec_access, privileged, purchasing, onprem_interop, avoid_instance_management
        put(flag(20)); comma(); put(flag(10)); comma(); put(flag(3)); comma()
        let purchasing = ["", "", "", "spot", "savings_plans", "reserved_instances"]
        put(purchasing[Int(rng.next() % UInt64(purchasing.count))]); comma()
        put(flag(5)); comma()
        put(rng.next() % 10 == 0 ? "false" : ""); comma()
        // load_balancer, port, min_tasks, max_tasks
        put(kind <= 1 ? "alb" : ""); comma()
        put(broken && i % 3 == 2 ? "70000" : (kind <= 1 ? "8080" : "")); comma()
        put(rng.next() % 3 == 0 ? "2" : ""); comma()
        put(rng.next() % 3 == 0 ? "10" : ""); comma()
        put(teams[Int(rng.next() % UInt64(teams.count))])
        b.append(0x0A)
    }
}
