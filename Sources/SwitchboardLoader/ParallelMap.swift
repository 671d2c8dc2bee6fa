import Dispatch

/// `(0..<count).map(transform)` spread over the machine's cores. Loading 10,000 files is
/// CPU-bound (libyaml and our checks), and each file is independent of the others.
func parallelMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    let slots = Slots<T>(count: count)
    let chunkCount = min(count, 64)
    guard chunkCount > 1 else { return (0..<count).map(transform) }
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
        var index = chunk
        while index < count {
            slots.set(index, transform(index))
            index += chunkCount
        }
    }
    return slots.values()
}

/// Result slots written by disjoint indices from several threads: each index is written once,
/// by one thread, before `values()` runs after `concurrentPerform` returned.
private final class Slots<T>: @unchecked Sendable {
    private var storage: [T?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        storage.withUnsafeMutableBufferPointer { $0[index] = value }
    }

    func values() -> [T] { storage.map { $0! } }
}
