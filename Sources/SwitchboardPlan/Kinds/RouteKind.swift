import SwitchboardModel

/// Routes in a plan: `+ route whatsapp +33939240575 tenant 42 acme`.
extension Route: PlannedRow {
    public var planIdentity: String { key.description }

    /// The tenant it leads to (created) or led to (deleted), as the `tenant` field shows it.
    public static func planSummary(of change: Change<Route>) -> String {
        guard let field = change.fields.first(where: { $0.name == .tenant }) else { return "" }
        let tenant = change.action == .delete ? field.before.description : field.after.description
        return tenant.isEmpty ? "" : "tenant \(tenant)"
    }
}

extension FieldName {
    /// The tenant a route leads to, as `42 acme`.
    static let tenant = FieldName("tenant")
}

extension PlanContext {
    var routeDiffer: Differ<Route, RouteKey> {
        Differ(
            kind: .routes, identity: \.key, managedKey: ManagedKey.route,
            fields: { live, desired in
                var fields = FieldChanges()
                // A field compared here must also be in `Route.digestHashes`.
                // A closure, not the method: `self.tenantLabel` would copy the whole context at every call.
                fields.compare(.tenant, live?.tenantID, desired?.tenantID) { tenantLabel($0) }
                fields.compare(.active, live?.isActive, desired?.isActive)
                return fields.list
            },
            display: { "\($0.key) (tenant \(tenantLabel($0.tenantID)))" })
    }
}

extension RouteKey {
    /// Which of `count` parts a plan pairs this key in (`Differ.pair`, on several cores): read off
    /// its third and fourth bytes from the end, so choosing costs no hash of the key. Not the last
    /// two: numbers come in blocks (a tenant's DIDs `… 42 00` to `… 42 99`), the routes of one file
    /// share the string of its path, and copying a route counts a reference to that string. Two
    /// cores counting on the same string wait on each other: pairing a million routes took about
    /// 0.95 s in parts by the last two bytes, 0.75 s by these.
    func part(of count: Int) -> Int {
        guard count > 1 else { return 0 }
        let bytes = key.utf8
        var hash = 0
        var index = bytes.endIndex
        for distance in 0..<4 where index > bytes.startIndex {
            bytes.formIndex(before: &index)
            if distance >= 2 { hash = hash &* 31 &+ Int(bytes[index]) }
        }
        return hash % count
    }
}

extension RouteKey: OrderPrefixed {
    /// The channel's place among the channels' names (`<` compares those), then the key's bytes
    /// (`precedesInByteOrder`).
    var orderPrefix: OrderPrefix { OrderPrefix(lead: Self.channelPlaces[Int(channel.ordinal)], bytesOf: key) }

    private static let channelPlaces: [UInt8] = {
        let sorted = RouteChannel.allCases.sorted()
        var places = [UInt8](repeating: 0, count: RouteChannel.allCases.count)
        for channel in RouteChannel.allCases { places[Int(channel.ordinal)] = UInt8(sorted.firstIndex(of: channel)!) }
        return places
    }()
}

extension Route {
    /// Keyed hashes of the route's identity, and of its identity with every field `routeDiffer`
    /// compares, for `PartDigest`: two routes that pair to no change have equal hashes.
    var digestHashes: (key: UInt64, row: UInt64) {
        let keyHash = key.digestHash
        var hasher = Hasher()
        hasher.combine(PartDigest.seed)
        hasher.combine(keyHash)
        hasher.combine(tenantID)
        hasher.combine(isActive)
        return (keyHash, UInt64(truncatingIfNeeded: hasher.finalize()))
    }
}

extension RouteKey {
    /// A keyed hash of the identity, for `PartDigest`.
    var digestHash: UInt64 {
        var hasher = Hasher()
        hasher.combine(PartDigest.seed)
        hasher.combine(self)
        return UInt64(truncatingIfNeeded: hasher.finalize())
    }
}
