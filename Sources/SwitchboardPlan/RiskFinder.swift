import SwitchboardModel

/// Finds the risks of a plan: a pure function of the changes, the desired state and the actual
/// one (DESIGN §3 "Risks and policy"). Each rule looks at the state after apply, and names only
/// what this plan brings about.
struct RiskFinder {
    let plan: Plan
    let desired: DesiredState
    let actual: ActualState
    let context: PlanContext

    /// Every risk but the WhatsApp mismatches, which the planner finds beside (`whatsappMismatches`).
    func find() -> [RiskCode: [Risk.Row]] {
        var found: [RiskCode: [Risk.Row]] = [:]
        func add(_ code: RiskCode, _ identity: String, _ detail: String, _ location: SourceLocation?) {
            found[code, default: []].append(Risk.Row(identity: identity, detail: detail, location: location))
        }
        let tenantActive = tenantsAfterApply
        let channels = channelsAfterApply
        // Built only when a rule needs it (a plan that touches channels, WhatsApp or tenants' state).
        var routesAfterCache: RoutesAfterApply?
        func routesAfter() -> RoutesAfterApply {
            if routesAfterCache == nil { routesAfterCache = RoutesAfterApply(plan: plan, desired: desired, undeclared: context.undeclaredRoutes) }
            return routesAfterCache!
        }

        // Read in place: a first apply's million creates are not copied (a retain and a release of
        // each row's strings and field list) to read three fields.
        let routes = plan.routes
        for index in routes.indices {
            let action = routes[index].action
            if action != .create {
                let change = routes[index], route = change.row
                if action == .update {
                    if let move = change.fields.first(where: { $0.name == .tenant }) {
                        add(.tenantMove, route.key.description, "moves from tenant \(move.before) to \(move.after)", route.location)
                    }
                    if route.key.channel == .web, change.fields.contains(where: { $0.name == .active }), !route.isActive {
                        add(.webKeyRemoved, route.key.description, "deactivated: its widgets get 401", route.location)
                    }
                } else if route.key.channel == .web {
                    add(.webKeyRemoved, route.key.description, "removed from tenant \(context.tenantLabel(route.tenantID)): its widgets get 401", nil)
                }
            }
            guard action != .delete, routes[index].row.isActive else { continue }
            let tenantID = routes[index].row.tenantID
            if tenantActive[tenantID] == false {
                let route = routes[index].row
                add(.routeToInactiveTenant, route.key.description, "leads to tenant \(context.tenantLabel(tenantID)), which is inactive", route.location)
            }
            if let type = routes[index].row.key.channel.channelType, let state = channels[ChannelKey(tenantID: tenantID, type: type)],
               let problem = state.problem {
                let route = routes[index].row
                add(.routeToDisabledChannel, route.key.description,
                    "leads to tenant \(context.tenantLabel(tenantID))'s \(type.rawValue) channel, which is \(problem)", route.location)
            }
        }
        // A channel this plan leaves disabled or unconfigured while active routes lead to it.
        for change in plan.channels where change.action != .delete {
            let channel = change.row
            guard let state = channels[channel.channelKey], let problem = state.problem,
                  let routeChannel = RouteChannel.allCases.first(where: { $0.channelType == channel.type })
            else { continue }
            let count = routesAfter().activeCount(tenant: channel.tenantID, channel: routeChannel)
            guard count > 0 else { continue }
            add(.routeToDisabledChannel, "\(channel.type.rawValue) (tenant \(context.tenantLabel(channel.tenantID)))",
                "is \(problem) while \(count) active \(routeChannel.rawValue) route\(count == 1 ? " leads" : "s lead") to it", channel.location)
        }
        for change in plan.tenants where change.action == .update && !change.row.isActive
            && change.fields.contains(where: { $0.name == .active }) {
            let count = routesAfter().activeCount(tenant: change.row.id)
            if count > 0 {
                add(.tenantDeactivated, "tenant \(context.tenantLabel(change.row.id))",
                    "deactivated with \(plural(count, "active route")): the platform stops routing them", change.row.location)
            }
        }
        trunkRisks(add)
        return found
    }

    // MARK: - State after apply

    /// Whether each tenant is active once the plan is applied (deleted ones are gone).
    private var tenantsAfterApply: [Int64: Bool] {
        var active = Dictionary(actual.tenants.map { ($0.id, $0.isActive) }, uniquingKeysWith: { a, _ in a })
        for tenant in desired.tenants { active[tenant.id] = tenant.isActive }
        for change in plan.tenants where change.action == .delete { active[change.row.id] = nil }
        return active
    }

