import BerthCore
import Foundation
import XCTest

final class FargateSizesTests: XCTestCase {
    /// (vcpu, memory MiB, windows) -> expected (cpu, memory), or nil when nothing fits.
    /// Expected values worked out by hand from aws-facts.md "Fargate task sizes".
    static let table: [(Double, Int, Bool, (Int, Int)?)] = [
        (0.25, 512, false, (256, 512)),
        (0.25, 600, false, (256, 1024)),
        (0.25, 2048, false, (256, 2048)),
        (0.25, 3000, false, (512, 3072)),     // 256 stops at 2048
        (0.1, 100, false, (256, 512)),
        (0.5, 512, false, (512, 1024)),       // 512 starts at 1024
        (0.5, 1024, false, (512, 1024)),
        (0.6, 1024, false, (1024, 2048)),
        (1, 1024, false, (1024, 2048)),
        (1, 8192, false, (1024, 8192)),
        (1, 9000, false, (2048, 9216)),       // 1024 stops at 8192
        (1.5, 3000, false, (2048, 4096)),
        (3, 8192, false, (4096, 8192)),
        (4, 30720, false, (4096, 30720)),
        (4, 31000, false, (8192, 32768)),     // 8192 steps 4096 from 16384
        (5, 16384, false, (8192, 16384)),
        (8, 61440, false, (8192, 61440)),
        (8, 70000, false, (16384, 73728)),    // 16384 steps 8192 from 32768
        (16, 122880, false, (16384, 122880)),
        (16.5, 1024, false, nil),             // 32 vCPU is not an H fact: not used
        (1, 130000, false, nil),
        (0.25, 512, true, (1024, 2048)),      // Windows: 1, 2 or 4 vCPU only
        (1, 2048, true, (1024, 2048)),
        (2, 16384, true, (2048, 16384)),
        (3, 4096, true, (4096, 8192)),
        (4, 30720, true, (4096, 30720)),
        (5, 1024, true, nil),
        (2, 40000, true, nil),
    ]

    func testRoundUpTable() {
        for (vcpu, memory, windows, expected) in Self.table {
            let got = FargateSizes.roundUp(vcpu: vcpu, memoryMiB: memory, windows: windows)
            let want = expected.map { FargateSizes.Size(cpu: $0.0, memoryMiB: $0.1) }
            XCTAssertEqual(got, want, "vcpu \(vcpu), memory \(memory), windows \(windows)")
        }
    }

    func testRejectsNonsense() {
        XCTAssertNil(FargateSizes.roundUp(vcpu: 0, memoryMiB: 512, windows: false))
        XCTAssertNil(FargateSizes.roundUp(vcpu: .nan, memoryMiB: 512, windows: false))
        XCTAssertNil(FargateSizes.roundUp(vcpu: .infinity, memoryMiB: 512, windows: false))
        // Past Int.max cpu units once multiplied: nil, not a trap.
        XCTAssertNil(FargateSizes.roundUp(vcpu: 1e16, memoryMiB: 512, windows: false))
        XCTAssertNil(FargateSizes.roundUp(vcpu: 16.001, memoryMiB: 512, windows: false))
        XCTAssertEqual(FargateSizes.roundUp(vcpu: 16, memoryMiB: 512, windows: false), FargateSizes.Size(cpu: 16384, memoryMiB: 32768))
    }

    /// For every valid size and nearby requests: the answer is valid, covers the request,
    /// and no valid size with a smaller cpu (or the same cpu and less memory) covers it.
    func testRoundUpIsTheSmallestCoveringSize() {
        for windows in [false, true] {
            let sizes = FargateSizes.sizes(windows: windows)
            for s in sizes {
                for (vcpu, memory) in [(Double(s.cpu) / 1024, s.memoryMiB), (Double(s.cpu) / 1024 - 0.01, s.memoryMiB - 1)] {
                    guard let got = FargateSizes.roundUp(vcpu: vcpu, memoryMiB: memory, windows: windows) else {
                        XCTFail("nothing for \(vcpu) / \(memory)"); continue
                    }
                    XCTAssertTrue(sizes.contains(got))
                    XCTAssertGreaterThanOrEqual(Double(got.cpu), vcpu * 1024 - 1e-6)
                    XCTAssertGreaterThanOrEqual(got.memoryMiB, memory)
                    let smaller = sizes.filter { ($0.cpu < got.cpu || ($0.cpu == got.cpu && $0.memoryMiB < got.memoryMiB))
                        && Double($0.cpu) >= vcpu * 1024 - 1e-6 && $0.memoryMiB >= memory }
                    XCTAssertEqual(smaller, [], "\(got) is not the smallest for \(vcpu) / \(memory)")
                }
            }
        }
    }

    /// The table in code matches the one in ../shared/reference/aws-facts.md.
    func testTableMatchesAwsFacts() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let facts = root.deletingLastPathComponent().appendingPathComponent("shared/reference/aws-facts.md")
        guard let text = try? String(contentsOf: facts, encoding: .utf8) else {
            throw XCTSkip("aws-facts.md not found at \(facts.path)")
        }
        var parsed: [Int: ([Int], Bool)] = [:]
        for line in text.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, let cpu = Int(cells[0]) else { continue }
            let memoryText = cells[1]
            var values: [Int] = []
            if memoryText.contains(" to ") {
                // "1024 to 4096 in steps of 1024"
                let nums = memoryText.split(separator: " ").compactMap { Int($0) }
                guard nums.count == 3 else { XCTFail("cannot read \(memoryText)"); continue }
                values = Array(stride(from: nums[0], through: nums[1], by: nums[2]))
            } else {
                values = memoryText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            }
            parsed[cpu] = (values, cells[2].contains("Windows"))
        }
        XCTAssertEqual(parsed.count, 7, "expected the seven rows of the Fargate table")
        for row in FargateSizes.table {
            XCTAssertEqual(parsed[row.cpu]?.0, row.memory, "cpu \(row.cpu) memory values")
            XCTAssertEqual(parsed[row.cpu]?.1, row.windows, "cpu \(row.cpu) Windows")
        }
        XCTAssertEqual(Set(parsed.keys), Set(FargateSizes.table.map(\.cpu)))
    }

    func testRowsAboveTheSizeInForceAreLeftOut() {
        XCTAssertNil(FargateSizes.roundUp(vcpu: 8, memoryMiB: 16384, windows: false, maxVCPU: 4))
        XCTAssertEqual(FargateSizes.roundUp(vcpu: 4, memoryMiB: 30720, windows: false, maxVCPU: 4)?.cpu, 4096)
        XCTAssertEqual(FargateSizes.roundUp(vcpu: 4.001, memoryMiB: 512, windows: false, maxVCPU: 16)?.cpu, 8192)
    }
}
