/// Which trunk a workflow's calls use, by the platform's rule (multi-SIP document): the account
/// bound to the workflow if it is active (only active accounts are registered), else the active
/// default account, else the first active account; nil means the legacy app_settings trunk.
public enum EffectiveTrunk {
    /// - Parameter accounts: in the platform's order (first active = first in this list).
    public static func resolve(boundTo label: String?, accounts: [SIPAccount]) -> String? {
        if let label, accounts.contains(where: { $0.label == label && $0.isActive }) { return label }
        if let fallback = accounts.first(where: { $0.isDefault && $0.isActive }) { return fallback.label }
        return accounts.first(where: \.isActive)?.label
    }
}
