import Dispatch

/// `(0..<count).map(transform)` spread over the machine's cores. Loading 10,000 files is
/// CPU-bound (libyaml and our checks), and each file is independent of the others. At most one
/// transform per core runs at once (`concurrentPerform`): the targets of a wave use it too.
public func parallelMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    let chunkCount = min(count, 64)
    guard chunkCount > 1 else { return (0..<count).map(transform) }
    let slots = Slots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
        var index = chunk
        while index < count {
            slots.initialize(index, transform(index))
            index += chunkCount
        }
    }
    return slots.take()
}

/// Memory for `count` results, allocated once: each thread initialises its own indices through the
/// pointer (no array, so no copy-on-write check shared between threads), and `take()` moves them
/// all out once `concurrentPerform` has returned.
private final class Slots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
    }

    func initialize(_ index: Int, _ value: T) { (base + index).initialize(to: value) }

    /// Every slot must have been initialised.
    func take() -> [T] {
        let values = Array(UnsafeMutableBufferPointer(start: base, count: count))
        base.deinitialize(count: count)
        return values
    }

    deinit { base.deallocate() }
}
