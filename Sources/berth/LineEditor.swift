import BerthQuestionnaire
import CEditLine
import Foundation

/// `berth ask`'s prompter on a terminal: answers are read with libedit, so the line is edited
/// as in a shell (arrow keys, Ctrl-A/E/K/W, Up and Down through the answers of this session,
/// `~/.editrc` for vi mode and bindings). Text is shown through `output`; the prompt and the
/// line being edited go to the same stream.
final class LineEditorPrompter: Prompter {
    private let output: FileHandle
    private let toStandardError: Bool
    /// Made on the first question, so that commands which only show text never touch the
    /// terminal.
    private var editor: (line: OpaquePointer, history: OpaquePointer)?

    /// Answers kept for Up and Down: more than any session asks.
    private static let historySize: Int32 = 500

    /// `toStandardError` when standard output carries JSON (`ask --format json`).
    init(toStandardError: Bool) {
        output = toStandardError ? .standardError : .standardOutput
        self.toStandardError = toStandardError
    }

    deinit {
        if let editor {
            el_end(editor.line)
            history_end(editor.history)
        }
    }

    func show(_ text: String) { output.write(Data((text + "\n").utf8)) }

    func ask(_ prompt: String) -> String? {
        guard let editor = editor ?? makeEditor() else { return nil }
        // The prompt function cannot capture: it reads the prompt from the editor's client data.
        guard let text = strdup(prompt) else { return nil }
        defer { free(text) }
        berth_el_set_clientdata(editor.line, text)
        var count: Int32 = 0
        guard let read = el_gets(editor.line, &count), count > 0 else { return nil }  // Ctrl-D on an empty line
        var line = String(cString: read)
        if line.hasSuffix("\n") { line.removeLast() }
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { berth_history_enter(editor.history, line) }
        return line
    }

    private func makeEditor() -> (line: OpaquePointer, history: OpaquePointer)? {
        Self.useUTF8()
        guard let line = berth_el_init("berth", toStandardError ? 1 : 0) else { return nil }
        guard let history = history_init() else {
            el_end(line)
            return nil
        }
        berth_history_setsize(history, Self.historySize)
        berth_history_setunique(history, 1)
        berth_el_set_history(line, history)
        berth_el_set_editor(line, "emacs")
        berth_el_set_signal(line, 1)
        berth_el_set_prompt(line) { line in
            berth_el_get_clientdata(line)?.assumingMemoryBound(to: CChar.self)
        }
        el_source(line, nil)  // ~/.editrc (or $EDITRC), read after the defaults so it overrides them
        editor = (line, history)
        return editor
    }

    /// libedit reads and shows multibyte text in the C library's character encoding. berth's
    /// questions and answers are UTF-8 whatever the locale (Japanese prompts included), so
    /// the encoding is UTF-8: the user's locale when it is UTF-8, else C.UTF-8 (Linux) or
    /// UTF-8 (macOS). Only LC_CTYPE changes; berth formats nothing through the C locale.
    private static func useUTF8() {
        if setlocale(LC_CTYPE, "") != nil, String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8" { return }
        for name in ["C.UTF-8", "UTF-8"] where setlocale(LC_CTYPE, name) != nil { return }
    }
}
