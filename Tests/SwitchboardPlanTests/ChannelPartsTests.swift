import Testing
import SwitchboardModel
@testable import SwitchboardPlan

/// A large plan pairs its channels in parts by tenant (`ChannelParts`), among the routes' parts:
/// the same changes, in the same order, and the same rows retained as pairing them all at once.
struct ChannelPartsTests {
    /// 24,000 channel rows (past the planner's threshold for parts), of every kind of pairing.
    static let states: (desired: DesiredState, actual: ActualState) = {
        var desired = DesiredState()
        var actual = ActualState()
        for tenant in Int64(1)...6_000 {
            desired.tenants.append(Tenant(id: tenant, slug: "t\(tenant)", name: "Tenant \(tenant)"))
            actual.tenants.append(Tenant(id: tenant, slug: "t\(tenant)", name: "Tenant \(tenant)"))
            let smtp = SMTPSettings(host: "smtp\(tenant).example", port: 587, fromEmail: "a\(tenant)@example.com")
            let stored = { (host: String) in SettingValues(["smtp.host": .text(host), "smtp.port": .text("587"), "smtp.fromEmail": .text("a\(tenant)@example.com")]) }
            let location = SourceLocation(file: "tenants.d/t\(tenant).yaml", line: 9, column: 3)
            // Email: the same, another host stored, disabled, or not stored at all (a create).
            desired.channelConfigurations.append(ChannelConfiguration(tenantID: tenant, type: .email, isEnabled: true,
                                                                      settings: .email(smtp), location: location))
            if tenant % 4 != 0 {
                var row = StoredChannelConfiguration(tenantID: tenant, type: .email, isEnabled: tenant % 4 != 3, isConfigured: true,
                                                     templates: [:], configEncrypted: "v1:k:x")
                row.settings = .decrypted(stored(tenant % 4 == 2 ? "old.example" : "smtp\(tenant).example"), keyID: "k")
                actual.channelConfigurations.append(row)
                if tenant % 5 != 0 { actual.managed.insert(.channel(tenantID: tenant, type: .email)) }  // else made by hand
            }
            desired.channelConfigurations.append(ChannelConfiguration(tenantID: tenant, type: .sms, isEnabled: tenant % 3 != 0, location: location))
            actual.channelConfigurations.append(StoredChannelConfiguration(tenantID: tenant, type: .sms, isEnabled: true, isConfigured: true,
                                                                           templates: [:], configEncrypted: nil))
            actual.managed.insert(.channel(tenantID: tenant, type: .sms))
            // A phone channel no file declares: owned (deleted) or made by hand (retained).
            actual.channelConfigurations.append(StoredChannelConfiguration(tenantID: tenant, type: .phone, isEnabled: true, isConfigured: true,
                                                                           templates: [:], configEncrypted: nil))
            if tenant.isMultiple(of: 2) { actual.managed.insert(.channel(tenantID: tenant, type: .phone)) }
        }
        return (desired, actual)
    }()

    @Test func thePlannerPairsManyChannelsInPartsWithTheSameChanges() {
        let (desired, actual) = Self.states
        let context = PlanContext(desired: desired, actual: actual, secrets: ResolvedSecrets(), encryptionKeyID: "k")
        let whole = context.channelDiffer.diff(desired: desired.channelConfigurations, live: actual.channelConfigurations.map(context.liveChannel),
                                               managed: actual.managed, prune: .owned)
        #expect(ChannelParts.partCount(desired: desired.channelConfigurations.count, live: actual.channelConfigurations.count) > 1)
        for action in [Action.create, .update, .delete] {
            #expect(whole.changes.count { $0.action == action } > 1_000)
        }
        #expect(whole.retained.count == 3_000)

        var policy = PlanPolicy()
        policy.encryptionKeyID = "k"
        let plan = Planner.plan(desired: desired, actual: actual, secrets: ResolvedSecrets(), policy: policy)
        #expect(plan.channels == whole.changes)
        #expect(plan.retained.filter { $0.key.kind == .channels } == whole.retained)
    }
}
