import BerthArtifacts
import BerthBundled
import BerthCore
import BerthCost
import Foundation
import XCTest

/// Test helpers: profiles from YAML text, hand-made decisions.
enum Fixture {
    /// The bundled catalog's instance types in us-east-1 at the fixtures' decision date.
    static let instances: [InstanceOffer] = {
        let catalog = try! PriceCatalog.load(text: Bundled.text(PriceCatalog.bundledPath) ?? "", file: PriceCatalog.bundledPath)
        return InstanceOffer.inForce(catalog, region: "us-east-1", on: "2026-11-01")
    }()

    static func profile(_ yaml: String, file: String = "test.yaml") throws -> Profile {
        try ProfileFile.load(data: Data(yaml.utf8), file: file)
    }

    /// A decision in which `eligible` platforms are eligible (the first recommended, with one
    /// scoring reason) and every other platform is excluded by `exclusions` (or a default rule).
    static func decision(for profile: Profile, eligible: [Platform],
                         exclusions: [Platform: [Reason]] = [:], omit: [Platform] = []) -> Decision {
        let candidates: [Candidate] = Platform.allCases.filter { !omit.contains($0) }.map { platform in
            if eligible.contains(platform) {
                let reasons = platform == eligible.first
                    ? [Reason(rule: "test.prefer-\(platform.id)", effect: .prefer(step: "test"), message: "preferred for the test", source: "test pack")]
                    : []
                return Candidate(platform: platform, eligible: true, score: reasons.isEmpty ? 0 : 10, reasons: reasons)
            }
            let reasons = exclusions[platform] ?? [Reason(rule: "test.no-\(platform.id)", effect: .exclude,
                                                          message: "\(platform.id) is excluded for the test", source: "test pack")]
            return Candidate(platform: platform, eligible: false, score: 0, reasons: reasons)
        }
        return Decision(profile: profile.name, pack: "test", asOf: "2026-11-01", recommendation: eligible.first,
                        candidates: candidates, assumptions: [], undecided: [], conflicts: [])
    }

    static func generate(_ yaml: String, _ platform: Platform, variant: Variant? = nil, eligible: [Platform]? = nil, force: Bool = false) throws -> [String: String] {
        let p = try profile(yaml)
        let d = decision(for: p, eligible: eligible ?? [platform])
        let files = try ArtifactGenerator.generate(profile: p, platform: platform, variant: variant, decision: d, instances: instances, force: force)
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    }

    static func json(_ text: String?) throws -> [String: Any] {
        let data = Data((text ?? "").utf8)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw NSError(domain: "test", code: 1, userInfo: [NSLocalizedDescriptionKey: "not a JSON object"])
        }
        return object
    }
}
