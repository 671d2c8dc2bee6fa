import Dispatch

/// Lets go of a large value on another thread. Freeing a million rows one allocation at a time
/// took half a second after a command's work was done: a command need not wait for it (its process
/// exits meanwhile, and the system takes the memory back at once), nor the daemon's next edit.
public enum BackgroundRelease {
    private static let queue = DispatchQueue(label: "switchboard.background-release", qos: .utility)

    public static func drop<Value: Sendable>(_ value: Value) {
        queue.async { withExtendedLifetime(value) {} }
    }
}
