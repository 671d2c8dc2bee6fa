import Dispatch

/// Runs two independent parts of a computation at once and returns both (the planner's, the
/// applier's rows): the machine has two cores, and `concurrentPerform` runs one part on each.
/// Neither part may write what the other reads.
public func inParallel<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    let (a, b) = inParallel(first, parts: 1) { _ in second() }
    return (a, b[0])
}

/// `first` once and `part(index)` for each index of `0..<parts`, all at once: each core takes the
/// next one as it comes free, so parts of uneven cost still share the cores (the planner's routes,
/// in parts, beside every other kind). `first` starts first: it should be the longest.
public func inParallel<A, B>(_ first: () -> A, parts: Int, _ part: (Int) -> B) -> (A, [B]) {
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(part) { part in
            nonisolated(unsafe) let work = (first, part)
            nonisolated(unsafe) var a: A?
            // Each part writes its own slot through the pointer: no array shared between threads.
            let slots = UnsafeMutableBufferPointer<B?>.allocate(capacity: parts)
            slots.initialize(repeating: nil)
            defer { slots.deinitialize().deallocate() }
            nonisolated(unsafe) let results = slots
            DispatchQueue.concurrentPerform(iterations: parts + 1) { index in
                if index == 0 { a = work.0() } else { results[index - 1] = work.1(index - 1) }
            }
            return (a!, slots.map { $0! })
        }
    }
}

/// Three independent parts on the two cores: one core takes `first`, the other `second`, and
/// whichever comes free first takes `third`. `first` should be the longest.
public func inParallel<A, B, C>(_ first: () -> A, _ second: () -> B, _ third: () -> C) -> (A, B, C) {
    let (a, rest) = inParallel(first, parts: 2) { index -> (B?, C?) in
        index == 0 ? (second(), nil) : (nil, third())
    }
    return (a, rest[0].0!, rest[1].1!)
}
