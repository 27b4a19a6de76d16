import BerthCore
import BerthInventory
import BerthStore
import Foundation

/// A row that was decided, as sinks see it.
public struct DecidedRow {
    public var index: Int
    public var location: SourceLocation
    public var profile: Profile
    public var decision: Decision
    /// The row's shape in the run (`ShapedDecision`), when the decider knows it: rows of one
    /// shape have the same decision but for the name and what costs say besides their amount.
    public var shape: Int?
    /// The number of its lean decision (`LeanDecision.number`), when the decider knows it.
    public var lean: Int?
}

/// A row that was not decided: its place, the field at fault and why.
public struct RejectedRow: Hashable, Sendable, CustomStringConvertible {
    public var index: Int
    /// Where the problem is (the cell or value when known, else the row).
    public var location: SourceLocation
    public var field: String?
    public var code: String
    public var message: String
    /// The service name, when known (duplicates).
    public var name: String?

    public init(index: Int, rowLocation: SourceLocation, error: ProfileError, name: String? = nil) {
        self.index = index
        location = error.location ?? rowLocation
        field = error.field
        code = error.code
        message = error.message
        self.name = name
    }

    /// `file:line:col: code: message`, as every berth error prints.
    public var description: String { "\(location): \(code): \(message)" }
}

public struct BatchProgress: Sendable {
    public var rows: Int
    public var bytesRead: Int
    public var totalBytes: Int?
}

/// What a batch did.
public struct BatchSummary: Sendable {
    public var rows = 0
    public var decided = 0
    public var rejected = 0
    public var recommended: [Platform: Int] = [:]
    /// Decided rows where no platform was eligible.
    public var none = 0
    /// The first `BatchOptions.keepRejected` rejected rows (all are stored and reported
    /// through `onRejected`).
    public var rejectedRows: [RejectedRow] = []
    public var runID: Int64?
    public var inputSHA256 = ""
    public var elapsed: TimeInterval = 0

    /// The documented exit status: 0 when every row was decided, 1 when any was rejected.
    public var exitStatus: Int32 { rejected > 0 ? 1 : 0 }
    public var rowsPerSecond: Double { elapsed > 0 ? Double(rows) / elapsed : 0 }
}

public struct BatchOptions: Sendable {
    /// Recorded with the run.
    public var pack: String
    public var asOf: String
    /// The input as the user named it (recorded with the run).
    public var inputPath: String
    /// Rows per committed transaction while the run is `running`.
    public var chunkSize = 50_000
    /// Read and decode on a second thread while storing and writing on the calling one.
    public var threaded = true
    /// With `threaded`, decide on the reading thread too (`berth batch` always does).
    public var decideWhileReading = true
    /// With `decideWhileReading`, price there too: faster when storing is the heavier half;
    /// else price on the calling thread, beside a writer light enough to take it (a run not
    /// stored; docs/inventory.md, "Where deciding goes").
    public var priceWhileReading = true
    /// How many rejected rows the summary keeps.
    public var keepRejected = 1_000
    /// Progress is reported every this many rows.
    public var progressEvery = 10_000

    public init(pack: String, asOf: String, inputPath: String) {
        self.pack = pack
        self.asOf = asOf
        self.inputPath = inputPath
    }
}

/// Where decided rows go besides the store: the output writers.
public protocol BatchSink: AnyObject {
    func write(_ row: DecidedRow) throws
    func finish(_ summary: BatchSummary) throws
}

/// The batch pipeline: reader -> decide -> store (and sink).
///
/// Rows are read and decoded (on a second thread when `threaded`), decided by the `decide`
/// closure and priced by `price`, one after another in input order (each on the reading
/// thread when `decideWhileReading` and `priceWhileReading` say so, else on the calling one),
/// then stored and written on the calling thread, where the sink and the callbacks run.
/// Where each step runs is the caller's choice of which half to make heavier, so that the
/// two threads keep both cores busy. Duplicate names reject the later row before it is
/// decided.
/// Memory stays flat: rows travel in small batches through a bounded queue; the only
/// state that grows is an 8-byte hash per service name for the duplicate check.
public enum Batch {
    /// The rules' decision of one row; a `ProfileError` rejects the row.
    public typealias Decide = (Profile) throws -> LeanDecision
    /// The decision priced and shaped; a `ProfileError` (a region the prices do not cover)
    /// rejects the row.
    public typealias Price = (LeanDecision, Profile) throws -> ShapedDecision

    /// The same, with a decider that prices as it decides and knows no shapes.
    public static func run(reader: any RowSource, store: AppDatabase?, options: BatchOptions,
                           sink: BatchSink? = nil,
                           onRejected: ((RejectedRow) -> Void)? = nil,
                           onProgress: ((BatchProgress) -> Void)? = nil,
                           decide: (Profile) throws -> Decision) throws -> BatchSummary {
        try run(reader: reader, store: store, options: options, sink: sink, onRejected: onRejected, onProgress: onProgress,
                decide: { LeanDecision(try decide($0)) }, price: { lean, _ in ShapedDecision(lean.decision) })
    }

