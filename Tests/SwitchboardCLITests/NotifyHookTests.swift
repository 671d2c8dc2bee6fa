import Foundation
import Testing

/// `hooks.notify`: the daemon posts what it did to a real HTTP listener, with the token from the
/// environment and a Slack-compatible `text`, never a secret.
struct NotifyHookTests {
    @Test func theDaemonNotifiesAnApplyAndAFailedCheck() throws {
        let listener = try ReloadListener()
        let closed = try ReloadListener.freePort()   // nothing listens there: the SMTP check fails
        let folder = try SwitchboardProcess.folder([
            "switchboard.yaml": """
                hooks:
                  notify: {url: "\(listener.url)", tokenEnv: NOTIFY_TOKEN, on: [applied, checkFailed]}

                """,
            "tenants.d/acme.yaml": """
                tenant: {id: 42, slug: acme, name: Acme}
                channels:
                  email:
                    enabled: true
                    smtp: {host: 127.0.0.1, port: \(closed), secure: false, user: contact@acme.example, password: {env: ACME_SMTP_PASSWORD}, fromEmail: contact@acme.example}

                """,
        ])
        let environment = ["NOTIFY_TOKEN": "notify-token-77", "ACME_SMTP_PASSWORD": "smtp-secret-4242",
                           "SWITCHBOARD_ENCRYPTION_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="]
        let daemon = try RunningDaemon(in: folder, database: "sqlite:\(folder)/platform.db", environment: environment)
        try daemon.waitForStart()
        try eventually("two notifications") { listener.requests.count >= 2 }
        let messages = try listener.requests.map { request in
            try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        }
        #expect(listener.requests.allSatisfy { $0.authorization == "Bearer notify-token-77" })
        let applied = try #require(messages.first { $0["event"] as? String == "applied" })
        #expect(applied["summary"] as? String == "Plan: 2 to add, 0 to change, 0 to delete. SIP reload: no.")
        #expect(applied["text"] as? String == "switchboard applied on sqlite:\(folder)/platform.db: Plan: 2 to add, 0 to change, 0 to delete. SIP reload: no.")
        let failed = try #require(messages.first { $0["event"] as? String == "checkFailed" })
        #expect((failed["summary"] as? String)?.hasPrefix("smtp acme: cannot connect to 127.0.0.1:\(closed): connection refused") == true, "\(failed)")
        daemon.signal(SIGTERM)
        _ = try daemon.process.wait()
        for request in listener.requests { #expect(!request.body.contains("smtp-secret-4242") && !request.body.contains("notify-token-77")) }
        listener.stop()
    }

    /// switchboard.yaml is written by pull requests: a notification's token may not be a tenant's
    /// secret (the URL could be anyone's), so a tenant file may not read the variable it names.
    @Test func theTokenCannotBeATenantSecret() throws {
        let folder = try SwitchboardProcess.folder([
            "switchboard.yaml": "hooks:\n  notify: {url: \"https://collector.example/x\", tokenEnv: ACME_SMTP_PASSWORD}\n",
            "tenants.d/acme.yaml": """
                tenant: {id: 42, slug: acme, name: Acme}
                channels:
                  email:
                    enabled: true
                    smtp: {host: smtp.acme.example, port: 587, user: contact@acme.example, password: {env: ACME_SMTP_PASSWORD}, fromEmail: contact@acme.example}

                """,
        ])
        let outcome = try SwitchboardProcess.run(["validate"], in: folder, environment: ["ACME_SMTP_PASSWORD": "smtp-secret-4242"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("tenants.d/acme.yaml:5:"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("{env: ACME_SMTP_PASSWORD} is a variable switchboard itself uses"))
        #expect(!outcome.stderr.contains("smtp-secret-4242"))
    }
}
