import Foundation

/// Signs of life on a terminal during a long run (`reading the database…`), on one line of
/// standard error that is cleared before anything else is printed; nothing when not a terminal.
final class Progress: Sendable {
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ phase: String) {
        guard enabled else { return }
        Terminal.writeError("\r\u{1B}[Kswitchboard: \(phase)…")
    }

    func clear() {
        guard enabled else { return }
        Terminal.writeError("\r\u{1B}[K")
    }
}
