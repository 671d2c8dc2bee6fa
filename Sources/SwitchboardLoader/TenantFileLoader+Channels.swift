import SwitchboardModel

extension TenantFileLoader {
    static func channelFields(_ type: ChannelType) -> [String] {
        switch type {
        case .phone: ["enabled"]
        case .sms: ["enabled", "templates"]
        case .email: ["enabled", "smtp", "templates"]
        case .whatsapp: ["enabled", "connectionMethod", "whatsappNumber", "phoneNumberId", "apiToken", "templates"]
        }
    }

    static let smtpFields = ["host", "port", "secure", "user", "password", "fromEmail", "fromName"]

    /// `channels: {phone, sms, email, whatsapp}`. A declared channel is enabled unless it says
    /// `enabled: false`: writing a channel's block is the intent to use it.
    func loadChannels(_ node: YAMLNode, tenantID: Int64, phones: inout PhoneContext, reader: inout NodeReader) -> [ChannelConfiguration] {
        let names = ChannelType.allCases.map(\.rawValue)
        guard let channels = reader.fields(node, allowed: names, context: "channels (phone, sms, email, whatsapp)")
        else { return [] }
        var configurations: [ChannelConfiguration] = []
        for type in ChannelType.allCases {
            guard let pair = channels.pair(type.rawValue) else { continue }
            if pair.value.isNull {
                reader.error(pair.key, "channel '\(type.rawValue)' has no settings (write {enabled: true} or {enabled: false})")
                continue
            }
            guard let fields = reader.fields(pair.value, allowed: Self.channelFields(type), context: "\(type.rawValue) channel")
            else { continue }
            guard let isEnabled = fields["enabled"].map({ reader.bool($0, field: "enabled") }) ?? true,
                  let templates = loadTemplates(fields["templates"], type: type, reader: &reader),
                  let settings = loadChannelSettings(type, fields, phones: &phones, reader: &reader)
            else { continue }
            configurations.append(ChannelConfiguration(
                tenantID: tenantID, type: type, isEnabled: isEnabled, templates: templates,
                settings: settings, location: reader.location(of: pair.key)))
        }
        return configurations
    }

    /// `templates: {name: true|false}`; names the platform does not know are warnings.
    private func loadTemplates(_ node: YAMLNode?, type: ChannelType, reader: inout NodeReader) -> [String: Bool]? {
        guard let node else { return [:] }
        guard case .mapping(let pairs) = node.content else {
            reader.error(node, "'templates' must be a mapping of message type to true or false, found \(node.kindDescription)")
            return nil
        }
        var templates: [String: Bool] = [:]
        var isValid = true
        for pair in pairs {
            let name = pair.key.scalarText ?? ""
            if !type.knownTemplates.contains(name) {
                reader.warning(pair.key, "unknown \(type.rawValue) template \(Excerpt.quoted(name))\(Suggestion.phrase(for: name, among: type.knownTemplates)) (known: \(type.knownTemplates.joined(separator: ", ")))")
            }
            if let isOn = reader.bool(pair.value, field: "templates.\(name)") {
                templates[name] = isOn
            } else {
                isValid = false
            }
        }
        return isValid ? templates : nil
    }

    private func loadChannelSettings(_ type: ChannelType, _ fields: Fields, phones: inout PhoneContext,
                                     reader: inout NodeReader) -> ChannelSettings? {
        switch type {
        case .phone, .sms:
            return ChannelSettings.none
        case .email:
            guard let smtpNode = fields["smtp"] else { return .email(nil) }
            return loadSMTP(smtpNode, reader: &reader).map { .email($0) }
        case .whatsapp:
            return loadWhatsApp(fields, phones: &phones, reader: &reader).map { .whatsapp($0) }
        }
    }

