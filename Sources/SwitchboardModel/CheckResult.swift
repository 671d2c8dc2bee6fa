/// What `switchboard check` tests (DESIGN §4): a SIP trunk, a tenant's SMTP server, a tenant's
/// WhatsApp account.
public enum CheckKind: String, CaseIterable, Hashable, Sendable, Codable {
    case sip, smtp, whatsapp
}

/// The outcome of one check: one line per row, never a secret.
public struct CheckResult: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        case ok, failed
    }

    public var kind: CheckKind
    /// The row checked: its `switchboard_managed` key, so a plan shows the result beside the row.
    public var key: ManagedKey
    /// How people name it: the SIP account's label, or the tenant's slug.
    public var name: String
    public var status: Status
    /// What was proved ("OPTIONS answered 200 OK"), or why it failed ("timeout: no answer within 5 s").
    public var detail: String
    public var seconds: Double
    public var location: SourceLocation?

    public init(kind: CheckKind, key: ManagedKey, name: String, status: Status, detail: String, seconds: Double,
                location: SourceLocation? = nil) {
        self.kind = kind
        self.key = key
        self.name = name
        self.status = status
        self.detail = detail
        self.seconds = seconds
        self.location = location
    }

    public var isOK: Bool { status == .ok }

    /// "ok: OPTIONS answered 200 OK (12 ms)": the text beside a plan row.
    public var summary: String {
        "\(status.rawValue): \(detail) (\(milliseconds) ms)"
    }

    public var milliseconds: Int { Int((seconds * 1000).rounded()) }
}
