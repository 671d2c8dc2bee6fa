import SwitchboardModel

/// A database problem, as one line that never holds a password.
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String

    public init(_ message: String) { self.message = Self.oneLine(message) }

    public var description: String { message }

    /// libpq's messages span lines ("connection … failed: …\n\tIs the server running…").
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimming(" \t") }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}

