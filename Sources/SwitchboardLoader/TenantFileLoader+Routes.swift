import SwitchboardModel

extension TenantFileLoader {
    static let routeEntryFields = ["key", "active"]

    /// `routes: {vocal: [...], whatsapp: [...], web: [...]}`; an entry is a key or `{key, active}`.
    func loadRoutes(_ node: YAMLNode, tenantID: Int64, phones: inout PhoneContext, reader: inout NodeReader) -> [Route] {
        let channels = RouteChannel.allCases.map(\.rawValue)
        guard let fields = reader.fields(node, allowed: channels, context: "routes (channels are vocal, whatsapp, web)")
        else { return [] }
        var routes: [Route] = []
        for channel in RouteChannel.allCases {
            guard let listNode = fields[channel.rawValue],
                  let entries = reader.list(listNode, field: channel.rawValue) else { continue }
            routes.reserveCapacity(routes.count + entries.count)
            for entry in entries {
                if let route = loadRoute(entry, channel: channel, tenantID: tenantID, phones: &phones, reader: &reader) {
                    routes.append(route)
                }
            }
        }
        return routes
    }

    private func loadRoute(_ entry: YAMLNode, channel: RouteChannel, tenantID: Int64, phones: inout PhoneContext,
                           reader: inout NodeReader) -> Route? {
        var keyNode = entry
        var isActive: Bool? = true
        if case .mapping = entry.content {
            guard let fields = reader.fields(entry, allowed: Self.routeEntryFields, context: "\(channel.rawValue) route"),
                  let key = reader.required(fields, "key", context: "\(channel.rawValue) route")
            else { return nil }
            keyNode = key
            isActive = fields["active"].map { reader.bool($0, field: "active") } ?? true
        }
        guard let key = routeKey(keyNode, channel: channel, phones: &phones, reader: &reader), let isActive else { return nil }
        return Route(key: RouteKey(channel: channel, key: key), tenantID: tenantID, isActive: isActive,
                     location: reader.location(of: entry))
    }

    private func routeKey(_ node: YAMLNode, channel: RouteChannel, phones: inout PhoneContext, reader: inout NodeReader) -> String? {
        if channel.usesPhoneKeys { return phoneNumber(node, field: channel.rawValue, phones: &phones, reader: &reader) }
        guard let text = node.scalarText, !node.isNull else {
            reader.error(node, "web key must be a single value, found \(node.kindDescription)")
            return nil
        }
        switch WebKey.validate(text) {
        case .failure(let problem):
            reader.error(node, "\(problem)")
            return nil
        case .success(let key):
            if WebKey.isGuessable(key) {
                reader.warning(node, "web key is \(key.utf8.count) characters long: keys under \(WebKey.recommendedMinimumLength) characters can be guessed")
            }
            return key
        }
    }
}
