import Foundation

/// Runs blocking work (libpq and SQLite calls, file reads) on a serial thread of its own, so the
/// daemon's actor and the HTTP server keep answering while a reconcile runs. One at a time: the
/// connections it uses are never shared between threads.
final class BlockingWorker: Sendable {
    private let queue = DispatchQueue(label: "switchboard-worker")

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
