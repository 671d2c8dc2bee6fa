import Foundation
import SwitchboardModel
import SwitchboardPlan

/// Writes a plan inside the caller's transaction with set-based statements: one statement (or one
/// prepared statement) per kind and action, never one round trip per row on PostgreSQL.
public protocol PlanApplier {
    /// Takes the reconciler's lock for the rest of the transaction (`pg_advisory_xact_lock`; on
    /// SQLite, `BEGIN IMMEDIATE` already holds the write lock).
    func lock() throws
    /// Opens the reconciler's transaction with its lock only if no other run holds that lock now
    /// and the transaction may stay open a while; false: nothing begun. For an apply begun while
    /// its files are still being read: waiting there would keep invalid files from being
    /// reported until the other run ended.
    func beginIfFree() throws -> Bool
    /// Writes the changes in `Plan.order`, then the ownership records.
    func apply(_ plan: Plan, values: RowValues, revision: String?) throws
    /// The audit row of this run (`switchboard_runs`).
    func recordRun(_ run: RunRecord) throws
    /// `NOTIFY channel, payload` inside the transaction (delivered exactly when it commits);
    /// false where the database has no such thing (SQLite).
    func notify(channel: String, payload: String) throws -> Bool
    /// What the runs applied within `window` deleted and started from (`guard.window`); empty
    /// before the first migration.
    func deletionHistory(window: SettingDuration) throws -> DeletionHistory
}

/// The audit row's `summary`: `{"routes":{"create":1,"delete":0,"update":2,"rows":100},…}`, where
/// `rows` is how many rows of the kind the run started from.
public enum RunSummary {
    public static func json(_ plan: Plan, rows: [ResourceKind: Int]) -> String {
        "{" + ResourceKind.allCases.map { kind in
            "\"\(kind.rawValue)\":{" + Action.allCases.map { "\"\($0.rawValue)\":\(plan.count(of: $0, in: kind))" }.joined(separator: ",")
                + ",\"rows\":\(rows[kind] ?? 0)}"
        }.joined(separator: ",") + "}"
    }

    /// Adds one stored summary to a history (rows written before `rows` existed count their deletions only).
    static func add(_ json: String, to history: inout DeletionHistory) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return }
        var deleted: [ResourceKind: Int] = [:], rows: [ResourceKind: Int] = [:]
        for kind in ResourceKind.allCases {
            guard let counts = object[kind.rawValue] as? [String: Any] else { continue }
            deleted[kind] = (counts["delete"] as? NSNumber)?.intValue
            rows[kind] = (counts["rows"] as? NSNumber)?.intValue
        }
        history.add(deleted: deleted, rows: rows)
    }
}

/// One row of `switchboard_runs`.
public struct RunRecord: Sendable {
    public var startedAt: String
    public var revision: String?
    public var sourceDigest: String
    public var summary: String
    public var outcome: String
    public var error: String?
    public var reloadPending: Bool

    public init(startedAt: String, revision: String?, sourceDigest: String, summary: String, outcome: String,
                error: String? = nil, reloadPending: Bool = false) {
        self.startedAt = startedAt
        self.revision = revision
        self.sourceDigest = sourceDigest
        self.summary = summary
        self.outcome = outcome
        self.error = error
        self.reloadPending = reloadPending
    }
}

/// What the column values of planned rows are made with, shared by both drivers
/// (`StoredRow.columnValues`): secrets are resolved at the last moment and go nowhere but the
/// statement's parameters.
public struct RowValues: Sendable {
    let secrets: ResolvedSecrets
    /// Encrypts channel settings (`config_encrypted`); needed as soon as a channel has settings.
    let encryptionKey: EncryptionKey?

    public init(secrets: ResolvedSecrets, encryptionKey: EncryptionKey? = nil) {
        self.secrets = secrets
        self.encryptionKey = encryptionKey
    }

    /// The channel's settings, encrypted; nil when it has none (phone, SMS).
    func encryptedSettings(_ channel: ChannelConfiguration) throws -> String? {
        let settings = channel.settings.values(secrets: secrets)
        guard !settings.isEmpty else { return nil }
        guard let key = encryptionKey else {
            throw DatabaseError("tenant \(channel.tenantID) \(channel.type.rawValue): no encryption key to store its settings with")
        }
        return try SettingsCipher.encrypt(settings, with: key)
    }

    /// `{"promotions":false,"rdvRappel":true}`: keys sorted, so equal maps store equal text.
    static func json(_ templates: [String: Bool]) -> String { JSONText.object(templates) }
}

extension Plan {
    /// Renames of SIP accounts run just before the step that updates accounts, so the updates
    /// (and the workflows pointing at the accounts' ids) find them under their new labels.
    static func renamesAccounts(_ kind: ResourceKind, _ actions: Set<Action>) -> Bool {
        kind == SIPAccount.kind && actions.contains(.update)
    }

    /// What the apply changes in the ownership records: the rows written become managed, deleted
    /// and vanished rows stop being, renamed accounts move their record, and the facts are set.
    /// Pure: a driver makes it beside the rows' writes, and records it after them.
    var ownershipChange: OwnershipChange {
        OwnershipChange(added: newOwnership + accountRenames.map { .sipAccount($0.to) },
                        removed: deletedOwnership + releasedOwnership + accountRenames.map { .sipAccount($0.from) },
                        refreshed: refreshedOwnership, facts: factUpdates)
    }

    /// Ownership records that exist and only take the new revision.
    var refreshedOwnership: [ManagedKey] {
        // A first apply records every row anew: no set of a million keys to find none, nor the
        // keys themselves to count them.
        if newOwnership.count == count(of: .create) + count(of: .update) { return [] }
        let new = Set(newOwnership)
        return ownedAfterApply.filter { !new.contains($0) }
    }
}
