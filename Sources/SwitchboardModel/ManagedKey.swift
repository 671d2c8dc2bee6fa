/// A row switchboard has recorded as its own (`switchboard_ownership`): only those are pruned
/// under `prune: owned`.
///
/// A route's key is held as its channel and the rest (`vocal` and `+33123456789` for
/// `vocal:+33123456789`): the rest of a phone key then fits in a string stored inline, where the
/// whole key took a heap allocation. A no-op plan of a million routes built and looked up two
/// million of those (reading ownership, then asking it of each route).
public struct ManagedKey: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let kind: ResourceKind
    /// A route's channel, when its key starts with one and `:`; nil for every other key.
    private let channel: RouteChannel?
    /// The key after `channel:`, or the whole key.
    private let rest: String

    public init(kind: ResourceKind, key: String) {
        var key = key
        self = key.withUTF8 { ManagedKey(kind: kind, utf8: $0) }
    }

    /// The key from its UTF-8 bytes as a database returns them, without making the whole key a
    /// string first.
    public init(kind: ResourceKind, utf8 key: UnsafeBufferPointer<UInt8>) {
        self.kind = kind
        // The channel matched on its bytes: a string of each of a million names cost more.
        if kind == .routes, let colon = key.firstIndex(of: UInt8(ascii: ":")),
           let channel = Self.channel(named: UnsafeBufferPointer(rebasing: key[..<colon])) {
            self.channel = channel
            rest = String(decoding: key[(colon + 1)...], as: UTF8.self)
        } else {
            channel = nil
            rest = String(decoding: key, as: UTF8.self)
        }
    }

    /// Each channel's name as bytes, compared with a key's first by length: comparing the name's
    /// `utf8` view through generic code took 4 % of reading a million routes' state.
    private static let channelNames = RouteChannel.allCases.map { (channel: $0, name: Array($0.rawValue.utf8)) }

    private static func channel(named name: UnsafeBufferPointer<UInt8>) -> RouteChannel? {
        for (channel, bytes) in channelNames where bytes.count == name.count && bytes.indices.allSatisfy({ bytes[$0] == name[$0] }) {
            return channel
        }
        return nil
    }

    private init(route: RouteKey) {
        kind = .routes
        channel = route.channel
        rest = route.key
    }

    /// The row's identity as text: tenant id, `channel:key`, account label, `tenant:channel`, workflow slug.
    public var key: String { channel.map { $0.rawValue + ":" + rest } ?? rest }

    /// The route this records, for a route's key (nil for every other kind).
    public var routeKey: RouteKey? {
        guard let channel else { return nil }
        return RouteKey(channel: channel, key: rest)
    }

    /// Calls `body` with each byte of `key`, in order, without making it.
    public func forEachKeyByte(_ body: (UInt8) -> Void) {
        if let channel {
            for byte in channel.rawValue.utf8 { body(byte) }
            body(UInt8(ascii: ":"))
        }
        for byte in rest.utf8 { body(byte) }
    }

    public static func tenant(_ id: Int64) -> ManagedKey { .init(kind: .tenants, key: String(id)) }
    public static func route(_ key: RouteKey) -> ManagedKey { .init(route: key) }
    public static func sipAccount(_ label: String) -> ManagedKey { .init(kind: .sipAccounts, key: label) }
    public static func channel(tenantID: Int64, type: ChannelType) -> ManagedKey {
        // Appended, not interpolated: `100000:whatsapp` stays a string held inline, where
        // interpolation reserved a buffer on the heap for each of 100,000 channels.
        var key = String(tenantID)
        key += ":"
        key += type.rawValue
        return .init(kind: .channels, key: key)
    }
    public static func workflowBinding(_ slug: String) -> ManagedKey { .init(kind: .workflowBindings, key: slug) }

    public var description: String { "\(kind.rawValue) \(key)" }

    /// The rest of the key, then the kind's and the channel's places in one byte: the set of a
    /// million managed keys hashes one string a key, not three (the kind's and channel's names).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(rest)
        hasher.combine(kind.ordinal &* 4 &+ (channel?.ordinal ?? 3))
    }

    /// By kind, then by the key's bytes.
    public static func < (a: ManagedKey, b: ManagedKey) -> Bool {
        if a.kind != b.kind { return a.kind < b.kind }
        // The same channel (or none): `channel:` is a common prefix of both keys.
        if a.channel == b.channel { return a.rest.precedesInByteOrder(b.rest) }
        return a.key.precedesInByteOrder(b.key)
    }

    // Coded as it always was (saved plans): its kind and its whole key.
    private enum CodingKeys: String, CodingKey { case kind, key }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try container.decode(ResourceKind.self, forKey: .kind), key: try container.decode(String.self, forKey: .key))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(key, forKey: .key)
    }
}
