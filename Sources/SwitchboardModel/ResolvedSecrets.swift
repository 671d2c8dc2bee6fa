/// Secret values resolved at apply time (env, files), keyed by their reference. The planner
/// compares them with what the database holds and never prints them.
public struct ResolvedSecrets: Sendable {
    public enum Resolution: Hashable, Sendable {
        case value(String)
        /// Could not be read (unset variable, unreadable file): why, without any value.
        case unavailable(String)
    }

    public var resolutions: [SecretReference: Resolution]

    public init(_ resolutions: [SecretReference: Resolution] = [:]) { self.resolutions = resolutions }

    /// The value, for literals without lookup.
    public func value(of reference: SecretReference) -> String? {
        if case .literal(let text) = reference { return text }
        if case .value(let text) = resolutions[reference] { return text }
        return nil
    }

    public func problem(with reference: SecretReference) -> String? {
        if case .unavailable(let reason) = resolutions[reference] { return reason }
        return nil
    }
}