    public static func run(reader: any RowSource, store: AppDatabase?, options: BatchOptions,
                           sink: BatchSink? = nil,
                           onRejected: ((RejectedRow) -> Void)? = nil,
                           onProgress: ((BatchProgress) -> Void)? = nil,
                           decide: Decide, price: Price) throws -> BatchSummary {
        let started = Date()
        var summary = BatchSummary()
        var counts = PlatformMap(repeating: 0)
        var nextProgress = options.progressEvery

        func process(_ item: Item, bytesRead: Int, recorder: RunRecorder?) throws {
            let row = item.row
            summary.rows += 1
            func reject(_ error: ProfileError) throws {
                summary.rejected += 1
                try recorder?.reject(seq: row.index, line: row.location.line, error: error, name: item.duplicateName ?? row.rejectedName)
                let rejection = RejectedRow(index: row.index, rowLocation: row.location, error: error, name: item.duplicateName)
                if summary.rejectedRows.count < options.keepRejected { summary.rejectedRows.append(rejection) }
                onRejected?(rejection)
            }
            switch row.result {
            case .failure(let error):
                try reject(error)
            case .success(let profile):
                switch try item.decided ?? Item.price(item.lean ?? Item.attempt { try decide(profile) }, profile, by: price) {
                case .failure(let error):
                    try reject(error)
                case .success(let decided):
                    summary.decided += 1
                    if let platform = decided.decision.recommendation { counts[platform] += 1 } else { summary.none += 1 }
                    try recorder?.record(seq: row.index, line: row.location.line, profile: profile, decision: decided.decision,
                                         shape: decided.shape)
                    try sink?.write(DecidedRow(index: row.index, location: row.location, profile: profile, decision: decided.decision,
                                               shape: decided.shape, lean: decided.lean))
                }
            }
            if summary.rows >= nextProgress {
                nextProgress += options.progressEvery
                onProgress?(BatchProgress(rows: summary.rows, bytesRead: bytesRead, totalBytes: reader.totalBytes))
            }
        }

        func drive(_ recorder: RunRecorder?) throws -> RunTotals {
            if options.threaded {
                try withoutActuallyEscaping(decide) { decide in
                    try withoutActuallyEscaping(price) { price in
                        let pricesWhileReading = options.decideWhileReading && options.priceWhileReading
                        let channel = RowChannel(reader: reader, capacity: 16, decide: options.decideWhileReading ? decide : nil,
                                                 price: pricesWhileReading ? price : nil)
                        let thread = Thread { channel.produce() }
                        thread.stackSize = 4 << 20
                        thread.start()
                        // `decide` and `price` do not outlive this call: the producing thread has ended when it returns.
                        defer { channel.cancel(); channel.finished.wait() }
                        while let batch = try channel.take() {
                            for item in batch.items { try process(item, bytesRead: batch.bytesRead, recorder: recorder) }
                        }
                    }
                }
            } else {
                var names = DuplicateNames()
                while let row = try reader.next() { try process(names.check(row), bytesRead: reader.bytesRead, recorder: recorder) }
            }
            for (platform, count) in counts.entries where count > 0 { summary.recommended[platform] = count }
            summary.inputSHA256 = reader.sha256
            var totals = RunTotals()
            totals.rowsTotal = summary.rows
            totals.decided = summary.decided
            totals.rejected = summary.rejected
            totals.recommended = summary.recommended
            totals.none = summary.none
            totals.inputSHA256 = summary.inputSHA256
            return totals
        }

        if let store {
            let info = RunInfo(pack: options.pack, asOf: options.asOf, inputPath: options.inputPath, inputFormat: reader.formatName, startedAt: started)
            summary.runID = try store.recordRun(info, chunkSize: options.chunkSize) { try drive($0) }.runID
        } else {
            _ = try drive(nil)
        }
        onProgress?(BatchProgress(rows: summary.rows, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes))
        try sink?.finish(summary)
        summary.elapsed = Date().timeIntervalSince(started)
        return summary
    }
}

/// Rows read and decoded (and decided and priced, when given `decide` and `price`) on a
/// second thread and handed to the storing one, in order.
///
/// The one `@unchecked Sendable` type of the package: the queue's state is touched only
/// under `condition`, and the reader, `decide` and `price` (with whatever they hold, such as
/// a half of a `DecisionMemo`) only by the producing thread, from `produce()` until it signals
/// `finished` (the storing thread waits for that before it reads the reader's digest or
/// returns). The compiler cannot see either rule.
final class RowChannel: @unchecked Sendable {
    struct Batch {
        var items: [Item]
        var bytesRead: Int
    }

