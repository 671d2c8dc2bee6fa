import Foundation
import SwitchboardModel

/// What `switchboard export` writes, computed from what it read (a pure function): one file per
/// tenant, `sip-accounts.yaml`, the secrets taken out of them, and what to record in the database.
struct ExportBuilder {
    struct Output {
        /// File name (in the output folder) → text.
        var files: [(name: String, text: String)] = []
        /// Environment variable → value, in the order the files name them.
        var secrets: [(name: String, value: String)] = []
        /// Tenants stored without a slug, and the one their file declares.
        var slugs: [(tenantID: Int64, slug: String)] = []
        /// The rows the files now declare, to record as managed.
        var adopted: [ManagedKey] = []
        /// Things the operator should know (a legacy trunk exported, a tenant with no row…).
        var notes: [String] = []
    }

    /// The state read, with channel settings decrypted (an unreadable one is refused before).
    var actual: ActualState
    /// `app_settings`'s trunk, exported as the default account when `sip_accounts` is empty.
    var legacyTrunk: SIPAccount?
    /// Where it was read from, for the files' first line.
    var source: String

    func build() -> Output {
        var output = Output()
        var names = SecretNames()
        let header = "# Exported from \(source) by `switchboard export`. Secrets are {env: …} references; their values are in the secrets file."
        let tenants = tenantsWithSlugs(&output)
        var fileNames: Set<String> = []

        let routesByTenant = Dictionary(grouping: actual.routes, by: \.tenantID)
        let channelsByTenant = Dictionary(grouping: actual.channelConfigurations, by: \.tenantID)
        for tenant in tenants {
            let channels = (channelsByTenant[tenant.id] ?? []).map { stored in
                var settings = SettingValues()
                if case .decrypted(let values, _) = stored.settings { settings = values }
                return TenantFileWriter.Channel(type: stored.type, isEnabled: stored.isEnabled, templates: stored.templates, settings: settings)
            }
            let writer = TenantFileWriter(header: header, tenant: tenant, routes: routesByTenant[tenant.id] ?? [], channels: channels)
            let text = writer.text { what, value in
                let name = names.allocate(tenant.slug, what)
                output.secrets.append((name, value))
                return name
            }
            output.files.append((Self.unique("\(tenant.slug).yaml", in: &fileNames), text))
        }

        var accounts = actual.sipAccounts
        if accounts.isEmpty, let legacyTrunk {
            accounts = [legacyTrunk]
            output.notes.append("sip_accounts is empty: the legacy app_settings trunk is exported as the default account '\(legacyTrunk.label)' (as the platform's migration script names it); the next reconcile creates it")
        }
        if !accounts.isEmpty {
            let writer = SIPAccountsFileWriter(header: header, accounts: accounts, bindings: actual.workflowBindings)
            let text = writer.text { account, value in
                let name = names.allocate("SIP", account.label, "PASSWORD")
                output.secrets.append((name, value))
                return name
            }
            output.files.append((Self.unique("sip-accounts.yaml", in: &fileNames), text))
        }

        let invalid = actual.routes.filter { $0.key.channel.usesPhoneKeys && !PhoneNumber.isValid(e164: $0.key.key) }
        for route in invalid.sorted(by: { $0.key < $1.key }) {
            output.notes.append("tenant_routing \(route.key) (tenant \(route.tenantID)) is not a valid number: exported with keepInvalid: true (it can never be dialled; remove it when the platform no longer needs it)")
        }
        let stored = Set(actual.tenants.map(\.id))
        output.adopted = tenants.filter { stored.contains($0.id) }.map(\.managedKey) + actual.routes.map(\.managedKey)
            + actual.sipAccounts.map(\.managedKey) + actual.channelConfigurations.map(\.managedKey)
            + actual.workflowBindings.map(\.managedKey)
        return output
    }

    /// Every stored tenant, sorted by id, a slug for those stored without one; and a made-up
    /// tenant for ids that routes or channels name but no row holds (a file needs its tenant).
    private func tenantsWithSlugs(_ output: inout Output) -> [Tenant] {
        var tenants = actual.tenants.sorted { $0.id < $1.id }
        var slugs = Set(tenants.map(\.slug).filter { !$0.isEmpty })
        for index in tenants.indices where tenants[index].slug.isEmpty {
            var slug = DerivedSlug.from(name: tenants[index].name, id: tenants[index].id)
            if slugs.contains(slug) { slug += "-\(tenants[index].id)" }
            slugs.insert(slug)
            tenants[index].slug = slug
            if tenants[index].name.isEmpty { tenants[index].name = slug }
            output.slugs.append((tenants[index].id, slug))
        }
        let known = Set(tenants.map(\.id))
        let orphans = Set(actual.routes.map(\.tenantID) + actual.channelConfigurations.map(\.tenantID)).subtracting(known).sorted()
        for id in orphans {
            var slug = "tenant-\(id)"
            if slugs.contains(slug) { slug += "-orphan" }
            slugs.insert(slug)
            tenants.append(Tenant(id: id, slug: slug, name: "Tenant \(id)"))
            output.notes.append("tenant \(id) has routes or channels but no row in tenants: exported as '\(slug)'; the next reconcile creates it (rename it first if you like)")
        }
        if !output.slugs.isEmpty {
            output.notes.append("\(output.slugs.count) tenant(s) had no slug: each got one from its name, written to the database too")
        }
        return tenants.sorted { $0.id < $1.id }
    }

    private static func unique(_ name: String, in taken: inout Set<String>) -> String {
        var candidate = name
        var suffix = 2
        while taken.contains(candidate) {
            candidate = name.replacingOccurrences(of: ".yaml", with: "-\(suffix).yaml")
            suffix += 1
        }
        taken.insert(candidate)
        return candidate
    }
}
