import SwitchboardModel

/// A change of the plan that moves live traffic, named for the reviewer (DESIGN §3 "Risks and
/// policy"), with what the policy decided about it.
public struct Risk: Hashable, Sendable, Codable {
    public enum Decision: String, Hashable, Sendable, Codable {
        case warn
        /// The apply is refused (exit 3).
        case refuse
        /// Refused by policy, allowed for this run by `--allow CODE`.
        case allowedOnce
    }

    /// One row the risk concerns.
    public struct Row: Hashable, Sendable, Codable {
        /// The row as the plan names it (`vocal +33100000050`, `"Trunk 01"`).
        public var identity: String
        /// What happens to traffic, in a few words.
        public var detail: String
        public var location: SourceLocation?
    }

    public var code: RiskCode
    public var decision: Decision
    public var rows: [Row]
}

extension Risk.Decision {
    /// How plans print it: `warn`, `refused`, `allowed once`.
    public var label: String {
        switch self {
        case .warn: "warn"
        case .refuse: "refused"
        case .allowedOnce: "allowed once"
        }
    }
}
