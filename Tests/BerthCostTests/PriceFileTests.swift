@testable import BerthCost
import BerthBundled
import BerthCore
import XCTest

final class PriceFileTests: XCTestCase {
    static let file = "prices.yaml"
    static let bundledText = Bundled.text(PriceCatalog.bundledPath)!

    /// The bundled text with each `old` (which must occur exactly once) replaced by `new`.
    func mutated(_ replacements: [(String, String)]) -> String {
        var text = Self.bundledText
        for (old, new) in replacements {
            XCTAssertEqual(text.components(separatedBy: old).count, 2, "'\(old)' must occur once")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// 1-based line of the first line containing `needle`.
    func line(of needle: String, in text: String) -> Int {
        let lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.contains(needle) }) else {
            XCTFail("'\(needle)' not in the text")
            return 0
        }
        return index + 1
    }

    func errors(_ text: String) -> [CostError] {
        do {
            _ = try PriceCatalog.load(text: text, file: Self.file)
            XCTFail("the file loaded")
            return []
        } catch let error as PriceFileError {
            return error.errors
        } catch {
            XCTFail("unexpected \(error)")
            return []
        }
    }

    // MARK: the bundled file

    func testBundledFileLoadsWithEveryKeyBerthReads() throws {
        let catalog = bundledCatalog
        XCTAssertEqual(catalog.regions, ["us-east-1", "ap-northeast-1"])
        XCTAssertEqual(Set(catalog.prices.keys), Set(PriceSchema.prices.keys))
        XCTAssertEqual(Set(catalog.facts.keys), Set(PriceSchema.facts.keys))
        XCTAssertEqual(Set(catalog.assumptions.keys), PriceSchema.assumptions)
        // prices.md section 1: 22 types with a shape; section 1.2: five 2018 types without.
        XCTAssertEqual(catalog.instances.values.filter { $0.vcpu != nil }.count, 22)
        XCTAssertEqual(catalog.instances.values.filter { $0.vcpu == nil }.map(\.name).sorted(),
                       ["c5.large", "c5.xlarge", "m5.large", "m5.xlarge", "t3.medium"])
        for entry in catalog.prices.values {
            for value in entry.values {
                XCTAssertTrue(value.source.hasPrefix("prices.md"), "\(entry.key) \(value.region) \(value.since): \(value.source)")
            }
        }
        XCTAssertEqual(catalog.instances["g6.xlarge"]?.gpus, 1)
        XCTAssertEqual(catalog.instances["m7g.xlarge"]?.arch, "arm64")
    }

    /// prices.md's figures for one row each, read back from the catalog at the date they hold.
    func testFiguresInForceAtTheirDates() throws {
        let c = bundledCatalog
        XCTAssertEqual(c.price("fargate.linux.x86_64.vcpu", region: "us-east-1", on: "2018-08-03")?.usd, 0.0506)
        XCTAssertEqual(c.price("fargate.linux.x86_64.vcpu", region: "us-east-1", on: "2019-01-06")?.usd, 0.0506)
        XCTAssertEqual(c.price("fargate.linux.x86_64.vcpu", region: "us-east-1", on: "2019-01-07")?.usd, 0.04048)
        XCTAssertEqual(c.price("fargate.linux.x86_64.memory", region: "ap-northeast-1", on: "2026-12-01")?.usd, 0.00553)
        XCTAssertNil(c.price("fargate.linux.arm64.vcpu", region: "us-east-1", on: "2018-08-03"))
        XCTAssertEqual(c.price("eks.cluster", region: "us-east-1", on: "2019-12-31")?.usd, 0.20)
        XCTAssertEqual(c.price("eks.cluster", region: "us-east-1", on: "2020-01-01")?.usd, 0.10)
        XCTAssertNil(c.price("eks.hybrid_nodes.vcpu", region: "ap-northeast-1", on: "2026-12-01"), "prices.md has no Tokyo rate")
        XCTAssertEqual(c.price("lambda.duration.x86_64", region: "us-east-1", on: "2018-08-03")?.tiers.count, 1)
        XCTAssertEqual(c.price("lambda.duration.x86_64", region: "us-east-1", on: "2026-12-01")?.tiers.map(\.usd),
                       [0.0000166667, 0.000015, 0.0000133334])
        XCTAssertEqual(c.fact("lambda.billing_increment_ms", on: "2020-11-30")?.number, 100)
        XCTAssertEqual(c.fact("lambda.billing_increment_ms", on: "2020-12-01")?.number, 1)
        XCTAssertEqual(c.fact("fargate.minimum_billed_s", on: "2018-08-03")?.number, 60)
        XCTAssertEqual(c.fact("lambda.function_urls", on: "2022-03-31")?.value, .bool(false))
        XCTAssertEqual(c.fact("lambda.function_urls", on: "2022-04-01")?.value, .bool(true))
    }

