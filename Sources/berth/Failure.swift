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
        printError(error.description)
        throw ExitCode(error.category)
    } catch let error as CategorizedError {
        printError("error: \(error)")
        throw ExitCode(error.category)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        // Anything else comes from Foundation or the system underneath.
        printError("error: \(error)")
        throw ExitCode(.environment)
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Standard output, written as bytes (no buffering surprises with pipes).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// True when colour is wanted: stdout is a terminal and NO_COLOR is not set.
var wantsColor: Bool {
    ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
}
