import SwitchboardModel

/// A binding sets `workflow_definitions.sip_account_id` of its workflow to its account's id.
extension WorkflowBinding: StoredRow {
    static let storage = RowStorage.workflowAccount

    func columnValues(_ values: RowValues) -> [SQLValue] { [.text(workflowSlug), .text(accountLabel)] }

    var identityValues: [SQLValue] { [.text(workflowSlug)] }
}