    func testAssumptionsNarrowByFamilyThenRegion() throws {
        let c = bundledCatalog
        let day = "2026-12-01"
        XCTAssertEqual(c.assumption("ec2.reserved_instances_discount", region: "us-east-1", family: "m7i", on: day)?.typical, 0.338)
        XCTAssertEqual(c.assumption("ec2.reserved_instances_discount", region: "ap-northeast-1", family: "m7g", on: day)?.typical, 0.337)
        XCTAssertEqual(c.assumption("ec2.reserved_instances_discount", region: "ap-northeast-1", family: "g5", on: day)?.typical, 0.370)
        XCTAssertEqual(c.assumption("ec2.spot_discount", region: "ap-northeast-1", on: day)?.typical, 0.60)
        XCTAssertNil(c.assumption("fargate.savings_plans_discount", region: "ap-northeast-1", on: day), "prices.md: not found for Tokyo")
        XCTAssertNil(c.assumption("fargate.spot_discount", region: "us-east-1", on: "2019-12-02"), "no Fargate Spot before 2019-12")
    }

    /// prices.md 5 lists EKS Auto Mode fees per type; the catalog's 12% / 7.8% rule on the
    /// catalog's instance prices gives each of them to the figures prices.md quotes.
    func testFeeRuleReproducesTheListedAutoModeFees() throws {
        let c = bundledCatalog
        let day = "2026-12-01"
        let share = c.fact("eks.auto_mode.fee_share", on: day)!.number!
        let gpuShare = c.fact("eks.auto_mode.fee_share_gpu", on: day)!.number!
        let listed: [(String, String, Double, Double, Double)] = [  // region, type, share, listed fee, tolerance
            ("us-east-1", "m7i.large", share, 0.0121, 0.00005),
            ("us-east-1", "m7g.large", share, 0.00979, 0.000005),
            ("ap-northeast-1", "m7i.large", share, 0.01562, 0.000005),
            ("ap-northeast-1", "m7i.xlarge", share, 0.03125, 0.000005),
            ("ap-northeast-1", "g6.xlarge", gpuShare, 0.09104, 0.000005),
        ]
        for (region, type, s, fee, tolerance) in listed {
            let price = c.instances[type]!.prices.first { $0.region == region }!.usd
            XCTAssertEqual(price * s, fee, accuracy: tolerance, "\(type) in \(region)")
        }
        // The Lambda pricing page's LMI example: m7g.xlarge $0.1632/h -> fee $0.02448/h.
        XCTAssertEqual(0.1632 * c.fact("lambda.managed_instances.fee_share", on: day)!.number!, 0.02448, accuracy: 1e-12)
    }

