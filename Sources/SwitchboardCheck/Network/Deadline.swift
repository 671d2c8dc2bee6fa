import Foundation
import SwitchboardModel

/// The moment a check gives up: every network step waits at most until then.
struct Deadline: Sendable {
    let uptimeNanoseconds: UInt64
    /// The whole budget, for the timeout message.
    let budget: Double

    init(seconds: Double) {
        budget = seconds
        uptimeNanoseconds = DispatchTime.now().uptimeNanoseconds + UInt64(max(seconds, 0) * 1e9)
    }

    /// Seconds left (0 when past).
    var remaining: Double {
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= uptimeNanoseconds ? 0 : Double(uptimeNanoseconds - now) / 1e9
    }

    var remainingMilliseconds: Int32 { Int32(min(remaining * 1000, Double(Int32.max)).rounded(.up)) }

    /// "timeout: no answer within 5 s" (what did not answer in time, in the caller's words).
    func timeout(_ what: String = "no answer") -> CheckFailure {
        CheckFailure("timeout: \(what) within \(secondsText(budget))")
    }
}
