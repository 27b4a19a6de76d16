import BerthCore
import BerthCost

/// An EC2 instance type with its on-demand Linux price in force, for sizing.
public struct InstanceOffer: Sendable, Equatable {
    public var type: InstanceType
    public var hourlyUSD: Double

    public init(type: InstanceType, hourlyUSD: Double) {
        self.type = type
        self.hourlyUSD = hourlyUSD
    }

    /// The catalog's instance types with a price in force in `region` on `date`.
    public static func inForce(_ catalog: PriceCatalog, region: String, on date: String) -> [InstanceOffer] {
        catalog.instances(region: region, on: date).map { InstanceOffer(type: $0.type, hourlyUSD: $0.price.usd) }
    }
}

/// How many of a profile's tasks fit on an instance type once the kernel, the platform and the
/// ECS agent have taken their share (docs/artifacts.md, "Instance sizing"), and which type a
/// skeleton's Auto Scaling group uses.
enum InstanceSizing {
    /// `ECS_RESERVED_MEMORY` in the launch template's user data: the value of the ECS developer
    /// guide's example ("Reserving Amazon ECS Linux container instance memory").
    static let agentReservedMemoryMiB = 256
    /// What the kernel and platform take before the agent registers the instance: the ECS guide
    /// says registered memory is below the installed amount (its m4.large registers 7,985 of
    /// 8,192 MiB, 2.5%); berth counts 5%, the buffer the AWS Batch guide recommends.
    static let platformShare = 0.05

    struct Choice: Equatable {
        var offer: InstanceOffer
        var usableMemoryMiB: Int
        var cpuUnits: Int
        var tasksPerInstance: Int
    }

    /// Memory the agent offers tasks on an instance of `gib` GiB.
    static func usableMemoryMiB(gib: Double) -> Int {
        Int((gib * 1024 * (1 - platformShare)).rounded(.down)) - agentReservedMemoryMiB
    }

    /// Tasks of `profile` that fit on `type` by vCPU, memory and GPUs; 0 when the type does
    /// not suit it (architecture, GPU or not, shape unknown).
    static func tasksPerInstance(_ profile: Profile, on type: InstanceType) -> (fit: Int, memory: Int, units: Int) {
        guard let vcpu = type.vcpu, let gib = type.memoryGiB, type.arch == profile.arch.rawValue,
              (type.gpus > 0) == (profile.gpuCount > 0) else { return (0, 0, 0) }
        let units = Int((vcpu * 1024).rounded(.down))
        let memory = usableMemoryMiB(gib: gib)
        let taskUnits = Int((profile.vcpu * 1024 - 1e-9).rounded(.up))
        guard memory > 0, taskUnits > 0 else { return (0, memory, units) }
        var fit = min(units / taskUnits, memory / profile.memoryMiB)
        if profile.gpuCount > 0 { fit = min(fit, type.gpus / profile.gpuCount) }
        return (max(fit, 0), memory, units)
    }

    /// The cheapest offer that holds one task (then the one holding more, then the name), or nil.
    static func choose(_ profile: Profile, from offers: [InstanceOffer]) -> Choice? {
        var best: Choice?
        for offer in offers {
            let (fit, memory, units) = tasksPerInstance(profile, on: offer.type)
            guard fit >= 1 else { continue }
            let candidate = Choice(offer: offer, usableMemoryMiB: memory, cpuUnits: units, tasksPerInstance: fit)
            if let current = best {
                let a = (offer.hourlyUSD, -fit, offer.type.name), b = (current.offer.hourlyUSD, -current.tasksPerInstance, current.offer.type.name)
                if a < b { best = candidate }
            } else {
                best = candidate
            }
        }
        return best
    }
}