    struct ChannelState {
        var isEnabled: Bool
        var isConfigured: Bool
        var problem: String? { !isEnabled ? "disabled" : !isConfigured ? "not configured" : nil }
    }

    /// Every channel row once the plan is applied.
    private var channelsAfterApply: [ChannelKey: ChannelState] {
        var channels: [ChannelKey: ChannelState] = [:]
        for stored in actual.channelConfigurations {
            channels[stored.channelKey] = ChannelState(isEnabled: stored.isEnabled, isConfigured: stored.isConfigured)
        }
        for channel in desired.channelConfigurations {
            channels[channel.channelKey] = ChannelState(isEnabled: channel.isEnabled, isConfigured: channel.isConfigured)
        }
        for change in plan.channels where change.action == .delete { channels[change.row.channelKey] = nil }
        return channels
    }

    // MARK: - Rules

    /// For each tenant whose WhatsApp routes or channel this plan touches: its `whatsappNumber`
    /// without a route to it, and its WhatsApp routes that are not that number (`whatsappNumberMismatch`).
    /// Apart from `find`: in a first apply that gives every fourth tenant a number, a third of
    /// finding the risks, which the planner runs on the other core.
    func whatsappMismatches() -> [Risk.Row] {
        var touched = Set<Int64>()
        for index in plan.routes.indices where plan.routes[index].row.key.channel == .whatsapp { touched.insert(plan.routes[index].row.tenantID) }
        for index in plan.channels.indices where plan.channels[index].row.type == .whatsapp { touched.insert(plan.channels[index].row.tenantID) }
        var found: [Risk.Row] = []
        guard !touched.isEmpty else { return found }
        // Only these tenants' WhatsApp routes: a first apply touches every tenant, and copying a
        // million routes of every channel to read a fifth of them was a third of finding risks.
        let routesAfter = RoutesAfterApply(plan: plan, desired: desired, undeclared: context.undeclaredRoutes) { route in
            route.key.channel == .whatsapp && touched.contains(route.tenantID)
        }
        for channel in desired.channelConfigurations where channel.type == .whatsapp && touched.contains(channel.tenantID) {
            guard case .whatsapp(let settings) = channel.settings, let number = settings.whatsappNumber else { continue }
            let routes = routesAfter.active(tenant: channel.tenantID, channel: .whatsapp)
            let tenant = context.tenantLabel(channel.tenantID)
            if !routes.contains(where: { $0.key.key == number }) {
                found.append(Risk.Row(identity: "whatsapp (tenant \(tenant))",
                                      detail: "whatsappNumber \(number) has no WhatsApp route to this tenant: its messages do not reach it",
                                      location: channel.location))
            }
            for route in routes where route.key.key != number {
                found.append(Risk.Row(identity: route.key.description,
                                      detail: "is not tenant \(tenant)'s whatsappNumber (\(number)): replies go out from another number",
                                      location: route.location))
            }
        }
        return found
    }

