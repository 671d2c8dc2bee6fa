import SwitchboardModel

/// Phone keys that can never be dialled (DESIGN §1 "Phone keys"): the files never make one (the
/// loader refuses them), a route marked `keepInvalid` only keeps a row that exists, and numbers
/// already in the database that are invalid are warnings naming the row (adoption never fails
/// because of them).
enum PhoneKeyAudit {
    /// - Parameter undeclared: the live routes no file declares.
    static func diagnostics(routes: [Change<Route>], undeclared: [Route]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for change in routes where change.action == .create && change.row.keepsInvalidKey {
            diagnostics.append(.error(
                at: change.row.location ?? .database,
                "\(change.row.key) can never be dialled: keepInvalid keeps a row the database holds, it never creates one"))
        }
        // Only rows the files do not declare: a declared key was checked when it was read.
        for route in undeclared where route.key.channel.usesPhoneKeys {
            guard !PhoneNumber.isValid(e164: route.key.key) else { continue }
            diagnostics.append(.warning(
                at: .database,
                "tenant_routing \(route.key) (tenant \(route.tenantID)) is not a valid number: it can never be dialled"))
        }
        return diagnostics
    }
}
