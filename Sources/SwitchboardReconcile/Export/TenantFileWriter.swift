import SwitchboardModel

/// One tenant's file as `switchboard export` writes it: the tenant, its routes (sorted by channel
/// and key), its channels (in the channels document's order), in the format `validate` accepts.
struct TenantFileWriter {
    /// A stored channel row with its settings decrypted.
    struct Channel {
        var type: ChannelType
        var isEnabled: Bool
        var templates: [String: Bool]
        var settings: SettingValues
    }

    var header: String
    var tenant: Tenant
    var routes: [Route]
    var channels: [Channel]

    /// - Parameter secretName: names the environment variable for a secret of this tenant
    ///   (`SMTP_PASSWORD`, `WHATSAPP_TOKEN`) and records its value.
    func text(secretName: (_ what: String, _ value: String) -> String) -> String {
        var lines = [header, "tenant:", "  id: \(tenant.id)", "  slug: \(YAMLScalar.string(tenant.slug))",
                     "  name: \(YAMLScalar.string(tenant.name))"]
        if !tenant.isActive { lines.append("  active: false") }

        if !routes.isEmpty {
            lines += ["", "routes:"]
            for channel in RouteChannel.allCases {
                let keyed = routes.filter { $0.key.channel == channel }.sorted { $0.key < $1.key }
                guard !keyed.isEmpty else { continue }
                lines.append("  \(channel.rawValue):")
                for route in keyed {
                    let key = channel.usesPhoneKeys ? YAMLScalar.quoted(route.key.key) : YAMLScalar.string(route.key.key)
                    // A stored number that can never be dialled is adopted as it is, marked (PhoneKeyAudit).
                    var options: [String] = []
                    if !route.isActive { options.append("active: false") }
                    if channel.usesPhoneKeys, !PhoneNumber.isValid(e164: route.key.key) { options.append("keepInvalid: true") }
                    lines.append(options.isEmpty ? "    - \(key)" : "    - {key: \(key), \(options.joined(separator: ", "))}")
                }
            }
        }

        if !channels.isEmpty {
            lines += ["", "channels:"]
            for channel in channels.sorted(by: { $0.type < $1.type }) {
                lines += channelLines(channel, secretName: secretName)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func channelLines(_ channel: Channel, secretName: (String, String) -> String) -> [String] {
        let name = channel.type.rawValue
        let enabled = "enabled: \(channel.isEnabled)"
        let values = channel.settings.values
        guard !channel.templates.isEmpty || !values.isEmpty else { return ["  \(name): {\(enabled)}"] }
        var lines = ["  \(name):", "    \(enabled)"]
        func text(_ setting: String) -> String? {
            if case .text(let value)? = values[setting] { return value }
            return nil
        }
        switch channel.type {
        case .phone, .sms:
            break
        case .email:
            var smtp: [(String, String)] = []
            for field in ["host", "port", "secure", "user", "password", "fromEmail", "fromName"] {
                guard let value = text("smtp." + field) else { continue }
                let rendered = switch field {
                case "port": Self.number(value)
                case "secure": Self.boolean(value)
                case "password": "{env: \(secretName("SMTP_PASSWORD", value))}"
                default: YAMLScalar.string(value)
                }
                smtp.append((field, rendered))
            }
            if !smtp.isEmpty {
                lines.append("    smtp:")
                lines += smtp.map { "      \($0.0): \($0.1)" }
            }
        case .whatsapp:
            if let method = text("connectionMethod") { lines.append("    connectionMethod: \(YAMLScalar.string(method))") }
            if let number = text("whatsappNumber") { lines.append("    whatsappNumber: \(YAMLScalar.quoted(number))") }
            if let id = text("phoneNumberId") { lines.append("    phoneNumberId: \(YAMLScalar.quoted(id))") }
            if let token = text("apiToken") { lines.append("    apiToken: {env: \(secretName("WHATSAPP_TOKEN", token))}") }
        }
        if !channel.templates.isEmpty { lines.append("    templates: \(Self.templates(channel.templates, of: channel.type))") }
        return lines
    }

    /// The platform's message types in the document's order, then any others sorted.
    static func templates(_ templates: [String: Bool], of type: ChannelType) -> String {
        let known = type.knownTemplates.filter { templates[$0] != nil }
        let others = templates.keys.filter { !type.knownTemplates.contains($0) }.sorted()
        return YAMLScalar.flowMap((known + others).map { ($0, String(templates[$0]!)) })
    }

    private static func number(_ text: String) -> String { !text.isEmpty && text.utf8.allSatisfy { (48...57).contains($0) } ? text : YAMLScalar.quoted(text) }
    private static func boolean(_ text: String) -> String { text == "true" || text == "false" ? text : YAMLScalar.quoted(text) }
}
