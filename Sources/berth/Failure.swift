import ArgumentParser
import BerthCore
import Foundation

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

/// True when colour is wanted: stdout is a terminal and NO_COLOR is not set.
var wantsColor: Bool {
    ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
}
