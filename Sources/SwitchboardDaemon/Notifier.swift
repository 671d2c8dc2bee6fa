import Foundation
import Logging
import SwitchboardModel
import SwitchboardPlan
import SwitchboardReconcile

/// `hooks.notify`: tells people what the daemon did. One JSON object per event, with a
/// Slack-compatible `text`; posted in the background (a slow receiver never holds a run up),
/// retried, and made only of summaries: plan lines, check lines, counts. Never a secret.
struct Notifier: Sendable {
    struct Message: Encodable, Sendable {
        var event: String
        /// One line for chat (Slack and compatible webhooks read `text`).
        var text: String
        var summary: String
        var database: String
        var revision: String?
        /// ISO-8601.
        var at: String
    }

    let hook: NotifyHook?
    /// The database as plans name it (no password).
    let database: String
    let environment: [String: String]
    let logger: Logger

    func send(_ event: NotifyEvent, _ summary: String, revision: String?) {
        guard let hook, hook.events.contains(event) else { return }
        let message = Message(event: event.rawValue, text: "switchboard \(event.rawValue) on \(database): \(summary)", summary: summary,
                              database: database, revision: revision,
                              at: ISO8601DateFormatter().string(from: Date()))
        guard let body = try? JSONText.data(message, indented: false) else { return }
        let post = HookPost(http: hook.http, environment: environment)
        let logger = self.logger
        Task.detached {
            let outcome = await post.send(body)
            if !outcome.succeeded { logger.warning("notify: \(outcome)") }
        }
    }
}
