/// Fargate task sizes and rounding a task up to the nearest valid one: what the generated
/// task definition uses and what cost prices, so both read this one table.
public enum FargateSizes {
    /// One valid task size: cpu units (1024 = 1 vCPU) and memory in MiB.
    public struct Size: Hashable, Sendable, CustomStringConvertible {
        public let cpu: Int
        public let memoryMiB: Int
        public init(cpu: Int, memoryMiB: Int) {
            self.cpu = cpu
            self.memoryMiB = memoryMiB
        }
        public var vcpu: Double { Double(cpu) / 1024 }
        /// Fargate bills memory per GB; 1 GB here is 1,024 MiB, as in the size table.
        public var memoryGB: Double { Double(memoryMiB) / 1024 }
        public var description: String { "\(cpu) cpu / \(memoryMiB) MiB" }
    }

    /// The valid memory values (MiB) for each cpu value, from aws-facts.md "Fargate task
    /// sizes"; the 8192 and 16384 rows exist from Sep 2022 (Linux). The 32 vCPU size is left
    /// out: aws-facts.md rates it M, "not on an AWS page we could read".
    public static let table: [(cpu: Int, memory: [Int], windows: Bool)] = [
        (256, [512, 1024, 2048], false),
        (512, Array(stride(from: 1024, through: 4096, by: 1024)), false),
        (1024, Array(stride(from: 2048, through: 8192, by: 1024)), true),
        (2048, Array(stride(from: 4096, through: 16384, by: 1024)), true),
        (4096, Array(stride(from: 8192, through: 30720, by: 1024)), true),
        (8192, Array(stride(from: 16384, through: 61440, by: 4096)), false),
        (16384, Array(stride(from: 32768, through: 122880, by: 8192)), false),
    ]

    /// Every valid size for an OS, smallest cpu first.
    public static func sizes(windows: Bool) -> [Size] {
        table.filter { !windows || $0.windows }.flatMap { row in row.memory.map { Size(cpu: row.cpu, memoryMiB: $0) } }
    }

    /// The smallest valid size with at least `vcpu` vCPUs and `memoryMiB` MiB: the smallest
    /// cpu value that covers the vCPUs and has a memory value that covers the memory, and
    /// that cpu's smallest sufficient memory; rows above `maxVCPU` (the size in force at a
    /// date) are left out. Windows takes only 1, 2 or 4 vCPU. nil when nothing is large enough.
    public static func roundUp(vcpu: Double, memoryMiB: Int, windows: Bool, maxVCPU: Double = .infinity) -> Size? {
        // Checked before the conversion to Int, which traps past Int.max.
        guard vcpu.isFinite, vcpu > 0, vcpu * 1024 <= Double(table[table.count - 1].cpu) else { return nil }
        // A tiny tolerance keeps 0.25 x 1024 from becoming 257.
        let units = Int((vcpu * 1024 - 1e-9).rounded(.up))
        for row in table where row.cpu >= units && Double(row.cpu) <= maxVCPU * 1024 && (!windows || row.windows) {
            if let memory = row.memory.first(where: { $0 >= memoryMiB }) {
                return Size(cpu: row.cpu, memoryMiB: memory)
            }
        }
        return nil
    }
}
