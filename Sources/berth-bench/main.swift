import BerthBatch
import BerthCore
import BerthInventory
import Foundation

let args = CommandLine.arguments
let n = Int(args.count > 1 ? args[1] : "100000") ?? 100000
let path = "/tmp/berth-bench-\(n).csv"
var t0 = Date()
try SyntheticInventory.writeCSV(rows: n, seed: 42, to: path, badEvery: 1000)
print("generated in \(Date().timeIntervalSince(t0))")
t0 = Date()
let reader = try Inventory.open(path: path)
var ok = 0, bad = 0
while let row = try reader.next() {
    if row.profile != nil { ok += 1 } else { bad += 1 }
}
let dt = Date().timeIntervalSince(t0)
print("read \(ok) ok \(bad) bad in \(dt)s: \(Int(Double(n) / dt)) rows/s sha \(reader.sha256)")
