import CLibPQ
import SwitchboardModel

/// Which database a URL names: PostgreSQL (libpq URI or key=value string) or an SQLite file.
public enum DatabaseTarget: Hashable, Sendable, CustomStringConvertible {
    /// A libpq connection string, as given (libpq's `PG*` variables and `sslmode` apply).
    case postgres(String)
    case sqlite(path: String)

    /// The embedded default: the tool runs with no server at all.
    public static let defaultURL = "sqlite:switchboard.db"

    /// `postgres://…`, `postgresql://…`, `host=… dbname=…`, `sqlite:PATH`, or a path ending in
    /// `.db`, `.sqlite` or `.sqlite3`.
    public static func parse(_ url: String) throws -> DatabaseTarget {
        let text = url.trimming(" \t\n")
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return .postgres(text) }
        if text.hasPrefix("sqlite://") { return .sqlite(path: String(text.dropFirst("sqlite://".count))) }
        if text.hasPrefix("sqlite:") { return .sqlite(path: String(text.dropFirst("sqlite:".count))) }
        if [".db", ".sqlite", ".sqlite3"].contains(where: { text.hasSuffix($0) }), !text.contains("=") {
            return .sqlite(path: text)
        }
        if text.contains("=") { return .postgres(text) }
        throw DatabaseError("unrecognised database URL (expected postgres://…, postgresql://…, key=value, sqlite:PATH or a .db file)")
    }

    public var engine: SQLDialect {
        switch self {
        case .postgres: .postgres
        case .sqlite: .sqlite
        }
    }

    /// `postgres://app@db:5432/platform` or `sqlite:switchboard.db`: what messages and plans show.
    /// The password is never part of it.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let conninfo): Self.describePostgres(conninfo)
        }
    }

    /// The password written in the connection string, to scrub it from any message libpq returns.
    var postgresPassword: String? {
        guard case .postgres(let conninfo) = self else { return nil }
        return Self.conninfoOptions(conninfo)["password"]
    }

    /// The password of a `postgres://user:password@host` URI, found by hand: libpq cannot parse a
    /// malformed URI, but its message may still quote it.
    static func uriPassword(_ conninfo: String) -> String? {
        guard let scheme = conninfo.firstRange(of: "://") else { return nil }
        let rest = conninfo[scheme.upperBound...]
        let authority = rest[..<(rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex)]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return nil }
        return String(authority[authority.index(after: colon)..<at])
    }

    /// `missing "=" after "host=db password=x" in …` → `missing "…" after "…" in …`.
    static func withoutQuotedText(_ message: String) -> String {
        var out = "", quoted = false
        for character in message {
            if character == "\"" {
                out += quoted ? "…\"" : "\""
                quoted.toggle()
            } else if !quoted {
                out.append(character)
            }
        }
        return out
    }

    private static func describePostgres(_ conninfo: String) -> String {
        let options = conninfoOptions(conninfo)
        guard !options.isEmpty else { return "postgres (unparsable connection string)" }
        let user = options["user"].map { "\($0)@" } ?? ""
        let host = options["host"] ?? options["hostaddr"] ?? ""
        let port = options["port"].map { ":\($0)" } ?? ""
        let database = options["dbname"].map { "/\($0)" } ?? ""
        return "postgres://\(user)\(host)\(port)\(database)"
    }

    /// libpq's own parse of a URI or key=value string (only what the string itself sets).
    private static func conninfoOptions(_ conninfo: String) -> [String: String] {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            if let error { PQfreemem(error) }
            return [:]
        }
        defer { PQconninfoFree(options) }
        var result: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { result[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return result
    }
}
