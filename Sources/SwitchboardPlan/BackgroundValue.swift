import Foundation

/// A value computed on a thread of its own while the caller does something else (a plan reads the
/// database while it parses the files: the two took one after the other most of a no-op plan; an
/// SQLite apply makes a step's values while the step before is written; the planner makes the rows'
/// facts while it pairs the rows). A thread, not a dispatch queue: the caller may itself run on one
/// of the queues' few threads (the targets of a wave), and waiting there for work queued behind it
/// could stall.
package final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: Result<Value, any Error>?

    package init(_ work: @escaping @Sendable () throws -> Value) {
        done.enter()
        Thread.detachNewThread { [self] in
            result = Result { try work() }
            done.leave()
        }
    }

    /// Waits for the value (or rethrows its error).
    package func value() throws -> Value {
        done.wait()
        return try result!.get()
    }

    /// Waits for the work to end, its value unused: a process must not exit while the thread is in
    /// libpq (invalid files end a plan before its read is needed).
    package func finish() { done.wait() }
}