    func testSheetListsWhatIsInForce() throws {
        let sheet = try bundledCatalog.sheet(on: "2018-08-03", region: "us-east-1")
        XCTAssertEqual(sheet.prices.map(\.key), ["eks.cluster", "fargate.linux.x86_64.memory", "fargate.linux.x86_64.vcpu",
                                                 "lambda.duration.x86_64", "lambda.requests"])
        XCTAssertEqual(sheet.prices.first { $0.key == "eks.cluster" }?.value.usd, 0.20)
        XCTAssertTrue(sheet.notInForce.contains("fargate.linux.arm64.vcpu"))
        XCTAssertEqual(sheet.instances.map(\.type.name), ["m5.large", "m5.xlarge"])
        XCTAssertEqual(sheet.facts.first { $0.key == "lambda.billing_increment_ms" }?.value.number, 100)
        XCTAssertEqual(sheet.assumptions.map(\.key), [], "no discount assumption is dated as early as the talk")

        let today = try bundledCatalog.sheet(on: "2026-12-01", region: "ap-northeast-1")
        XCTAssertEqual(today.notInForce, ["apigateway.rest.requests", "eks.hybrid_nodes.vcpu"])
        let ri = today.assumptions.first { $0.key == "ec2.reserved_instances_discount" }
        XCTAssertEqual(ri?.values.map(\.typical), [0.337, 0.370, 0.349])
        XCTAssertEqual(today.instances.count, 27)
    }

    func testSheetRefusesAnUnknownRegionListingThePricedOnes() {
        XCTAssertThrowsError(try bundledCatalog.sheet(on: "2026-12-01", region: "eu-west-1")) { error in
            let e = error as? CostError
            XCTAssertEqual(e?.kind, .unknownRegion)
            XCTAssertEqual(e?.message, "region 'eu-west-1' is not priced; priced regions: ap-northeast-1, us-east-1 (a --prices file may add regions)")
        }
        XCTAssertThrowsError(try bundledCatalog.sheet(on: "2026-13-01", region: "us-east-1")) { error in
            XCTAssertEqual((error as? CostError)?.kind, .badDate)
        }
    }

    /// A user's table in the same format may add a region; berth then prices what it gives there.
    func testAUsersFileMayAddARegion() throws {
        let text = mutated([
            ("regions: [us-east-1, ap-northeast-1]", "regions: [us-east-1, ap-northeast-1, us-west-2]"),
            ("      - {since: 2018-08-03, region: ap-northeast-1, usd: 0.0632,",
             "      - {since: 2027-01-01, region: us-west-2, usd: 0.04, source: \"my bill\", confidence: H}\n      - {since: 2018-08-03, region: ap-northeast-1, usd: 0.0632,"),
        ])
        let mine = try PriceCatalog.load(text: text, file: "mine.yaml")
        XCTAssertEqual(mine.file, "mine.yaml")
        XCTAssertEqual(mine.price("fargate.linux.x86_64.vcpu", region: "us-west-2", on: "2027-01-01")?.source, "my bill")
        let input = CostInput(variant: .fargateOnDemand, region: "us-west-2", date: "2027-01-01")
        guard case .notPriced(let reasons) = try CostCalculator(catalog: mine).cost(input) else { return XCTFail() }
        XCTAssertEqual(reasons, ["no price for Fargate memory (Linux x86_64) ('fargate.linux.x86_64.memory') in force in us-west-2 on 2027-01-01; mine.yaml has no figure for it in us-west-2"])
        var elsewhere = input
        elsewhere.region = "eu-west-1"
        XCTAssertThrowsError(try CostCalculator(catalog: mine).cost(elsewhere)) { error in
            XCTAssertEqual((error as? CostError)?.message, "region 'eu-west-1' is not priced; priced regions: ap-northeast-1, us-east-1, us-west-2 (a --prices file may add regions)")
        }
    }

    // MARK: bad files

    func testMissingPrice() {
        let text = mutated([("{since: 2019-01-07, region: us-east-1, usd: 0.04048, ", "{since: 2019-01-07, region: us-east-1, ")])
        let e = errors(text)
        XCTAssertEqual(e.count, 1)
        XCTAssertEqual(e.first?.kind, .missingPrice)
        XCTAssertEqual(e.first?.location?.line, line(of: "{since: 2019-01-07, region: us-east-1, source: \"prices.md 3: the 2019-01-07 cut (vCPU", in: text))
        XCTAssertEqual(e.first?.message, "the price of 'fargate.linux.x86_64.vcpu' for us-east-1 since 2019-01-07 has no 'usd' (or 'tiers')")
    }

