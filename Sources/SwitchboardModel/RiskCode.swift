/// The changes that move live traffic, each with a stable code (DESIGN §3 "Risks and policy"):
/// what a reviewer must see before approving a plan, and what `policy` in switchboard.yaml
/// allows, warns about or refuses.
public enum RiskCode: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// A number or web key moved from one tenant to another: its calls, messages or chats go elsewhere.
    case tenantMove
    /// An active route to a tenant that is inactive.
    case routeToInactiveTenant
    /// An active route to a channel of its tenant that is disabled or not configured.
    case routeToDisabledChannel
    /// A WhatsApp route that is not its tenant's `whatsappNumber`, or the reverse.
    case whatsappNumberMismatch
    /// The default SIP account changed or is gone: every workflow without a trunk of its own moves.
    case defaultTrunkChange
    /// A trunk deleted or deactivated (or renamed without `renamedFrom`) while workflows are bound to it.
    case trunkDropsBindings
    /// A workflow left with no trunk but the legacy app_settings one.
    case workflowOnLegacyTrunk
    /// A web key removed or deactivated: its widgets get 401.
    case webKeyRemoved
    /// A tenant deactivated while it has active routes.
    case tenantDeactivated

    /// What happens without a `policy` entry: trunks losing their workflows are refused (the
    /// platform moves those calls silently), every other risk is a warning.
    public var defaultLevel: PolicyLevel {
        switch self {
        case .trunkDropsBindings: .refuse
        default: .warn
        }
    }

    /// One line for the README's table and `--help`.
    public var meaning: String {
        switch self {
        case .tenantMove: "a number or web key moves to another tenant"
        case .routeToInactiveTenant: "an active route leads to an inactive tenant"
        case .routeToDisabledChannel: "an active route leads to a disabled or unconfigured channel"
        case .whatsappNumberMismatch: "a WhatsApp route is not its tenant's whatsappNumber, or the reverse"
        case .defaultTrunkChange: "the default SIP account changes or is gone"
        case .trunkDropsBindings: "a trunk with bound workflows is deleted, deactivated or renamed without renamedFrom"
        case .workflowOnLegacyTrunk: "a workflow is left with only the legacy app_settings trunk"
        case .webKeyRemoved: "a web key is removed or deactivated (its widgets get 401)"
        case .tenantDeactivated: "a tenant with active routes is deactivated"
        }
    }

    public static func < (a: RiskCode, b: RiskCode) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What `policy` in switchboard.yaml does with a risk.
public enum PolicyLevel: String, CaseIterable, Hashable, Sendable, Codable {
    /// Not shown.
    case allow
    /// Shown in the plan's Risks section; the apply goes on.
    case warn
    /// Shown, and the apply is refused (exit 3) unless `--allow CODE`.
    case refuse
}
