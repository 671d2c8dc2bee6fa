import SwitchboardModel
import SwitchboardStore

/// Why a reconcile did not apply. Each maps to an exit code: 1, or 3 for the guard.
public enum ReconcileError: Error, CustomStringConvertible {
    /// The files are invalid: nothing was read from or written to the database.
    case invalidFiles([Diagnostic])
    /// Secrets that could not be resolved, before anything was written.
    case missingSecrets([Diagnostic])
    /// Problems only the database reveals (an unknown workflow).
    case planErrors([Diagnostic])
    case database(DatabaseError)
    /// `--no-migrate` and the schema is behind.
    case schemaBehind(pending: Int)
    case savedPlan(String)
    /// A key is missing, unreadable or malformed.
    case encryptionKey(String)
    /// `switchboard export` cannot write a faithful copy (a folder already holding files, settings it cannot read).
    case export(String)

    public var description: String {
        switch self {
        case .invalidFiles(let diagnostics): "\(diagnostics.count(where: \.isError)) error(s) in the files: nothing applied"
        case .missingSecrets(let diagnostics): "\(diagnostics.count) secret(s) could not be resolved: nothing applied"
        case .planErrors(let diagnostics): "\(diagnostics.count) error(s) against the database: nothing applied"
        case .database(let error): error.message
        case .schemaBehind(let pending):
            "the database schema is \(pending) migration(s) behind: run `switchboard migrate`, or reconcile without --no-migrate"
        case .savedPlan(let message): message
        case .encryptionKey(let message): message
        case .export(let message): message
        }
    }

    /// The located diagnostics to print before the one-line description.
    public var diagnostics: [Diagnostic] {
        switch self {
        case .invalidFiles(let diagnostics), .missingSecrets(let diagnostics), .planErrors(let diagnostics): diagnostics
        default: []
        }
    }
}