    /// The default trunk, trunks losing their workflows, workflows left on the legacy trunk.
    private func trunkRisks(_ add: (RiskCode, String, String, SourceLocation?) -> Void) {
        guard !plan.sipAccounts.isEmpty || !plan.workflowBindings.isEmpty else { return }
        let after = context.accountsAfterApply
        let before = actual.sipAccounts
        let defaultBefore = before.first { $0.isDefault && $0.isActive }?.label
        let defaultAfter = after.first { $0.isDefault && $0.isActive }?.label
        if defaultBefore != defaultAfter {
            let fallback = EffectiveTrunk.resolve(boundTo: nil, accounts: after).map { "'\($0)'" } ?? "the legacy app_settings trunk"
            let from = defaultBefore.map { "'\($0)'" } ?? "none"
            let detail = defaultAfter.map { "\(from) → '\($0)': workflows without a trunk of their own move to it" }
                ?? "\(from) → none: workflows without a trunk of their own move to \(fallback)"
            let location = after.first { $0.label == defaultAfter }?.location
            add(.defaultTrunkChange, "default SIP account", detail, location)
        }

        let desiredBindings = Dictionary(desired.workflowBindings.map { ($0.workflowSlug, $0.accountLabel) }, uniquingKeysWith: { a, _ in a })
        let removedBindings = Set(plan.workflowBindings.filter { $0.action == .delete }.map(\.row.workflowSlug))
        let activeAfter = Dictionary(after.map { ($0.label, $0.isActive) }, uniquingKeysWith: { a, _ in a })
        for binding in actual.workflowBindings.sorted(by: { $0.workflowSlug < $1.workflowSlug }) {
            let label = binding.accountLabel
            guard activeAfter[label] != true else { continue }
            // Moved to another trunk by this very plan: intended, not a risk.
            if let wanted = desiredBindings[binding.workflowSlug], wanted != label { continue }
            let lost = activeAfter[label] == nil ? "deleted" : "deactivated"
            let destination = EffectiveTrunk.resolve(boundTo: activeAfter[label] == nil ? nil : label, accounts: after)
                .map { "'\($0)'" } ?? "the legacy app_settings trunk"
            let location = plan.sipAccounts.first { $0.row.label == label }?.row.location
            // A delete beside a create is often a rename: say how to keep the bindings.
            let created = plan.sipAccounts.first { $0.action == .create }?.row.label
            let hint = lost == "deleted" && created != nil ? " (a rename? write renamedFrom: \"\(label)\" on '\(created!)' to keep its id and bindings)" : ""
            add(.trunkDropsBindings, "\"\(label)\"", "\(lost) while workflow \(binding.workflowSlug) is bound to it: its calls go to \(destination)\(hint)", location)
        }

        var workflows = Set(actual.workflowBindings.map(\.workflowSlug)).union(desiredBindings.keys)
        if before.contains(where: \.isActive), !after.contains(where: \.isActive) { workflows.formUnion(actual.knownWorkflows ?? []) }
        let liveBindings = Dictionary(actual.workflowBindings.map { ($0.workflowSlug, $0.accountLabel) }, uniquingKeysWith: { a, _ in a })
        for slug in workflows.sorted() {
            let bound = desiredBindings[slug] ?? (removedBindings.contains(slug) ? nil : liveBindings[slug])
            guard EffectiveTrunk.resolve(boundTo: liveBindings[slug], accounts: before) != nil,
                  EffectiveTrunk.resolve(boundTo: bound, accounts: after) == nil else { continue }
            add(.workflowOnLegacyTrunk, "workflow \(slug)", "has no active trunk left: its calls use the legacy app_settings trunk", nil)
        }
    }
}

/// The routes once a plan is applied, by tenant: the declared ones, then live ones no file
/// declares and the plan keeps.
struct RoutesAfterApply {
    /// The routes a rule may read: the desired ones, then the undeclared ones.
    private let desired: [Route]
    private let undeclared: [Route]
    /// Positions in `desired`, then past its end in `undeclared`, by tenant: copying a first
    /// apply's WhatsApp routes into these lists (a retain of each route's strings) was more than
    /// half of finding their risks.
    private var byTenant: [Int64: [Int]] = [:]

    /// - Parameters:
    ///   - undeclared: the live routes no file declares (`Differ.Result.undeclared`).
    ///   - include: the routes a rule reads; the others are left out.
    init(plan: Plan, desired: DesiredState, undeclared: [Route], where include: (Route) -> Bool = { _ in true }) {
        self.desired = desired.routes
        self.undeclared = undeclared
        var deleted = Set<RouteKey>()
        for index in plan.routes.indices where plan.routes[index].action == .delete { deleted.insert(plan.routes[index].row.key) }
        for index in self.desired.indices where include(self.desired[index]) {
            byTenant[self.desired[index].tenantID, default: []].append(index)
        }
        for index in undeclared.indices where include(undeclared[index]) && !deleted.contains(undeclared[index].key) {
            byTenant[undeclared[index].tenantID, default: []].append(self.desired.count + index)
        }
    }

    private func route(at position: Int) -> Route {
        position < desired.count ? desired[position] : undeclared[position - desired.count]
    }

    func active(tenant: Int64, channel: RouteChannel) -> [Route] {
        (byTenant[tenant] ?? []).map(route(at:)).filter { $0.isActive && $0.key.channel == channel }
    }

    func activeCount(tenant: Int64, channel: RouteChannel? = nil) -> Int {
        (byTenant[tenant] ?? []).count { position in
            let route = route(at: position)
            return route.isActive && (channel == nil || route.key.channel == channel)
        }
    }
}

extension RouteChannel {
    /// The channel configuration a route's traffic arrives on (the web widget has none).
    var channelType: ChannelType? {
        switch self {
        case .vocal: .phone
        case .whatsapp: .whatsapp
        case .web: nil
        }
    }
}
