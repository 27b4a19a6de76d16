// libyaml as Yams links it. Yams resolves aliases while it composes (and hashes mapping keys,
// aliases included), so an alias bomb has to be stopped at the event level, before Yams builds
// anything.
import CYaml

/// Limits on what aliases (`*name`) may expand to, checked over libyaml's events in one pass
/// that builds nothing, so a file of a few hundred bytes cannot grow into gigabytes.
public enum YAMLLimits {
    /// Nodes all the aliases of one file may repeat together (an alias repeats its anchor's
    /// node and everything under it).
    public static let maxRepeatedNodes = 100_000
    /// Collections nested in one another, counting those that aliases bring in.
    public static let maxDepth = 64

    private struct Frame {
        var anchor: String?
        var size = 1
        var height = 1
    }

    /// Throws a `syntax` error at the alias or collection that goes over a limit. Stops
    /// quietly at a syntax error, which composing then reports.
    public static func check(_ text: String, file: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            // Each anchor's node: how many nodes it holds and how many levels deep it goes.
            var anchors: [String: (size: Int, height: Int)] = [:]
            var frames: [Frame] = []
            var repeated = 0
            func close(_ size: Int, _ height: Int, anchor: String?) {
                if let anchor { anchors[anchor] = (size, height) }
                guard !frames.isEmpty else { return }
                frames[frames.count - 1].size += size
                frames[frames.count - 1].height = max(frames[frames.count - 1].height, height + 1)
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let at = SourceLocation(file: file, line: event.start_mark.line + 1, column: event.start_mark.column + 1)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_SCALAR_EVENT:
                    close(1, 0, anchor: name(event.data.scalar.anchor))
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchor = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                    frames.append(Frame(anchor: name(anchor)))
                    if frames.count > maxDepth {
                        throw ProfileError(.syntax, at: at, "YAML nested more than \(maxDepth) levels deep")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    let frame = frames.removeLast()
                    close(frame.size, frame.height, anchor: frame.anchor)
                case YAML_ALIAS_EVENT:
                    // An undefined alias is Yams's error to report.
                    guard let alias = name(event.data.alias.anchor), let target = anchors[alias] else { continue }
                    repeated += target.size
                    if repeated > maxRepeatedNodes {
                        throw ProfileError(.syntax, at: at, "YAML aliases repeat more than \(maxRepeatedNodes) nodes in this file (an alias bomb?); write the values out instead")
                    }
                    if frames.count + target.height > maxDepth {
                        throw ProfileError(.syntax, at: at, "YAML nested more than \(maxDepth) levels deep, counting what alias '*\(alias)' repeats")
                    }
                    close(target.size, target.height, anchor: nil)
                default:
                    continue
                }
            }
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
