import Foundation
import SwitchboardModel

/// Runs checks in parallel, each on a thread of its own (the probes block on the network), at
/// most `concurrency` at once, each within `timeout` from its start.
public struct CheckRunner: Sendable {
    public var timeout: Double = 5
    public var concurrency = 16
    /// `--register`: also prove each trunk's username and password with a REGISTER.
    public var register = false
    /// `whatsapp.apiBase`.
    public var whatsAppAPIBase = CheckRunner.defaultWhatsAppAPIBase

    public static let defaultWhatsAppAPIBase = "https://graph.facebook.com/v21.0"

    public init() {}

    /// The results in the targets' order.
    public func run(_ targets: [CheckTarget]) -> [CheckResult] {
        guard !targets.isEmpty else { return [] }
        let state = SharedResults(count: targets.count)
        let lanes = max(1, min(concurrency, targets.count))
        let finished = DispatchGroup()
        for _ in 0..<lanes {
            finished.enter()
            let thread = Thread {
                while let index = state.next() { state.store(check(targets[index]), at: index) }
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        finished.wait()
        return state.results()
    }

    /// One probe, its failure turned into a result line.
    public func check(_ target: CheckTarget) -> CheckResult {
        let started = DispatchTime.now().uptimeNanoseconds
        let deadline = Deadline(seconds: timeout)
        let outcome: Result<String, CheckFailure>
        do {
            outcome = .success(try probe(target, deadline: deadline))
        } catch let failure as CheckFailure {
            outcome = .failure(failure)
        } catch {
            outcome = .failure(CheckFailure("\(error)"))
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let (status, detail): (CheckResult.Status, String) = switch outcome {
        case .success(let detail): (.ok, detail)
        case .failure(let failure): (.failed, failure.reason)
        }
        // Belt and braces: no probe puts a credential in its line, and none may.
        let masked = target.credential.map { !$0.isEmpty ? detail.replacingOccurrences(of: $0, with: "(secret)") : detail } ?? detail
        return CheckResult(kind: target.kind, key: target.key, name: target.name, status: status, detail: masked,
                           seconds: seconds, location: target.location)
    }

    private func probe(_ target: CheckTarget, deadline: Deadline) throws -> String {
        // A REGISTER-less trunk check needs no password; every other check does.
        let needsCredential = if case .sip = target.subject { register } else { true }
        if needsCredential, let problem = target.credentialProblem {
            throw CheckFailure("\(target.kind == .whatsapp ? "the API token" : "the password") is not readable here: \(problem)")
        }
        switch target.subject {
        case .sip(let account):
            return try SIPProbe(account: account, password: target.credential, register: register).run(deadline: deadline)
        case .smtp(let settings):
            return try SMTPProbe(settings: settings, password: target.credential).run(deadline: deadline)
        case .whatsapp(let settings):
            return try GraphProbe(settings: settings, token: target.credential, apiBase: whatsAppAPIBase).run(deadline: deadline)
        }
    }
}

/// The work list and the results, shared by the runner's threads.
private final class SharedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var slots: [CheckResult?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.withLock {
            guard nextIndex < slots.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func store(_ result: CheckResult, at index: Int) { lock.withLock { slots[index] = result } }

    func results() -> [CheckResult] { lock.withLock { slots.compactMap { $0 } } }
}
