/// Fargate task sizes, as the generated task definition rounds them (the same rule as
/// BerthArtifacts' FargateSizing, which a test checks), with the rows in force at a date.
public enum FargateSizes {
    /// One valid task size: cpu units (1024 = 1 vCPU) and memory in MiB.
    public struct Size: Hashable, Sendable, CustomStringConvertible {
        public let cpu: Int
        public let memoryMiB: Int
        public var vcpu: Double { Double(cpu) / 1024 }
        /// Fargate bills memory per GB; 1 GB here is 1,024 MiB, as in the size table.
        public var memoryGB: Double { Double(memoryMiB) / 1024 }
        public var description: String { "\(cpu) cpu / \(memoryMiB) MiB" }
    }

    /// aws-facts.md "Fargate task sizes": cpu units, valid memory values (MiB), Windows too.
    /// The 8192 and 16384 rows exist from Sep 2022 (the `fargate.max_vcpu` fact); 32 vCPU is
    /// left out, aws-facts.md rates it M ("not on an AWS page we could read").
    static let table: [(cpu: Int, memory: [Int], windows: Bool)] = [
        (256, [512, 1024, 2048], false),
        (512, Array(stride(from: 1024, through: 4096, by: 1024)), false),
        (1024, Array(stride(from: 2048, through: 8192, by: 1024)), true),
        (2048, Array(stride(from: 4096, through: 16384, by: 1024)), true),
        (4096, Array(stride(from: 8192, through: 30720, by: 1024)), true),
        (8192, Array(stride(from: 16384, through: 61440, by: 4096)), false),
        (16384, Array(stride(from: 32768, through: 122880, by: 8192)), false),
    ]

    /// The smallest cpu value that covers the vCPUs and has a memory value covering the
    /// memory, with that cpu's smallest sufficient memory; rows above `maxVCPU` are not in
    /// force. Windows takes 1, 2 or 4 vCPU only. nil when nothing is large enough.
    public static func roundUp(vcpu: Double, memoryMiB: Int, windows: Bool, maxVCPU: Double) -> Size? {
        guard vcpu.isFinite, vcpu > 0 else { return nil }
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
