import SwitchboardModel

/// The settings that shape a plan: prune modes and the delete guard (DESIGN §3).
public struct PlanPolicy: Hashable, Sendable, Codable {
    public var prune: [ResourceKind: PruneMode]
    public var maxDeletes: DeleteLimit
    /// `--allow-deletes`: the guard reports but does not refuse.
    public var allowDeletes: Bool
    /// Id of the key channel settings are encrypted with now; rows under another are re-encrypted.
    public var encryptionKeyID: String?

    public init(prune: [ResourceKind: PruneMode] = [:], maxDeletes: DeleteLimit = .default, allowDeletes: Bool = false) {
        self.prune = prune
        self.maxDeletes = maxDeletes
        self.allowDeletes = allowDeletes
    }

    public init(settings: Settings, allowDeletes: Bool) {
        self.init(prune: settings.prune, maxDeletes: settings.maxDeletes, allowDeletes: allowDeletes)
    }

    public func pruneMode(for kind: ResourceKind) -> PruneMode { prune[kind] ?? .owned }
}

extension DeleteLimit: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if text.hasSuffix("%"), let share = Double(text.dropLast()) {
            self = .percent(share)
        } else {
            self = .count(Int(text) ?? 0)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
