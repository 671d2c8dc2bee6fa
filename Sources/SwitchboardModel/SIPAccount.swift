/// Transports the platform's SIP stack accepts (`contact_transport`).
public enum SIPTransport: String, CaseIterable, Hashable, Sendable, Codable {
    case udp, tcp, tls
}

/// A platform SIP trunk account (`sip_accounts`). Identity: `label`.
public struct SIPAccount: Hashable, Sendable, Codable {
    public var label: String
    public var trunkURI: String
    public var username: String?
    public var password: SecretReference?
    public var contactHost: String?
    public var contactPort: Int?
    public var contactTransport: SIPTransport
    public var isDefault: Bool
    public var isActive: Bool
    /// `renamedFrom: "Old label"`: the same row under a new label (its id and workflow bindings
    /// kept), not a delete and a create. Files only.
    public var renamedFrom: String?
    /// `protect: true`: deleting or deactivating the account is refused without `--allow-protected`.
    public var isProtected = false
    public var location: SourceLocation?

    public init(
        label: String, trunkURI: String, username: String? = nil, password: SecretReference? = nil,
        contactHost: String? = nil, contactPort: Int? = nil, contactTransport: SIPTransport = .udp,
        isDefault: Bool = false, isActive: Bool = true, location: SourceLocation? = nil
    ) {
        self.label = label
        self.trunkURI = trunkURI
        self.username = username
        self.password = password
        self.contactHost = contactHost
        self.contactPort = contactPort
        self.contactTransport = contactTransport
        self.isDefault = isDefault
        self.isActive = isActive
        self.location = location
    }
}

/// "This workflow places and receives its calls on this trunk": sets
/// `workflow_definitions.sip_account_id` for every definition of the workflow. Identity: `workflowSlug`.
public struct WorkflowBinding: Hashable, Sendable, Codable {
    public var workflowSlug: String
    public var accountLabel: String
    public var location: SourceLocation?

    public init(workflowSlug: String, accountLabel: String, location: SourceLocation? = nil) {
        self.workflowSlug = workflowSlug
        self.accountLabel = accountLabel
        self.location = location
    }
}

extension SIPAccount: ManagedRow {
    public static var kind: ResourceKind { .sipAccounts }
    public var managedKey: ManagedKey { .sipAccount(label) }
}

extension WorkflowBinding: ManagedRow {
    public static var kind: ResourceKind { .workflowBindings }
    public var managedKey: ManagedKey { .workflowBinding(workflowSlug) }
}
