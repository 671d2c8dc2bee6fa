import SwitchboardModel

extension TenantFileLoader {
    static let routeEntryFields = ["key", "active", "keepInvalid", "protect"]

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
        var keepsInvalid: Bool? = false
        var isProtected: Bool? = false
        if case .mapping = entry.content {
            guard let fields = reader.fields(entry, allowed: Self.routeEntryFields, context: "\(channel.rawValue) route"),
                  let key = reader.required(fields, "key", context: "\(channel.rawValue) route")
            else { return nil }
            keyNode = key
            isActive = fields["active"].map { reader.bool($0, field: "active") } ?? true
            keepsInvalid = fields["keepInvalid"].map { reader.bool($0, field: "keepInvalid") } ?? false
            isProtected = fields["protect"].map { reader.bool($0, field: "protect") } ?? false
        }
        guard let isActive, let keepsInvalid, let isProtected else { return nil }
        let key = keepsInvalid && channel.usesPhoneKeys
            ? keptInvalidNumber(keyNode, field: channel.rawValue, phones: &phones, reader: &reader)
            : routeKey(keyNode, channel: channel, phones: &phones, reader: &reader)
        guard let key else { return nil }
        var route = Route(key: RouteKey(channel: channel, key: key), tenantID: tenantID, isActive: isActive,
                          keepsInvalidKey: keepsInvalid && channel.usesPhoneKeys, location: reader.location(of: entry))
        route.isProtected = isProtected
        return route
    }

    /// `{key: "+331234567", keepInvalid: true}` (written by `export` for a number already stored):
    /// the key as written in E.164, a warning that it can never be dialled. The planner keeps such
    /// a row and never creates one.
    private func keptInvalidNumber(_ node: YAMLNode, field: String, phones: inout PhoneContext, reader: inout NodeReader) -> String? {
        guard let text = reader.string(node, field: field) else { return nil }
        switch PhoneNumber.parse(text, region: phones.region) {
        case .success(let number):
            reader.warning(node, "\(field): \(number.e164) is a valid number: keepInvalid is not needed")
            return number.e164
        case .failure(let problem):
            guard let (hasPlus, digits) = PhoneNumber.extract(text), hasPlus, (7...15).contains(digits.count), digits[0] != 0 else {
                reader.error(node, "\(field): \(problem) (keepInvalid keeps an E.164 number already stored: + then 7 to 15 digits)")
                return nil
            }
            reader.warning(node, "\(field): \(problem); kept as keepInvalid says, but it can never be dialled")
            return "+" + String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        }
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
            if WebKey.hasSpace(key) {
                reader.warning(node, "web key has a space: legal in the X-Tenant-Key header, but some widgets trim or split it")
            }
            if WebKey.isGuessable(key) {
                reader.warning(node, "web key is \(key.utf8.count) characters long: keys under \(WebKey.recommendedMinimumLength) characters can be guessed")
            }
            return key
        }
    }
}
