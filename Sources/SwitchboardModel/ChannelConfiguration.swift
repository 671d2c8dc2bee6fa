/// The four channels of the channels document: phone and SMS run centrally (the tenant only switches
/// them on and picks message types); email is bring-your-own-SMTP; WhatsApp bring-your-own-account.
public enum ChannelType: String, CaseIterable, Hashable, Sendable, Comparable, Codable {
    case phone, sms, email, whatsapp

    /// Message types the platform knows for this channel; others are accepted with a warning.
    public var knownTemplates: [String] {
        switch self {
        case .phone: []
        case .sms: ["rdvConfirmation", "rdvRappel", "promotions"]
        case .email: ["rdvConfirmation", "rdvRappel", "newsletter", "promotions"]
        case .whatsapp: ["rdvConfirmation", "rdvRappel", "promotions", "reponseAuto"]
        }
    }

    public static func < (a: ChannelType, b: ChannelType) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The tenant's own SMTP server (email channel).
public struct SMTPSettings: Hashable, Sendable, Codable {
    public var host: String?
    public var port: Int?
    public var secure: Bool?
    public var user: String?
    public var password: SecretReference?
    public var fromEmail: String?
    public var fromName: String?

    public init(
        host: String? = nil, port: Int? = nil, secure: Bool? = nil, user: String? = nil,
        password: SecretReference? = nil, fromEmail: String? = nil, fromName: String? = nil
    ) {
        self.host = host
        self.port = port
        self.secure = secure
        self.user = user
        self.password = password
        self.fromEmail = fromEmail
        self.fromName = fromName
    }

    /// Every setting a mail can be sent with. `secure` defaults sensibly and is not required.
    public var isComplete: Bool {
        host != nil && port != nil && user != nil && password != nil && fromEmail != nil
    }
}

public enum WhatsAppConnectionMethod: String, CaseIterable, Hashable, Sendable, Codable {
    case manual, oauth
}

/// The tenant's own WhatsApp Business account.
public struct WhatsAppSettings: Hashable, Sendable, Codable {
    public var connectionMethod: WhatsAppConnectionMethod
    /// E.164.
    public var whatsappNumber: String?
    public var phoneNumberID: String?
    public var apiToken: SecretReference?

    public init(
        connectionMethod: WhatsAppConnectionMethod = .manual, whatsappNumber: String? = nil,
        phoneNumberID: String? = nil, apiToken: SecretReference? = nil
    ) {
        self.connectionMethod = connectionMethod
        self.whatsappNumber = whatsappNumber
        self.phoneNumberID = phoneNumberID
        self.apiToken = apiToken
    }

    /// manual: number + phone number id + token; oauth: number + token.
    public var isComplete: Bool {
        switch connectionMethod {
        case .manual: whatsappNumber != nil && phoneNumberID != nil && apiToken != nil
        case .oauth: whatsappNumber != nil && apiToken != nil
        }
    }
}

/// Channel-specific settings: what `config_encrypted` holds at rest. Each block is held in a box of
/// its own (`indirect`): the planner copies every channel row several times, and a copy of a
/// block retained each of its strings (a no-op plan of 100,000 channels and a million routes:
/// plan phase 0.74 → 0.67 s).
public enum ChannelSettings: Hashable, Sendable, Codable {
    case none
    indirect case email(SMTPSettings?)
    indirect case whatsapp(WhatsAppSettings)
}

/// A row of `channel_configurations`. Identity: `(tenantID, type)`.
public struct ChannelConfiguration: Hashable, Sendable, Codable {
    public var tenantID: Int64
    public var type: ChannelType
    public var isEnabled: Bool
    /// Message type → switched on.
    public var templates: [String: Bool]
    public var settings: ChannelSettings
    public var location: SourceLocation?

    public init(
        tenantID: Int64, type: ChannelType, isEnabled: Bool, templates: [String: Bool] = [:],
        settings: ChannelSettings = .none, location: SourceLocation? = nil
    ) {
        self.tenantID = tenantID
        self.type = type
        self.isEnabled = isEnabled
        self.templates = templates
        self.settings = settings
        self.location = location
    }

    /// True when the channel has every setting it needs: phone and SMS always (they run centrally),
    /// email with a complete SMTP block, WhatsApp per its connection method.
    public var isConfigured: Bool {
        switch settings {
        case .none: type == .phone || type == .sms
        case .email(let smtp): smtp?.isComplete ?? false
        case .whatsapp(let whatsapp): whatsapp.isComplete
        }
    }
}

extension ChannelConfiguration: ManagedRow {
    public static var kind: ResourceKind { .channels }
    public var managedKey: ManagedKey { .channel(tenantID: tenantID, type: type) }
}
