import Crypto
import Foundation
import SwitchboardPlan

/// `reconcile --dry-run --out plan.json`, then `reconcile --plan plan.json`: the second applies
/// exactly the first's plan, and refuses if the files, the database or the plan itself changed.
/// It holds digests and a summary, never a row value or a secret.
public struct SavedPlan: Codable, Equatable, Sendable {
    public var formatVersion = 1
    public var database: String
    public var directory: String
    /// Digest of the actual state the plan was computed against.
    public var fingerprint: String
    public var sourceDigest: String
    /// Digest of the plan as displayed (which holds no secret value).
    public var planDigest: String
    public var summary: String

    init(plan: Plan, header: PlanHeader, fingerprint: String, sourceDigest: String) {
        database = header.database
        directory = header.directory
        self.fingerprint = fingerprint
        self.sourceDigest = sourceDigest
        planDigest = Self.digest(of: plan, header: header)
        summary = plan.summaryLine
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
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
