import ArgumentParser
import BerthCore
import Foundation

/// Exit statuses, documented in docs/cli.md.
enum Status {
    static let no: Int32 = 1
    static let badInput: Int32 = 3
    static let ioFailure: Int32 = 4
}

/// Runs a command body, turning berth's typed errors into `file:line:col: code: message`
/// on stderr and the documented exit status. Only the CLI prints errors.
func reporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as LocatedError {
        printError(error.description)
        throw ExitCode(Status.badInput)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        printError("error: \(error)")
        throw ExitCode(Status.ioFailure)
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
