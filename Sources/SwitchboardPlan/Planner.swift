import SwitchboardModel

/// `plan(desired, actual)`: a pure function, no IO (DESIGN §3). Secrets come in resolved; the
/// plan holds none of their values.
public enum Planner {
    public static func plan(desired: DesiredState, actual original: ActualState, secrets: ResolvedSecrets, policy: PlanPolicy) -> Plan {
        var plan = Plan()
        // Renamed accounts are diffed as the database will read once renamed: updates, not delete + create.
        let (actual, renames) = AccountRenames.apply(desired: desired, actual: original)
        plan.accountRenames = renames
        var context = PlanContext(desired: desired, actual: actual, secrets: secrets, encryptionKeyID: policy.encryptionKeyID)
        context.renamedFrom = Dictionary(renames.map { ($0.to, $0.from) }, uniquingKeysWith: { a, _ in a })

        // The rows' facts and their protection read no change: made on a thread of their own, which
        // takes whichever core comes free (while a first apply's changes are finished, one core
        // has nothing else to do; a no-op plan has its parts' pairing to share).
        let secretUses = context.secretUses
        let factsAndProtection = BackgroundValue {
            let facts = RowFactsRecord.desired(desired, secretUses: secretUses)
            return (RowFactsRecord.updates(desired: facts, declared: desired, actual: actual),
                    ProtectionGuard(policy: policy, desired: facts, actual: actual))
        }
        // Routes, most of the rows, paired in parts by key (a million routes took 0.9 s on one
        // core), and the channels, the costliest to compare, in parts by tenant, beside every other
        // kind. The two cores take the parts as they come free, the channels' first.
        let base = context
        let routeDiffer = base.routeDiffer
        let routeParts = RouteParts(desired: desired.routes, live: actual.routes, managed: actual.managed,
                                    parts: RouteParts.partCount(desired: desired.routes, live: actual.routes))
        let channelDiffer = base.channelDiffer
        let liveChannels = actual.channelConfigurations.map(base.liveChannel)
        let channelParts = ChannelParts(desired: desired.channelConfigurations, live: liveChannels,
                                        parts: ChannelParts.partCount(desired: desired.channelConfigurations.count, live: liveChannels.count))
        let (others, partPairings) = inParallel({
            var context = base
            let tenants = context.tenantDiffer.diff(desired: desired.tenants, live: actual.tenants,
                                                    managed: actual.managed, prune: policy.pruneMode(for: .tenants))
            let accounts = context.sipAccountDiffer.diff(desired: desired.sipAccounts, live: actual.sipAccounts,
                                                         managed: actual.managed, prune: policy.pruneMode(for: .sipAccounts))
            context.deletedAccountLabels = Set(accounts.changes.filter { $0.action == .delete }.map(\.row.label))
            let (bindingsDesired, bindingDiagnostics) = context.checkedBindings(desired.workflowBindings)
            let bindings = context.bindingDiffer.diff(desired: bindingsDesired, live: context.liveBindings,
                                                      managed: actual.managed, prune: policy.pruneMode(for: .workflowBindings))
            return (tenants, accounts, context.deletedAccountLabels, bindingDiagnostics + context.settingsDiagnostics, bindings)
        }, parts: channelParts.count + routeParts.count) { index in
            guard index >= channelParts.count else {
                return PartPairing.channels(channelDiffer.pair(desired: desired.channelConfigurations, channelParts.desired[index],
                                                               live: liveChannels, channelParts.live[index], managed: actual.managed))
            }
            return .routes(routeParts.pair(index - channelParts.count, with: routeDiffer, desired: desired.routes,
                                           live: actual.routes, managed: actual.managed))
        }
        // Moved out of the parts, not copied: `finish` takes each change out of its pairing in place.
        var channelPairings: [Differ<ChannelConfiguration, ChannelKey>.Pairing] = []
        var routePairings: [Differ<Route, RouteKey>.Pairing] = []
        for pairing in consume partPairings {
            switch pairing {
            case .channels(let part): channelPairings.append(part)
            case .routes(let part): routePairings.append(part)
            }
        }
        let channels = channelDiffer.finish(&channelPairings, live: liveChannels, prune: policy.pruneMode(for: .channels))
        let routes = routeDiffer.finish(&routePairings, live: actual.routes, prune: policy.pruneMode(for: .routes))
        let (factUpdates, protection) = try! factsAndProtection.value() // The work does not throw.
        let (tenants, accounts, deletedAccountLabels, bindingAndSettingDiagnostics, bindings) = others
        context.deletedAccountLabels = deletedAccountLabels
        context.undeclaredRoutes = routes.undeclared
        plan.tenants = tenants.changes
        plan.sipAccounts = accounts.changes
        plan.routes = routes.changes
        plan.channels = channels.changes
        plan.workflowBindings = bindings.changes
        plan.retained = tenants.retained + accounts.retained + routes.retained + channels.retained + bindings.retained
        let matched = tenants.managedRowCount + accounts.managedRowCount + routes.managedRowCount
            + channels.managedRowCount + bindings.managedRowCount
        // The risks and the phone keys' audit; the WhatsApp mismatches among the risks; the
        // ownership and the protection's violations: three parts on the two cores, of about the
        // same cost in a first apply (all read the changes, none the others' results).
        let changes = plan
        let finder = RiskFinder(plan: changes, desired: desired, actual: actual, context: context)
        let ((otherRisks, audit), whatsappMismatches, (owned, violations)) = inParallel({
            (finder.find(), PhoneKeyAudit.diagnostics(routes: routes.changes, undeclared: routes.undeclared))
        }, finder.whatsappMismatches) {
            (changes.ownedAfterApply, protection.violations(in: changes))
        }
        var found = otherRisks
        if !whatsappMismatches.isEmpty { found[.whatsappNumberMismatch] = whatsappMismatches }
        let diagnostics = bindingAndSettingDiagnostics + audit
        plan.errors = diagnostics.filter(\.isError).sortedForDisplay()
        plan.warnings = (diagnostics.filter { !$0.isError } + context.secretWarnings).sortedForDisplay()
        plan.releasedOwnership = matched == actual.managed.count ? [] : releasedOwnership(owned: owned, actual: actual)
        plan.newOwnership = actual.managed.isEmpty ? owned : owned.filter { !actual.managed.contains($0) }
        plan.risks = risks(found, policy: policy)
        plan.factUpdates = factUpdates
        for update in plan.factUpdates where update.facts.isProtected != (actual.rowFacts[update.key]?.isProtected ?? false) {
            plan.protectionChanges[update.key] = update.facts.isProtected
        }
        plan.protectedRows = protection.protected.isEmpty ? []
            : Set(owned.filter(protection.isProtected) + plan.deletedOwnership.filter(protection.isProtected))
        (plan.unreadableSecrets, plan.unreadableTrunkSecrets) = context.unreadableSecrets
        let refusals = [DeleteGuard(policy: policy).refusal(for: plan, desired: desired, actual: actual), riskRefusal(plan.risks),
                        protection.refusal(for: violations)].compactMap { $0 }
        plan.refusal = refusals.isEmpty ? nil : refusals.joined(separator: "; ")
        return plan
    }

