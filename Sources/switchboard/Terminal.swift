import Foundation
import SwitchboardModel

/// Writing to the terminal: whole buffers through FileHandle (C's stdout is not concurrency-safe
/// in Swift 6), colour only on a terminal and never with NO_COLOR.
enum Terminal {
    static func write(_ text: String, to handle: FileHandle = .standardOutput) {
        guard !text.isEmpty else { return }
        handle.write(Data(text.utf8))
    }

    static func writeError(_ text: String) { write(text, to: .standardError) }

    static func isTerminal(_ handle: FileHandle) -> Bool { isatty(handle.fileDescriptor) == 1 }

    static func usesColour(_ handle: FileHandle) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if environment["NO_COLOR"] != nil || environment["TERM"] == "dumb" { return false }
        return isatty(handle.fileDescriptor) == 1
    }

    /// `path:line:col: error: message`, with the severity in colour when asked.
    static func line(for diagnostic: Diagnostic, colour: Bool) -> String {
        guard colour else { return diagnostic.description }
        let code = diagnostic.isError ? "\u{1B}[1;31m" : "\u{1B}[1;35m"
        return "\u{1B}[1m\(diagnostic.location):\u{1B}[0m \(code)\(diagnostic.severity.rawValue):\u{1B}[0m \(diagnostic.message)"
    }
}
