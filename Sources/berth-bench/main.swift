// berth-bench: generates a seeded synthetic CSV inventory, runs the batch pipeline on it
// (read, decide, store in SQLite), and prints rows per second and peak RSS.
//
//   berth-bench [ROWS] [--seed N] [--db PATH] [--no-store] [--serial] [--bad-every N] [--chunk N] [--keep] [--read-only]
//   berth-bench ROWS --csv PATH [--seed N] [--bad-every N]
//
// --read-only only reads and decodes the CSV (no decide, no store): the parser's speed.
// --csv writes the synthetic inventory to PATH and stops (scripts/bench times berth on it).
import BerthBatch
import BerthCore
import BerthInventory
import BerthRules
import BerthStore
import Foundation

// The real engine with the current pack, deciding as `berth batch --format csv` does
// (rule ids, no rendered messages, through the same memo), but unpriced.
let engine = Engine(pack: try PackLoader.builtin("current", examples: false))
let memo = DecisionMemo(key: engine.leanKey().write)
let decide: Batch.Decide = { memo.lean(for: $0) { engine.decide($0, messages: false) } }
let price: Batch.Price = { lean, profile in memo.priced(lean, profile: profile) { decision, _ in decision } }
let (pack, asOf) = (engine.pack.name, engine.asOf)

func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

var rows = 100_000
var seed: UInt64 = 42
var dbPath: String?
var store = true
var threaded = true
var badEvery = 0
var keep = false
var readOnly = false
var chunk: Int?
var csvOut: String?
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--seed": seed = UInt64(args.popFirst() ?? "") ?? seed
    case "--db": dbPath = args.popFirst()
    case "--no-store": store = false
    case "--serial": threaded = false
    case "--bad-every": badEvery = Int(args.popFirst() ?? "") ?? 0
    case "--chunk": chunk = Int(args.popFirst() ?? "")
    case "--keep": keep = true
    case "--read-only": readOnly = true
    case "--csv": csvOut = args.popFirst()
    case "-h", "--help":
        print("usage: berth-bench [ROWS] [--seed N] [--db PATH] [--no-store] [--serial] [--bad-every N] [--chunk N] [--keep] [--read-only]")
        print("       berth-bench ROWS --csv PATH [--seed N] [--bad-every N]")
        exit(0)
    default:
        guard let n = Int(arg.replacingOccurrences(of: "_", with: "")), n >= 0 else {
            FileHandle.standardError.write(Data("berth-bench: unknown argument \(arg)\n".utf8))
            exit(2)
        }
        rows = n
    }
}

if let csvOut {
    let bytes = try SyntheticInventory.writeCSV(rows: rows, seed: seed, to: csvOut, badEvery: badEvery)
    print("wrote \(rows) rows (\(bytes / 1024) KiB, seed \(seed)) to \(csvOut)")
    exit(0)
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("berth-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
let csvPath = directory.appendingPathComponent("inventory-\(rows)-\(seed).csv").path
let databasePath = dbPath ?? directory.appendingPathComponent("bench.sqlite").path
defer { if !keep { try? FileManager.default.removeItem(at: directory) } }

let generated = Date()
let bytes = try SyntheticInventory.writeCSV(rows: rows, seed: seed, to: csvPath, badEvery: badEvery)
print("generated \(rows) rows (\(bytes / 1024) KiB, seed \(seed)) in \(String(format: "%.2f", Date().timeIntervalSince(generated))) s")

if readOnly {
    let started = Date()
    let reader = try Inventory.open(path: csvPath)
    var decoded = 0, rejected = 0
    while let row = try reader.next() { if row.profile != nil { decoded += 1 } else { rejected += 1 } }
    let elapsed = Date().timeIntervalSince(started)
    print(String(format: "read and decoded %d rows (%d rejected) in %.2f s: %.0f rows/s; peak RSS %.1f MiB", decoded + rejected, rejected,
                 elapsed, Double(decoded + rejected) / elapsed, peakRSSMiB()))
    if !keep { try? FileManager.default.removeItem(at: directory) }
    exit(0)
}

let database = store ? try AppDatabase(path: databasePath) : nil
var options = BatchOptions(pack: pack, asOf: asOf, inputPath: csvPath)
options.threaded = threaded
if let chunk { options.chunkSize = chunk }
let reader = try Inventory.open(path: csvPath)
let summary = try Batch.run(reader: reader, store: database, options: options, decide: decide, price: price)

let counts = Platform.allCases.map { "\($0.rawValue) \(summary.recommended[$0] ?? 0)" }.joined(separator: ", ")
print("decided \(summary.decided), rejected \(summary.rejected) (\(counts), none \(summary.none))")
print(String(format: "%d rows in %.2f s: %.0f rows/s; peak RSS %.1f MiB (SQLite %lld KiB); %@%@", summary.rows, summary.elapsed, summary.rowsPerSecond,
             peakRSSMiB(), AppDatabase.sqliteMemoryHighwater / 1024, store ? "stored as run \(summary.runID ?? 0) in \(databasePath)" : "not stored", threaded ? "" : " (serial)"))
