import CLibPQ
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// PostgreSQL through libpq (DESIGN §8): URIs, key=value strings, `PG*` variables and `sslmode`
/// behave exactly as with psql.
public final class PostgresConnection: DatabaseConnection {
    public let dialect = SQLDialect.postgres
    public let targetDescription: String
    /// libpq's connection handle; nil once closed.
    private var handle: OpaquePointer?
    /// Scrubbed from every message, in case a server or libpq ever echoes it.
    private let password: String?

    public init(_ target: DatabaseTarget) throws {
        guard case .postgres(let conninfo) = target else { throw DatabaseError("not a PostgreSQL target: \(target)") }
        targetDescription = target.description
        password = target.postgresPassword
        let connection = PQconnectdb(conninfo)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(connection)
            throw DatabaseError("cannot connect to \(target): \(Self.scrub(message, password: target.postgresPassword))")
        }
        // "relation … already exists, skipping" and friends: not for the operator's terminal.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit { close() }

    public func close() {
        PQfinish(handle)
        handle = nil
    }

    public func execute(_ sql: String) throws {
        let result = PQexec(try connection(), sql)
        defer { PQclear(result) }
        try check(result)
    }

    public func query(_ sql: String, _ parameters: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        let connection = try connection()
        // Text-format parameters: libpq copies them before returning, so they only need to live
        // for the call.
        let values: [UnsafeMutablePointer<CChar>?] = parameters.map { value in
            switch value {
            case .null: nil
            case .text(let text): strdup(text)
            case .integer(let integer): strdup(String(integer))
            case .bool(let bool): strdup(bool ? "t" : "f")
            }
        }
        defer { values.forEach { free($0) } }
        let result = values.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(values.count, 1)) { pointer in
                PQexecParams(connection, sql, Int32(values.count), nil, values.isEmpty ? nil : pointer, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        try check(result)
        guard let result, PQresultStatus(result) == PGRES_TUPLES_OK else { return }
        let columns = Int(PQnfields(result))
        for row in 0..<PQntuples(result) {
            try body(SQLRow(source: .postgres(result: result, row: row), columnCount: columns))
        }
    }

    /// Sends `NOTIFY channel, payload` (inside the caller's transaction: delivered at commit).
    public func notify(channel: String, payload: String) throws {
        try run("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    func connection() throws -> OpaquePointer {
        guard let handle else { throw DatabaseError("connection to \(targetDescription) is closed") }
        return handle
    }

    private func check(_ result: OpaquePointer?) throws {
        guard let result else {
            throw DatabaseError("\(targetDescription): \(Self.scrub(String(cString: PQerrorMessage(handle)), password: password))")
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN, PGRES_EMPTY_QUERY:
            return
        default:
            var message = String(cString: PQresultErrorMessage(result))
            if message.hasPrefix("ERROR:") { message = String(message.dropFirst("ERROR:".count)) }
            throw DatabaseError(Self.scrub(message, password: password).trimmingCharacters(in: " \n"))
        }
    }

    static func scrub(_ message: String, password: String?) -> String {
        guard let password, !password.isEmpty else { return message }
        return message.replacingAll(password, with: "***")
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String { self[...].trimmingCharacters(in: set) }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
