import Foundation
import SwitchboardCheck
import SwitchboardModel
import SwitchboardStore

/// Everything `switchboard daemon` is started with (flags over the environment over switchboard.yaml).
public struct DaemonConfiguration: Sendable {
    public var directory: String
    public var settings: Settings
    public var target: DatabaseTarget
    /// Plan and apply this often even when no file changed: drift made by hand is repaired.
    public var interval: Duration
    /// Quiet time after the last file event before the files are read (editors and git write in bursts).
    public var debounce: Duration
    public var listenHost: String
    public var listenPort: UInt16
    /// false: drift found on the interval is reported, not repaired.
    public var selfHeal: Bool
    public var encryptionKeyFile: String?
    public var requireKey = false
    public var environment = ProcessInfo.processInfo.environment
    /// After an apply that changed SIP accounts or channels, check them (`switchboard check`);
    /// nil: no checks.
    public var checks: CheckRunner?
    /// With `targets:`: the target this daemon keeps in line (its rows only); nil: the one database.
    public var selection: Target?

    public init(directory: String, settings: Settings, target: DatabaseTarget, interval: Duration, debounce: Duration,
                listenHost: String, listenPort: UInt16, selfHeal: Bool) {
        self.directory = directory
        self.settings = settings
        self.target = target
        self.interval = interval
        self.debounce = debounce
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.selfHeal = selfHeal
    }

    /// `127.0.0.1:9464`, `0.0.0.0:9464`, `localhost:9464` → host and port.
    public static func parseListen(_ text: String) -> (host: String, port: UInt16)? {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        let host = String(text[..<colon])
        if host == "localhost" { return ("127.0.0.1", port) }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return nil }
        return (host, port)
    }
}
