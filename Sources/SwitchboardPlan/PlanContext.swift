import SwitchboardModel

/// What the per-kind comparisons (the differs in `Kinds/`) need to know beyond the two rows:
/// tenant names for display, resolved secrets, the live channel rows' stored flags and settings,
/// the accounts renamed or deleted.
struct PlanContext {
    let desired: DesiredState
    let actual: ActualState
    let secrets: ResolvedSecrets
    /// The key channel settings should be encrypted with (rows under another are re-encrypted).
    let encryptionKeyID: String?
    /// "42 acme" by tenant id, desired slug over live, made once: plans name a tenant per route.
    private let labels: [Int64: String]
    /// Stored `configured` flag and decrypted settings of the live channel rows.
    let storedChannels: [ChannelKey: (isConfigured: Bool, settings: StoredSettings)]
    /// Every secret the desired rows reference, listed once (three rules read them; a million
    /// routes come with 200,000 channels to list them from).
    let secretUses: [SecretUse]

    init(desired: DesiredState, actual: ActualState, secrets: ResolvedSecrets, encryptionKeyID: String?) {
        self.desired = desired
        self.actual = actual
        self.secrets = secrets
        self.encryptionKeyID = encryptionKeyID
        // On both cores: a million routes come with 100,000 tenants and 200,000 channels.
        ((secretUses, labels), storedChannels) = inParallel({
            let uses = desired.secretUses
            var slugs = Dictionary(actual.tenants.map { ($0.id, $0.slug) }, uniquingKeysWith: { a, _ in a })
            for tenant in desired.tenants { slugs[tenant.id] = tenant.slug }
            return (uses, Dictionary(uniqueKeysWithValues: slugs.map { id, slug in (id, "\(id) \(slug)") }))
        }, {
            Dictionary(actual.channelConfigurations.map { ($0.channelKey, ($0.isConfigured, $0.settings)) },
                       uniquingKeysWith: { a, _ in a })
        })
    }

    func tenantLabel(_ id: Int64) -> String { labels[id] ?? "\(id)" }

    /// How many secret references could not be read here (a dry run without them), and how many of
    /// those are trunks' passwords (a change of theirs would reload the SIP manager).
    var unreadableSecrets: (all: Int, trunks: Int) {
        let unreadable = secretUses.filter { secrets.problem(with: $0.reference) != nil }
        return (unreadable.count, unreadable.count(where: \.isTrunk))
    }

    /// Warnings for secrets that could not be resolved (only reachable on a dry run).
    var secretWarnings: [Diagnostic] {
        secretUses.compactMap { use in
            guard let problem = secrets.problem(with: use.reference), let location = use.location else { return nil }
            return .warning(at: location, "\(use.what) is unknown: \(problem)")
        }
    }

    /// Accounts renamed in place: the new label → the old one (set by the planner).
    var renamedFrom: [String: String] = [:]

    /// The live routes no file declares (set by the planner once routes are diffed).
    var undeclaredRoutes: [Route] = []

    /// Labels of the accounts the plan deletes (set by the planner once accounts are diffed).
    var deletedAccountLabels: Set<String> = []
}
