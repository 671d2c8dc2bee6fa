import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SwitchboardModel

/// The SIP reload hooks that run after commit (DESIGN §1 `hooks.sipReload`): an authenticated
/// HTTP POST with retries, and a command. (`notify` is sent inside the transaction instead.)
public struct ReloadHooks: Sendable {
    public struct Outcome: Sendable, CustomStringConvertible {
        public var hook: String
        public var succeeded: Bool
        /// What happened, without the token.
        public var detail: String

        public var description: String { "\(hook): \(detail)" }
    }

    /// How long a command may run before it is stopped.
    static let commandTimeout: TimeInterval = 30

    public let hooks: SIPReloadHooks
    public let environment: [String: String]

    public init(hooks: SIPReloadHooks, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.hooks = hooks
        self.environment = environment
    }

    /// True when something must run after commit (and a failure must be remembered as pending).
    public var runsAfterCommit: Bool { hooks.http != nil || hooks.command != nil }

    public func deliver(_ payload: ReloadPayload) async -> [Outcome] {
        var outcomes: [Outcome] = []
        if let http = hooks.http { outcomes.append(await post(payload, with: http)) }
        if let command = hooks.command { outcomes.append(await run(command, payload: payload)) }
        return outcomes
    }

    private func post(_ payload: ReloadPayload, with http: SIPReloadHooks.HTTP) async -> Outcome {
        await HookPost(http: http, environment: environment).send(Data(payload.json.utf8))
    }

    /// Runs the program directly (no shell), with the payload in SWITCHBOARD_RELOAD_PAYLOAD.
    private func run(_ argv: [String], payload: ReloadPayload) async -> Outcome {
        let name = "command \(argv[0])"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0].contains("/") ? argv[0] : "/usr/bin/env")
        process.arguments = argv[0].contains("/") ? Array(argv.dropFirst()) : argv
        process.environment = environment.merging(["SWITCHBOARD_RELOAD_PAYLOAD": payload.json]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            return Outcome(hook: name, succeeded: false, detail: "cannot start: \(error.localizedDescription)")
        }
        let deadline = Date().addingTimeInterval(Self.commandTimeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                return Outcome(hook: name, succeeded: false, detail: "stopped after \(Int(Self.commandTimeout)) s")
            }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        let status = process.terminationStatus
        return Outcome(hook: name, succeeded: status == 0, detail: status == 0 ? "exit 0" : "exit \(status)")
    }
}