    private func loadSMTP(_ node: YAMLNode, reader: inout NodeReader) -> SMTPSettings? {
        let errorsBefore = reader.errorCount
        guard let fields = reader.fields(node, allowed: Self.smtpFields, context: "smtp") else { return nil }
        let smtp = SMTPSettings(
            host: fields["host"].flatMap { hostName($0, field: "smtp.host", reader: &reader) },
            port: fields["port"].flatMap { reader.integer($0, field: "smtp.port", range: 1...65535) }.map(Int.init),
            secure: fields["secure"].flatMap { reader.bool($0, field: "smtp.secure") },
            user: fields["user"].flatMap { reader.string($0, field: "smtp.user", maxLength: 256) },
            password: fields["password"].flatMap { reader.secret($0, field: "smtp.password") },
            fromEmail: fields["fromEmail"].flatMap { emailAddress($0, field: "smtp.fromEmail", reader: &reader) },
            fromName: fields["fromName"].flatMap { reader.string($0, field: "smtp.fromName", maxLength: 256) })
        return reader.errorCount == errorsBefore ? smtp : nil
    }

    private func loadWhatsApp(_ fields: Fields, phones: inout PhoneContext, reader: inout NodeReader) -> WhatsAppSettings? {
        let errorsBefore = reader.errorCount
        var settings = WhatsAppSettings()
        if let node = fields["connectionMethod"],
           let method = reader.choice(node, field: "connectionMethod", as: WhatsAppConnectionMethod.self) {
            settings.connectionMethod = method
        }
        settings.whatsappNumber = fields["whatsappNumber"].flatMap { phoneNumber($0, field: "whatsappNumber", phones: &phones, reader: &reader) }
        if let node = fields["phoneNumberId"], let text = reader.string(node, field: "phoneNumberId") {
            // Meta's phone number id: digits, kept as text (it is an identifier, not a number to compute with).
            if text.allSatisfy(\.isASCIIDigit) {
                settings.phoneNumberID = text
            } else {
                reader.error(node, "'phoneNumberId' must be digits only, found \(Excerpt.quoted(text))")
            }
        }
        settings.apiToken = fields["apiToken"].flatMap { reader.secret($0, field: "apiToken") }
        return reader.errorCount == errorsBefore ? settings : nil
    }

    /// A host name or address: no spaces, no scheme, at most 255 characters.
    func hostName(_ node: YAMLNode, field: String, reader: inout NodeReader) -> String? {
        guard let text = reader.string(node, field: field, maxLength: 255) else { return nil }
        guard !text.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            reader.error(node, "'\(field)' must be a host name or address (no spaces, no scheme or path), found \(Excerpt.quoted(text))")
            return nil
        }
        return text
    }

    private func emailAddress(_ node: YAMLNode, field: String, reader: inout NodeReader) -> String? {
        guard let text = reader.string(node, field: field, maxLength: 254) else { return nil }
        guard Self.isEmailAddress(text) else {
            reader.error(node, "'\(field)' must be an e-mail address (name@domain.tld), found \(Excerpt.quoted(text))")
            return nil
        }
        return text
    }
}

extension TenantFileLoader {
    /// `name@domain.tld`: one `@` with something before it, a domain with a dot neither first nor
    /// last, no white space. An ASCII address (nearly all) is checked on its bytes; the others
    /// by characters, as Swift defines white space.
    static func isEmailAddress(_ text: String) -> Bool {
        guard text.isAllASCII else {
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
                && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !text.contains(where: \.isWhitespace)
        }
        let bytes = Array(text.utf8)
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, !bytes[(at + 1)...].contains(UInt8(ascii: "@")) else { return false }
        let domain = bytes[(at + 1)...]
        // ASCII white space as `Character.isWhitespace` has it: tab to carriage return, and space.
        return domain.contains(UInt8(ascii: ".")) && domain.first != UInt8(ascii: ".") && domain.last != UInt8(ascii: ".")
            && !bytes.contains { (0x09...0x0D).contains($0) || $0 == 0x20 }
    }
}
