import ArgumentParser
import SwitchboardLoader
import SwitchboardReconcile
import SwitchboardStore

/// Runs `body`, turning the failures an operator can act on into their located diagnostics (if
/// any) and one `error:` line on standard error, with exit status 1. Other errors propagate.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ReconcileError {
        let colour = Terminal.usesColour(.standardError)
        Terminal.writeError(error.diagnostics.map { Terminal.line(for: $0, colour: colour) + "\n" }.joined())
        Terminal.writeError("error: \(error)\n")
    } catch let error as DatabaseError {
        Terminal.writeError("error: \(error)\n")
    } catch let error as DirectoryLoaderError {
        Terminal.writeError("error: \(error)\n")
    } catch let error as ValidationError {
        Terminal.writeError("error: \(error.message)\n")
    } catch let failure as LocatedFailure {
        Terminal.writeError("\(failure.line)\n")
    }
    throw ExitCode.failure
}

/// A failure whose line is already in the `location: error: message` form (or `error: --flag: …`
/// where there is no file): printed as it is.
struct LocatedFailure: Error {
    var line: String

    init(_ line: String) { self.line = line }
}
