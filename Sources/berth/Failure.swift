import ArgumentParser
import BerthCore
import Foundation
import Synchronization

extension ExitCode {
    /// The one place an error's meaning becomes an exit status (docs/cli.md).
    init(_ category: ErrorCategory) {
        switch category {
        case .refusal: self.init(1)
        case .usage: self.init(2)
        case .badInput: self.init(3)
        case .environment: self.init(4)
        }
    }
}

/// Runs a command body, turning berth's typed errors into `file:line:col: code: message`
/// on stderr and the exit status of their category. Only the CLI prints errors.
func reporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as LocatedError {
        for line in error.lines { printErrorLine(line) }
        throw ExitCode(error.category)
    } catch let error as CategorizedError {
        printErrorLine("error: \(error)")
        throw ExitCode(error.category)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        // Anything else comes from Foundation or the system underneath.
        printErrorLine("error: \(error)")
        throw ExitCode(.environment)
    }
}

/// Writes text to stderr with its control characters escaped (`\u{1b}`), so that input quoted
/// in a message (an ESC from a CSV cell) cannot drive the terminal. Line breaks are kept:
/// usage text spans lines.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((escapingControls(text, keepingLineBreaks: true) + "\n").utf8))
}

/// An error message, as one line whatever it quotes (`file:line:col: code: message`).
func printErrorLine(_ message: String) {
    printError(escapingControls(message, keepingLineBreaks: false))
}

/// C0 controls, DEL and C1 controls as `\u{…}`.
func escapingControls(_ text: String, keepingLineBreaks: Bool) -> String {
    var out = ""
    for u in text.unicodeScalars {
        if (u.value < 0x20 || (0x7f...0x9f).contains(u.value)) && !(keepingLineBreaks && u == "\n") {
            out += "\\u{\(String(u.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(u)
        }
    }
    return out
}

/// Standard output, written as bytes (no buffering surprises with pipes).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// What a command keeps until the process exits instead of freeing it as it returns: the
/// rule engine and price catalog `decide` built, some 1.7 million instructions (3% of a
/// `decide`) to take apart just before the process ends and the system takes it all back.
private let keptUntilExit = Mutex<[any Sendable]>([])

func keepUntilExit(_ value: any Sendable) {
    keptUntilExit.withLock { $0.append(value) }
}

/// One variable of the process's environment (`ProcessInfo.environment` copies all of them
/// into a dictionary first).
func environmentVariable(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// A JSON document (pretty, with a final newline) on standard output.
func emit(json: JSONValue) {
    FileHandle.standardOutput.write(Data(json.renderedBytes()))
}

/// Prose for a person: wrapped at words to the terminal's width when stdout is a terminal
/// ($COLUMNS, else the terminal's own size), as it is when piped or redirected otherwise.
func emitProse(_ text: String) {
    emit(terminalWidth.map { TextWrap.wrap(text, width: $0) } ?? text)
}

/// The width to wrap prose at: nil when stdout is not a terminal.
var terminalWidth: Int? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    if let columns = environmentVariable("COLUMNS").flatMap(Int.init), columns >= 20 { return columns }
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
    return 80
}

/// True when colour is wanted: stdout is a terminal and NO_COLOR is not set.
var wantsColor: Bool {
    environmentVariable("NO_COLOR") == nil && isatty(STDOUT_FILENO) == 1
}
