import SwitchboardLoader
import SwitchboardModel
import SwitchboardPlan

/// A small platform in files, and the live states the scenarios start from.
enum PlanScenarios {
    static let files: [(path: String, text: String)] = [
        ("tenants.d/default.yaml", """
            tenant: {id: 1, slug: default, name: Plateforme}
            routes:
              vocal: ["+33 1 00 00 00 00"]

            """),
        ("tenants.d/acme.yaml", """
            tenant:
              id: 42
              slug: acme
              name: Acme Plomberie
            routes:
              vocal: ["+33 1 00 00 00 42"]
              whatsapp: [+33939240575]
              web: [widget-key-tenant-42]
            channels:
              sms: {enabled: true, templates: {rdvConfirmation: true, promotions: false}}

            """),
        ("tenants.d/sip-accounts.yaml", """
            sipAccounts:
              - label: Trunk Principal
                trunkUri: sip:switchboard@sip.provider.example
                password: {env: SIP_TRUNK_PASSWORD}
                default: true
                workflows: [accueil]

            """),
    ]

    static let desired: DesiredState = {
        let result = DirectoryLoader.load(sources: files)
        precondition(result.isValid, "\(result.diagnostics)")
        return result.state
    }()

    static let secrets = ResolvedSecrets([.environment(name: "SIP_TRUNK_PASSWORD"): .value("pw-current")])

    static let header = PlanHeader(directory: "tenants.d", fileCount: 3, database: "postgres://app@db:5432/platform")

    /// The database exactly as the files say, all of it managed.
    static var inSync: ActualState { applied(desired, secrets: secrets) }

    /// The database after applying `desired`: every row there (passwords and channel settings as
    /// the secrets give them), all of it managed, the workflows known.
    static func applied(_ desired: DesiredState, secrets: ResolvedSecrets) -> ActualState {
        var state = ActualState()
        state.tenants = desired.tenants.map { Tenant(id: $0.id, slug: $0.slug, name: $0.name, isActive: $0.isActive) }
        state.routes = desired.routes.map { Route(key: $0.key, tenantID: $0.tenantID, isActive: $0.isActive) }
        state.sipAccounts = desired.sipAccounts.map { account in
            var account = account
            account.location = nil
            account.password = account.password.flatMap(secrets.value(of:)).map(SecretReference.literal)
            return account
        }
        state.channelConfigurations = desired.channelConfigurations.map { channel in
            var stored = StoredChannelConfiguration(tenantID: channel.tenantID, type: channel.type, isEnabled: channel.isEnabled,
                                                    isConfigured: channel.isConfigured, templates: channel.templates, configEncrypted: nil)
            let values = channel.settings.values(secrets: secrets)
            if !values.isEmpty { stored.settings = .decrypted(values, keyID: "k1") }
            return stored
        }
        state.workflowBindings = desired.workflowBindings.map { WorkflowBinding(workflowSlug: $0.workflowSlug, accountLabel: $0.accountLabel) }
        state.knownWorkflows = ["accueil", "support"]
        state.managed = Set(desired.tenants.map(\.managedKey) + desired.routes.map(\.managedKey) + desired.sipAccounts.map(\.managedKey)
            + desired.channelConfigurations.map(\.managedKey) + desired.workflowBindings.map(\.managedKey))
        return state
    }

    static var empty: ActualState {
        var state = ActualState()
        state.knownWorkflows = ["accueil", "support"]
        return state
    }

    static func route(_ channel: RouteChannel, _ key: String, tenant: Int64) -> Route {
        Route(key: RouteKey(channel: channel, key: key), tenantID: tenant)
    }
}
