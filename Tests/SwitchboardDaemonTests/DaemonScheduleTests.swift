import Testing
@testable import SwitchboardDaemon

/// The daemon's schedule as a value, against a fake clock: no process, no sleep.
struct DaemonScheduleTests {
    /// Whole milliseconds since an arbitrary start.
    struct FakeInstant: InstantProtocol {
        var milliseconds: Int64
        func advanced(by duration: Duration) -> FakeInstant {
            FakeInstant(milliseconds: milliseconds + duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        }
        func duration(to other: FakeInstant) -> Duration { .milliseconds(other.milliseconds - milliseconds) }
        static func < (a: FakeInstant, b: FakeInstant) -> Bool { a.milliseconds < b.milliseconds }
    }

    static func at(_ milliseconds: Int64) -> FakeInstant { FakeInstant(milliseconds: milliseconds) }

    func schedule() -> DaemonSchedule<FakeInstant> {
        DaemonSchedule(debounce: .milliseconds(100), interval: .seconds(60), start: Self.at(0))
    }

    @Test func theFirstReadIsAtOnceAndTheFirstRunIsStart() {
        var schedule = schedule()
        #expect(schedule.filesSettled(at: Self.at(0)))
        schedule.noteFilesRead(changed: true)
        #expect(!schedule.filesSettled(at: Self.at(1)))
        #expect(schedule.due(at: Self.at(1)) == .start)
        schedule.noteRun(at: Self.at(50), failed: false)
        #expect(schedule.due(at: Self.at(51)) == nil)
    }

    @Test func fileEventsAreReadOnceQuietForTheDebounce() {
        var schedule = schedule()
        schedule.noteFilesRead(changed: true)
        schedule.noteRun(at: Self.at(10), failed: false)
        schedule.noteFileEvent(at: Self.at(1_000))
        schedule.noteFileEvent(at: Self.at(1_080))  // another one restarts the quiet time
        #expect(!schedule.filesSettled(at: Self.at(1_150)))
        #expect(schedule.filesSettled(at: Self.at(1_180)))
        schedule.noteFilesRead(changed: true)
        #expect(schedule.due(at: Self.at(1_181)) == .files)
        // Invalid files are read, and nothing is due.
        schedule.noteRun(at: Self.at(1_200), failed: false)
        schedule.noteFileEvent(at: Self.at(2_000))
        schedule.noteFilesRead(changed: false)
        #expect(schedule.due(at: Self.at(2_200)) == nil)
    }

    @Test func theIntervalSignalsAndLeadership() {
        var schedule = schedule()
        schedule.noteFilesRead(changed: true)
        schedule.noteRun(at: Self.at(0), failed: false)
        #expect(schedule.due(at: Self.at(59_999)) == nil)
        #expect(schedule.due(at: Self.at(60_000)) == .interval)
        schedule.noteSignal()
        #expect(schedule.due(at: Self.at(60_000)) == .signal)
        schedule.noteRun(at: Self.at(60_010), failed: false)
        schedule.noteBecameLeader()
        #expect(schedule.due(at: Self.at(60_011)) == .leadership)
    }

    @Test func aDatabaseFailureIsRetriedWithBackoffUntilItWorks() {
        var schedule = schedule()
        schedule.noteFilesRead(changed: true)
        var now: Int64 = 0
        var delays: [Int64] = []
        for _ in 0..<7 {
            schedule.noteRun(at: Self.at(now), failed: true)
            let retry = schedule.retryAt!.milliseconds
            #expect(schedule.due(at: Self.at(retry - 1)) == nil)  // not even the interval meanwhile
            #expect(schedule.due(at: Self.at(retry)) == .retry)
            delays.append(retry - now)
            now = retry
        }
        #expect(delays == [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000])
        schedule.noteRun(at: Self.at(now), failed: false)
        #expect(schedule.retryAt == nil)
        #expect(schedule.backoff == .seconds(1))
        #expect(schedule.due(at: Self.at(now + 60_000)) == .interval)
    }
}
