import Crypto

/// One embedded, versioned schema change. Written to succeed on an empty database and on the
/// platform's existing ones: it adds what is missing, never drops or rewrites a column (it drops
/// an index only where another one does its work, `dropIndexIfDuplicated`).
public struct Migration: Sendable {
    public enum Step: Sendable {
        /// SQL run as is (several statements allowed).
        case sql(String)
        /// Adds a column when the table lacks it. SQLite has no `ADD COLUMN IF NOT EXISTS`, so the
        /// runner looks first. With `ifTableExists`, a missing table is skipped (tables that
        /// belong to the platform, like `workflow_definitions`).
        case addColumn(table: String, column: String, definition: String, ifTableExists: Bool = false)
        /// Moves each record of `switchboard_managed_records` (one row per managed row, migrations
        /// 2 and 3) into its bucket of `switchboard_ownership`: the bucket is a hash SQL does not
        /// have, so switchboard computes it (`OwnershipLedger.regroupRecords`).
        case regroupOwnership
        /// Drops `index` of `table` when another unique index of the table, over the whole table,
        /// has the same key columns with the same collations: it holds nothing the other does not,
        /// and every insert wrote both.
        case dropIndexIfDuplicated(table: String, index: String)
    }

    public let version: Int
    public let name: String
    public let steps: [Step]

    public init(version: Int, name: String, steps: [Step]) {
        self.version = version
        self.name = name
        self.steps = steps
    }

    /// SHA-256 of the steps' canonical text: an applied migration whose text changed is refused.
    public var checksum: String {
        let digest = SHA256.hash(data: Array(canonicalText.utf8))
        return digest.map { byte in String(byte, radix: 16).leftPadded(to: 2) }.joined()
    }

    var canonicalText: String {
        steps.map { step in
            switch step {
            case .sql(let sql): sql
            case .addColumn(let table, let column, let definition, let ifTableExists):
                "add column \(table).\(column) \(definition)\(ifTableExists ? " if table exists" : "")"
            case .regroupOwnership: Self.regroupOwnershipSQL
            case .dropIndexIfDuplicated(let table, let index): "drop index \(index) of \(table) if duplicated"
            }
        }.joined(separator: "\n")
    }
}

extension Migration {
    /// How `migrate --dry-run` shows the regrouping step (it is not SQL).
    static let regroupOwnershipSQL = "-- switchboard moves each record of switchboard_managed_records into its bucket of switchboard_ownership"
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