    func testMissingPriceKey() {
        let entry = """
          eks.hybrid_nodes.vcpu:
            unit: vCPU-hour
            description: EKS Hybrid Nodes, per vCPU of the node, first tier (tier boundaries not in prices.md)
            values:
              - {since: 2026-09-28, region: us-east-1, usd: 0.020, source: "prices.md 5: AmazonEKS offer 2026-09-28 tiers 0.020 / 0.014 / 0.010 / 0.008 / 0.006, boundaries not read (source ref 70414415951)", confidence: M}

        """
        let text = mutated([(entry, "")])
        let e = errors(text)
        XCTAssertEqual(e.map(\.kind), [.missingPrice])
        XCTAssertEqual(e.first?.message, "the file has no price 'eks.hybrid_nodes.vcpu' (per vCPU-hour); berth's calculator reads it")
    }

    func testDuplicatePrice() {
        let original = "      - {since: 2026-07-01, region: ap-northeast-1, usd: 0.0000002, source: \"prices.md 4: APN1-Request"
        let copy = "      - {since: 2026-07-01, region: ap-northeast-1, usd: 0.0000003, source: \"a copy\", confidence: L}\n"
        let text = mutated([(original, copy + original)])
        let e = errors(text)
        XCTAssertEqual(e.map(\.kind), [.duplicatePrice])
        let first = line(of: "source: \"a copy\"", in: text)
        XCTAssertEqual(e.first?.location, SourceLocation(file: Self.file, line: first + 1, column: 9))
        XCTAssertEqual(e.first?.message, "the price of 'lambda.requests' for ap-northeast-1 since 2026-07-01 is given twice (first at line \(first))")
    }

    func testPriceWithNoDate() {
        let text = mutated([("{since: 2026-06-01, region: us-east-1, usd: 0.046552,", "{region: us-east-1, usd: 0.046552,")])
        let e = errors(text)
        XCTAssertEqual(e.map(\.kind), [.noDate])
        XCTAssertEqual(e.first?.location?.line, line(of: "{region: us-east-1, usd: 0.046552,", in: text))
        XCTAssertEqual(e.first?.message, "the price of 'fargate.windows.vcpu' for us-east-1 has no 'since' date (YYYY-MM-DD): every price says from when it is in force")
    }

    func testUnknownRegionAndNonNumericPrice() {
        let text = mutated([
            ("{since: 2026-09-11, region: us-east-1, usd: 0.0225,", "{since: 2026-09-11, region: eu-west-1, usd: 0.0225,"),
            ("usd: 0.0632, source", "usd: 0.O632, source"),
            ("usd: 0.00356, source", "usd: \"0.00356\", source"),
        ])
        let e = errors(text)
        XCTAssertEqual(e.map(\.kind), [.notANumber, .notANumber, .unknownRegion])
        XCTAssertEqual(e.map(\.message), [
            "the price of 'fargate.linux.x86_64.vcpu' must be a number, got '0.O632'",
            "the price of 'fargate.linux.arm64.memory' must be a number, got '0.00356'",
            "region 'eu-west-1' is not in the file's 'regions' (us-east-1, ap-northeast-1); add it there to price it",
        ])
        XCTAssertEqual(e[2].location?.line, line(of: "region: eu-west-1", in: text))
    }

