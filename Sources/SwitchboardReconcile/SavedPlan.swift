import Crypto
import Foundation
import SwitchboardLoader
import SwitchboardModel
import SwitchboardPlan

/// `reconcile --dry-run --out plan.json`, then `reconcile --plan plan.json`: the second applies
/// exactly the first's plan, and refuses if the files, the database or the plan itself changed,
/// saying which. `switchboard show plan.json` prints it again. It holds the plan's rows with every
/// secret reference removed, and digests: never a secret.
public struct SavedPlan: Codable, Equatable, Sendable {
    public var formatVersion = 2
    public var database: String
    public var directory: String
    /// Digest of the actual state the plan was computed against.
    public var fingerprint: String
    public var sourceDigest: String
    /// Digest of the plan as displayed (which holds no secret value).
    public var planDigest: String
    public var summary: String
    /// The plan to show again (`switchboard show`), its rows without secret references.
    public var plan: Plan?
    public var header: PlanHeader?
    /// Each file's digest, and each kind's digest of the database read: what changed since.
    public var files: [String: String]?
    public var kinds: [String: String]?

    init(plan: Plan, header: PlanHeader, actual: ActualState, load: LoadResult, sourceDigest: String) {
        database = header.database
        directory = header.directory
        fingerprint = StateFingerprint.of(actual)
        self.sourceDigest = sourceDigest
        planDigest = Self.digest(of: plan, header: header)
        summary = plan.summaryLine
        self.plan = plan.withoutSecretReferences
        self.header = header
        files = SourceDigest.perFile(load)
        kinds = StateFingerprint.byKind(actual)
    }

    /// Why `current` is not this plan any more, in words: which files, which kinds of rows.
    func staleness(against current: SavedPlan) -> String? {
        if database != current.database { return "the saved plan was made against \(database), not \(current.database)" }
        if sourceDigest != current.sourceDigest {
            return "the files changed since the plan was made\(Self.differences(files, current.files, added: "added", removed: "removed")): plan again"
        }
        if fingerprint != current.fingerprint {
            let changed = Set((kinds ?? [:]).keys).union((current.kinds ?? [:]).keys).filter { kinds?[$0] != current.kinds?[$0] }.sorted()
            return "the database changed since the plan was made\(changed.isEmpty ? "" : " (\(changed.joined(separator: ", ")))"): plan again"
        }
        if planDigest != current.planDigest { return "the plan would differ from the saved one: plan again" }
        return nil
    }

    /// ` (tenants.d/a.yaml changed, tenants.d/b.yaml added)`, or "" when the digests are unknown.
    public static func differences(_ old: [String: String]?, _ new: [String: String]?, added: String, removed: String) -> String {
        guard let old, let new else { return "" }
        var changes: [String] = []
        for path in Set(old.keys).union(new.keys).sorted() where old[path] != new[path] {
            changes.append("\(path) \(old[path] == nil ? added : new[path] == nil ? removed : "changed")")
        }
        let shown = changes.prefix(10).joined(separator: ", ") + (changes.count > 10 ? " and \(changes.count - 10) more" : "")
        return changes.isEmpty ? "" : " (\(shown))"
    }

    /// Hashes what the plan shows, entry by entry (the JSON encoder took a third of a 100,000-route
    /// reconcile): kind, action, identity, fields (sensitive ones as "(sensitive)"), source.
    static func digest(of plan: Plan, header: PlanHeader) -> String {
        var hasher = SHA256()
        func add(_ text: String) { hasher.update(data: Array(text.utf8) + [0]) }
        add(header.database)
        for entry in plan.entries {
            add("\(entry.kind.rawValue)\t\(entry.action.rawValue)\t\(entry.identity)\t\(entry.location?.description ?? "")")
            for field in entry.fields { add("\(field.name)\t\(field.before)\t\(field.after)") }
        }
        for row in plan.retained { add("retained\t\(row.key)\t\(row.reason.rawValue)") }
        add(plan.refusal ?? "")
        return SourceDigest.hex(hasher.finalize())
    }

    public func write(to path: String) throws {
        try JSONText.data(self).write(to: URL(fileURLWithPath: path))
    }

    public static func read(from path: String) throws -> SavedPlan {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReconcileError.savedPlan("cannot read \(path)") }
        do {
            return try JSONDecoder().decode(SavedPlan.self, from: data)
        } catch {
            throw ReconcileError.savedPlan("\(path) is not a saved switchboard plan")
        }
    }
}