    /// A part's pairing, of channels or of routes (the parts share the cores).
    private enum PartPairing {
        case channels(Differ<ChannelConfiguration, ChannelKey>.Pairing)
        case routes(Differ<Route, RouteKey>.Pairing)
    }

    /// The risks found, with the policy's decision; allowed ones are not shown.
    private static func risks(_ found: [RiskCode: [Risk.Row]], policy: PlanPolicy) -> [Risk] {
        found.keys.sorted().compactMap { code in
            let decision: Risk.Decision
            switch policy.level(of: code) {
            case .allow: return nil
            case .warn: decision = .warn
            case .refuse: decision = policy.allowedRisks.contains(code) ? .allowedOnce : .refuse
            }
            return Risk(code: code, decision: decision, rows: found[code]!)
        }
    }

    /// `refused by policy: trunkDropsBindings (1 row); …`, or nil.
    private static func riskRefusal(_ risks: [Risk]) -> String? {
        let refused = risks.filter { $0.decision == .refuse }
        guard !refused.isEmpty else { return nil }
        let codes = refused.map { "\($0.code.rawValue) (\(plural($0.rows.count, "row")))" }.joined(separator: ", ")
        let allow = refused.map { "--allow \($0.code.rawValue)" }.joined(separator: " ")
        return "refused by policy: \(codes); to apply it once, re-run with \(allow)"
    }

    /// Ownership records whose row no longer exists and that no file declares.
    private static func releasedOwnership(owned: [ManagedKey], actual: ActualState) -> [ManagedKey] {
        var existing = Set<ManagedKey>()
        existing.formUnion(actual.tenants.map(\.managedKey))
        existing.formUnion(actual.sipAccounts.map(\.managedKey))
        existing.formUnion(actual.routes.map(\.managedKey))
        existing.formUnion(actual.channelConfigurations.map(\.managedKey))
        existing.formUnion(actual.workflowBindings.map(\.managedKey))
        existing.formUnion(actual.mixedWorkflowBindings.map { .workflowBinding($0) })
        let owned = Set(owned)
        return actual.managed.filter { !existing.contains($0) && !owned.contains($0) }.sorted()
    }
}
