import Foundation
import SwitchboardModel
import SwitchboardPlan

/// What the SIP manager is told when trunks change: which accounts and workflows, and the
/// revision of the files. Sent as the NOTIFY payload, the HTTP body and to the command.
public struct ReloadPayload: Codable, Equatable, Sendable {
    public var revision: String?
    public var sipAccounts: [String]
    public var workflows: [String]
    /// "reconcile" or "manual" (`switchboard reload`).
    public var reason: String

    public init(plan: Plan, revision: String?) {
        self.revision = revision
        sipAccounts = plan.sipAccounts.map(\.row.label)
        workflows = plan.workflowBindings.map(\.row.workflowSlug)
        reason = "reconcile"
    }

    /// A reload on demand (`switchboard reload`, a pending reload delivered again): every active
    /// account and every bound workflow, since the SIP manager reloads them all.
    public init(manualWithRevision revision: String?, accounts: [SIPAccount], bindings: [WorkflowBinding]) {
        self.revision = revision
        sipAccounts = accounts.filter(\.isActive).map(\.label).sorted()
        workflows = bindings.map(\.workflowSlug).sorted()
        reason = "manual"
    }

    public var json: String {
        String(decoding: try! JSONText.data(self, indented: false), as: UTF8.self)
    }
}