    static let batchSize = 512

    private let reader: any RowSource
    /// Let go when the producing thread ends, before `finished`: `Batch.run` lends it only
    /// until then (`withoutActuallyEscaping` checks that nothing holds it after).
    private var decide: BerthBatch.Batch.Decide?
    private var price: BerthBatch.Batch.Price?
    let finished = DispatchSemaphore(value: 0)
    private let condition = NSCondition()
    /// At most `capacity` batches; consumed ones are removed at once so their rows are freed.
    private var queue: [Batch] = []
    private let capacity: Int
    private var closed = false
    private var failure: Error?
    private var cancelled = false

    init(reader: any RowSource, capacity: Int, decide: BerthBatch.Batch.Decide?, price: BerthBatch.Batch.Price?) {
        self.reader = reader
        self.capacity = capacity
        self.decide = decide
        self.price = price
    }

    /// The producing thread's body: reads every row, in batches, until the end, an error or
    /// `cancel()`.
    func produce() {
        defer {
            decide = nil
            price = nil
            finished.signal()
        }
        var items: [Item] = []
        items.reserveCapacity(Self.batchSize)
        var names = DuplicateNames()
        do {
            while let row = try reader.next() {
                var item = names.check(row)
                if let decide { try item.decide(by: decide, price: price) }
                items.append(item)
                if items.count == Self.batchSize {
                    guard put(.init(items: items, bytesRead: reader.bytesRead)) else { return }
                    items.removeAll(keepingCapacity: true)
                }
            }
            if !items.isEmpty, !put(.init(items: items, bytesRead: reader.bytesRead)) { return }
            close(error: nil)
        } catch {
            close(error: error)
        }
    }

    /// Blocks while full; returns false when the consumer has gone.
    private func put(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity, !cancelled { condition.wait() }
        if cancelled { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    private func close(error: Error?) {
        condition.lock()
        closed = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch; nil at the end; rethrows the reader's error.
    func take() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !closed { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// A row on its way to be stored; `duplicateName` is set when it was rejected as a
/// repeat of an earlier service name.
struct Item {
    var row: InventoryRow
    var duplicateName: String?
    /// The rules' decision of a decoded row, or why it was rejected; nil until decided.
    var lean: Result<LeanDecision, ProfileError>? = nil
    /// The priced decision of a decoded row, or why it was rejected (a region the prices do not
    /// cover); nil until priced.
    var decided: Result<ShapedDecision, ProfileError>? = nil

    /// Decides the decoded profile, and prices it when given `price`; in place, since copying
    /// an item retains every part of its profile.
    mutating func decide(by decide: Batch.Decide, price: Batch.Price?) throws {
        guard case .success(let profile) = row.result else { return }
        let lean = try Item.attempt { try decide(profile) }
        if let price { decided = try Item.price(lean, profile, by: price) } else { self.lean = lean }
    }

    /// `lean` priced, or why it or its pricing was rejected.
    static func price(_ lean: Result<LeanDecision, ProfileError>, _ profile: Profile, by price: Batch.Price) throws -> Result<ShapedDecision, ProfileError> {
        switch lean {
        case .failure(let error): return .failure(error)
        case .success(let lean): return try attempt { try price(lean, profile) }
        }
    }

    /// What `body` gives, or the `ProfileError` that rejects the row; other errors are thrown.
    static func attempt<T>(_ body: () throws -> T) throws -> Result<T, ProfileError> {
        do {
            return .success(try body())
        } catch let error as ProfileError {
            return .failure(error)
        }
    }
}

/// The duplicate-name check: the second and later rows with a name already seen are
/// rejected. Names are remembered as 64-bit hashes (SipHash, keyed per process), 8 bytes
/// a service, so memory stays small; two different names collide with probability about
/// n^2 / 2^65 (below 3e-8 for a million services). The hashes are spread over 256 sets by
/// their low byte, each growing on its own: one set doubling at 786,432 names held its old
/// and new tables at once, 25 MB, a quarter of a million-row run's peak.
struct DuplicateNames {
    private var seen = [Set<UInt64>](repeating: [], count: 256)

    mutating func check(_ row: InventoryRow) -> Item {
        guard case .success(let profile) = row.result else { return Item(row: row, duplicateName: nil) }
        var hasher = Hasher()
        hasher.combine(profile.name)
        let hash = UInt64(bitPattern: Int64(hasher.finalize()))
        guard !seen[Int(hash & 0xFF)].insert(hash).inserted else { return Item(row: row, duplicateName: nil) }
        let error = ProfileError(.duplicateName, at: row.location, field: "name",
                                 "service '\(profile.name)' appears earlier in the inventory; names must be unique")
        var rejected = row
        rejected.result = .failure(error)
        return Item(row: rejected, duplicateName: profile.name)
    }
}