    /// Every problem at once, in file order, each with its place; nothing loaded.
    func testEveryProblemAtOnce() {
        let text = mutated([
            ("{since: 2019-01-07, region: us-east-1, usd: 0.04048, ", "{since: 2019-01-07, region: us-east-1, "),
            ("{since: 2026-06-01, region: us-east-1, usd: 0.046552,", "{region: us-east-1, usd: 0.046552,"),
            ("  elb.alb.lcu:\n    unit: LCU-hour", "  elb.alb.lcus:\n    unit: LCU-hour"),
            ("  vpc.public_ipv4:\n    unit: IP-hour", "  vpc.public_ipv4:\n    unit: IP-hours"),
            ("      - {since: 2025-04-04, region: us-east-1, usd: 0.1008,", "      - {since: 2025-04-04, region: us-east-2, usd: 0.1008,"),
            ("    gpu_model: NVIDIA L4 24 GB\n    prices:\n      - {since: 2025-04-04, region: us-east-1, usd: 0.8048,",
             "    gpu_model: NVIDIA L4 24 GB\n    prices:\n      - {since: 2025-04-04, region: us-east-1, usd: -0.8048,"),
            ("{since: 2018-08-03, value: 3008,", "{since: 2018-8-3, value: 3008,"),
            ("typical: 0.70, low: 0.67", "typical: 70, low: 0.67"),
        ])
        let e = errors(text)
        XCTAssertEqual(e.map(\.code), ["missing-price", "missing-price", "no-date", "unknown-key", "wrong-unit",
                                       "unknown-region", "out-of-range", "bad-date", "out-of-range"])
        let lines = e.map { $0.location?.line ?? 0 }
        XCTAssertEqual(lines, lines.sorted())
        XCTAssertEqual(e[0].message, "the file has no price 'elb.alb.lcu' (per LCU-hour); berth's calculator reads it")
        XCTAssertEqual(e[3].message, "unknown price 'elb.alb.lcus'; did you mean 'elb.alb.lcu'?")
        XCTAssertEqual(e[4].message, "'vpc.public_ipv4' is per IP-hour, not 'IP-hours'")
        // The error the CLI prints: one `file:line:col: code: message` a line.
        let printed = PriceFileError(errors: e).description.components(separatedBy: "\n")
        XCTAssertEqual(printed.count, 9)
        XCTAssertEqual(printed[1], "\(Self.file):\(lines[1]):9: missing-price: the price of 'fargate.linux.x86_64.vcpu' for us-east-1 since 2019-01-07 has no 'usd' (or 'tiers')")
    }

    func testBadTiers() {
        let text = mutated([
            ("          - {up_to: 15000000000, usd: 0.000015}\n          - {usd: 0.0000133334}\n        source: \"prices.md 4: Lambda pricing page copy",
             "          - {up_to: 5000000000, usd: 0.000015}\n          - {up_to: 9, usd: 0.0000133334}\n        source: \"prices.md 4: Lambda pricing page copy"),
        ])
        XCTAssertEqual(errors(text).map(\.message), [
            "tiers of 'lambda.duration.x86_64' go up: 5000000000 is not above 6000000000",
            "the last tier of 'lambda.duration.x86_64' has no 'up_to' (it has no upper bound)",
        ])
    }

    func testSyntaxErrorIsOneLocatedError() {
        let text = mutated([("  m7i.large:\n    arch: x86_64", "  m7i.large:\n    arch: [x86_64")])
        let e = errors(text)
        XCTAssertEqual(e.map(\.kind), [.syntax])
        XCTAssertEqual(e.first?.location?.file, Self.file)
        XCTAssertGreaterThan(e.first?.location?.line ?? 0, 1)
    }

    func testEmptyAndWrongShapedFiles() {
        XCTAssertEqual(errors("").map(\.message), ["the price file is empty"])
        XCTAssertEqual(errors("- 1\n").map(\.message), ["the price file is a mapping"])
        XCTAssertEqual(errors("regions: [us-east-1]\n").map(\.message), [
            "the price file has no 'prices:' section", "the price file has no 'instances:' section",
            "the price file has no 'facts:' section", "the price file has no 'assumptions:' section",
        ])
    }
}

final class BundledComposedTests: XCTestCase {
    /// What the build composed for every bundled file is what composing its text now gives,
    /// and reads back to the same form.
    func testEveryBundledFileIsComposedAsItsText() throws {
        XCTAssertFalse(BundledFiles.files.isEmpty)
        for (path, text) in BundledFiles.files {
            let built = try XCTUnwrap(Bundled.composed(path), path)
            XCTAssertEqual(built, try ComposedYAML.encode(try YAMLSupport.composeAll(text, file: path)), path)
            XCTAssertEqual(try ComposedYAML.encode(ComposedYAML.decode(built)), built, path)
        }
    }
}
