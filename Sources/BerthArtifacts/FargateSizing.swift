/// Fargate task sizes and rounding a profile up to the nearest valid one.
public enum FargateSizing {
    /// One valid task size: cpu units (1024 = 1 vCPU) and memory in MiB.
    public struct Size: Hashable, Sendable, CustomStringConvertible {
        public let cpu: Int
        public let memoryMiB: Int
        public init(cpu: Int, memoryMiB: Int) {
            self.cpu = cpu
            self.memoryMiB = memoryMiB
        }
        public var description: String { "\(cpu) cpu / \(memoryMiB) MiB" }
    }

    /// The valid memory values (MiB) for each cpu value.
    /// Source: ../shared/reference/aws-facts.md, "Fargate task sizes":
    ///   256: 512, 1024, 2048 (Linux)
    ///   512: 1024 to 4096 in steps of 1024 (Linux)
    ///   1024: 2048 to 8192 in steps of 1024 (Linux, Windows)
    ///   2048: 4096 to 16384 in steps of 1024 (Linux, Windows)
    ///   4096: 8192 to 30720 in steps of 1024 (Linux, Windows)
    ///   8192: 16384 to 61440 in steps of 4096 (Linux, Sep 2022)
    ///   16384: 32768 to 122880 in steps of 8192 (Linux, Sep 2022)
    /// The 32 vCPU size is left out: aws-facts.md rates it M, "not on an AWS page we could read".
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
    /// that cpu's smallest sufficient memory. nil when nothing is large enough.
    /// Windows takes only 1, 2 or 4 vCPU (aws-facts.md: "Windows on Fargate: 1, 2 or 4 vCPU only").
    public static func roundUp(vcpu: Double, memoryMiB: Int, windows: Bool) -> Size? {
        // Checked before the conversion to Int, which traps past Int.max.
        guard vcpu.isFinite, vcpu > 0, vcpu * 1024 <= Double(table[table.count - 1].cpu) else { return nil }
        // 1 vCPU = 1024 cpu units; a tiny tolerance keeps 0.25 * 1024 from becoming 257.
        let units = Int((vcpu * 1024 - 1e-9).rounded(.up))
        for row in table where row.cpu >= units && (!windows || row.windows) {
            if let memory = row.memory.first(where: { $0 >= memoryMiB }) {
                return Size(cpu: row.cpu, memoryMiB: memory)
            }
        }
        return nil
    }
}
