import Dispatch

/// Runs two independent parts of a computation at once and returns both (the planner's, the
/// applier's rows): the machine has two cores, and `concurrentPerform` runs one part on each.
/// Neither part may write what the other reads.
public func inParallel<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            nonisolated(unsafe) let parts = (first, second)
            nonisolated(unsafe) var a: A?
            nonisolated(unsafe) var b: B?
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 { a = parts.0() } else { b = parts.1() }
            }
            return (a!, b!)
        }
    }
}
