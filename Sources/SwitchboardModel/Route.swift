/// The channels a route can key: the platform's `tenant_routing.channel` values.
public enum RouteChannel: String, CaseIterable, Hashable, Sendable, Comparable, Codable {
    /// Called number (DID), E.164.
    case vocal
    /// WhatsApp Business number (the webhook's "To"), E.164.
    case whatsapp
    /// Value of the widget's `X-Tenant-Key` header.
    case web

    public var usesPhoneKeys: Bool { self != .web }

    /// Its place among the channels, for hashing (hashing the channel itself hashes its name) and
    /// for tables by channel.
    public var ordinal: UInt8 {
        switch self {
        case .vocal: 0
        case .whatsapp: 1
        case .web: 2
        }
    }

    public static func < (a: RouteChannel, b: RouteChannel) -> Bool { a.rawValue < b.rawValue }
}

/// Identity of a route: `(channel, key)`, unique across the platform.
public struct RouteKey: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var channel: RouteChannel
    /// Normalised: E.164 for phone channels, the header value for web.
    public var key: String

    public init(channel: RouteChannel, key: String) {
        self.channel = channel
        self.key = key
    }

    public var description: String { "\(channel.rawValue) \(key)" }

    /// The key, then the channel's place: a key hashed a million times a plan (the cross-file
    /// index, the differ) hashes one string, not two (the channel's name).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(channel.ordinal)
    }

    public static func < (a: RouteKey, b: RouteKey) -> Bool {
        if a.channel != b.channel { return a.channel < b.channel }
        return a.key.precedesInByteOrder(b.key)
    }
}

/// A row of `tenant_routing`: which tenant a number or widget key belongs to.
public struct Route: Hashable, Sendable, Codable {
    public var key: RouteKey
    public var tenantID: Int64
    public var isActive: Bool
    /// `keepInvalid: true`: a number libphonenumber says can never be dialled, already in the
    /// database (brownfield), declared to be kept. Such a route is kept or moved, never created.
    public var keepsInvalidKey: Bool
    /// `protect: true`: deleting, moving or deactivating the route is refused without `--allow-protected`.
    public var isProtected = false
    public var location: SourceLocation?

    public init(key: RouteKey, tenantID: Int64, isActive: Bool = true, keepsInvalidKey: Bool = false, location: SourceLocation? = nil) {
        self.key = key
        self.tenantID = tenantID
        self.isActive = isActive
        self.keepsInvalidKey = keepsInvalidKey
        self.location = location
    }
}

extension Route: ManagedRow {
    public static var kind: ResourceKind { .routes }
    public var managedKey: ManagedKey { .route(key) }
}
