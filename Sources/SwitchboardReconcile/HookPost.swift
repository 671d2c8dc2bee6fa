import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SwitchboardModel

/// An authenticated JSON POST with retries: the SIP reload hook and the daemon's notifications.
/// The token comes from the environment variable the settings name, and never appears in an outcome.
public struct HookPost: Sendable {
    public let http: SIPReloadHooks.HTTP
    public let environment: [String: String]

    public init(http: SIPReloadHooks.HTTP, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.http = http
        self.environment = environment
    }

    public func send(_ body: Data) async -> ReloadHooks.Outcome {
        typealias Outcome = ReloadHooks.Outcome
        // User info and query values are credentials: never in output (RedactedURL).
        let name = "POST \(RedactedURL.display(http.url))"
        guard let url = URL(string: http.url) else { return Outcome(hook: name, succeeded: false, detail: "not a URL") }
        var request = URLRequest(url: url, timeoutInterval: Double(http.timeout.milliseconds) / 1000)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let variable = http.tokenEnvironmentVariable {
            guard let token = environment[variable], !token.isEmpty else {
                return Outcome(hook: name, succeeded: false, detail: "environment variable \(variable) (the bearer token) is not set")
            }
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        var last = ""
        for attempt in 0...http.retries {
            if attempt > 0 {
                // Backoff: 0.2 s, 0.4 s, 0.8 s… at most 5 s between attempts.
                try? await Task.sleep(nanoseconds: UInt64(min(0.2 * pow(2, Double(attempt - 1)), 5) * 1e9))
            }
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<300).contains(status) {
                    return Outcome(hook: name, succeeded: true, detail: "\(status)\(attempt > 0 ? " after \(attempt + 1) attempts" : "")")
                }
                last = "HTTP \(status)"
            } catch {
                last = RedactedURL.scrub(error.localizedDescription, url: http.url)
            }
        }
        return Outcome(hook: name, succeeded: false, detail: "\(last) (\(http.retries + 1) attempt\(http.retries == 0 ? "" : "s"))")
    }
}
