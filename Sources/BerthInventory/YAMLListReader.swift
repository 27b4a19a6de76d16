import Foundation
import BerthCore
import Yams

/// A YAML list of profiles (or a stream of `---`-separated profile documents). YAML is
/// read whole (libyaml builds the document tree), so it suits hand-written inventories;
/// use CSV or JSON Lines for large ones.
final class YAMLListReader: InventoryReader {
    let format = InventoryFormat.yaml
    let file: String
    private var items: [Node]
    private var position = 0
    private let digest: String
    private var extra: ExtraFields
    let bytesRead: Int
    let totalBytes: Int?

    var sha256: String { digest }
    var warnings: [InventoryWarning] { extra.warnings }

    init(source: ByteSource, strict: Bool) throws {
        file = source.name
        extra = ExtraFields(strict: strict)
        let bytes = try source.readAll()
        digest = source.sha256
        bytesRead = bytes.count
        totalBytes = bytes.count
        let text: String
        do {
            text = try YAMLSupport.text(from: Data(bytes), file: file)
        } catch let error as ProfileError {
            throw InventoryError(.notText, at: error.location, "not a YAML text file (binary data or invalid UTF-8)")
        }
        let documents: [Node]
        do {
            documents = try YAMLSupport.composeAll(text, file: file)
        } catch let error as ProfileError {
            throw InventoryError(error.kind == .notText ? .notText : .syntax, at: error.location, error.message)
        }
        guard let first = documents.first else {
            throw InventoryError(.empty, at: SourceLocation(file: file, line: 1), "the inventory is empty")
        }
        if documents.count == 1, case .sequence(let sequence) = first {
            items = Array(sequence)
        } else if documents.allSatisfy({ if case .mapping = $0 { return true } else { return false } }) {
            items = documents
        } else {
            let offender = documents.first { if case .mapping = $0 { return false } else { return true } } ?? first
            throw InventoryError(.notAList, at: YAMLSupport.location(of: offender, file: file),
                                 "a YAML inventory must be a list of profiles (or profile documents separated by ---), not \(YAMLSupport.raw(offender, file: file).typeName)")
        }
    }

    func next() throws -> InventoryRow? {
        guard position < items.count else { return nil }
        let node = items[position]
        let origin = YAMLSupport.location(of: node, file: file)
        defer { position += 1 }
        let result: Result<Profile, ProfileError>
        var name: String?
        if case .mapping(let mapping) = node {
            let raw = YAMLSupport.entries(of: mapping, file: file)
            name = raw.nameText
            let entries = extra.filter(raw)
            result = Result { try ProfileDecoder.decode(entries, origin: origin, sourceOf: nil) }
                .mapError { $0 as? ProfileError ?? ProfileError(.syntax, at: origin, "\($0)") }
        } else {
            result = .failure(ProfileError(.notAMapping, at: origin,
                                           "item \(position + 1) must be a mapping of profile fields, not \(YAMLSupport.raw(node, file: file).typeName)"))
        }
        return InventoryRow(index: position, location: SourceLocation(file: file, line: origin.line), result: result, rejectedName: name)
    }
}
