import CLibPQ
import SwitchboardModel
import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// PostgreSQL through libpq (DESIGN §8): URIs, key=value strings, `PG*` variables and `sslmode`
/// behave exactly as with psql.
public final class PostgresConnection: DatabaseConnection {
    public let targetDescription: String
    /// libpq's connection handle; nil once closed.
    private var handle: OpaquePointer?
    /// Scrubbed from every message, in case a server or libpq ever echoes it.
    private let password: String?

    /// How long a connection may take, unless `PGCONNECT_TIMEOUT` or the URL's `connect_timeout` says
    /// otherwise: a server that accepts TCP and never answers must not hang a CLI run.
    public static let defaultConnectTimeout = 10

    public init(_ target: DatabaseTarget, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard case .postgres(let conninfo) = target else { throw DatabaseError("not a PostgreSQL target: \(target)") }
        targetDescription = target.description
        password = target.postgresPassword
        // connect_timeout first, then the connection string expanded from dbname: what the string
        // says wins over the default (and PGCONNECT_TIMEOUT is only read when no keyword sets it).
        var keywords = ["dbname"], values = [conninfo]
        if (environment["PGCONNECT_TIMEOUT"] ?? "").isEmpty {
            keywords.insert("connect_timeout", at: 0)
            values.insert(String(Self.defaultConnectTimeout), at: 0)
        }
        let connection = Self.connect(keywords: keywords, values: values)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(connection)
            throw DatabaseError("cannot connect to \(target): \(Self.scrub(message, target: target))")
        }
        // "relation … already exists, skipping" and friends: not for the operator's terminal.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit { close() }

    private static func connect(keywords: [String], values: [String]) -> OpaquePointer? {
        let cKeywords = keywords.map { strdup($0) } + [nil]
        let cValues = values.map { strdup($0) } + [nil]
        defer { (cKeywords + cValues).forEach { free($0) } }
        return cKeywords.withUnsafeBufferPointer { keywordBuffer in
            cValues.withUnsafeBufferPointer { valueBuffer in
                keywordBuffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: cKeywords.count) { k in
                    valueBuffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: cValues.count) { v in
                        PQconnectdbParams(k, v, 1)
                    }
                }
            }
        }
    }

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
            throw DatabaseError("\(targetDescription): \(scrubbed(String(cString: PQerrorMessage(handle))))")
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN, PGRES_EMPTY_QUERY:
            return
        default:
            var message = String(cString: PQresultErrorMessage(result))
            if message.hasPrefix("ERROR:") { message = String(message.dropFirst("ERROR:".count)) }
            throw DatabaseError(scrubbed(message).trimming(" \n"))
        }
    }

    /// A server's or libpq's message without the password, in case one ever echoes it.
    private func scrubbed(_ message: String) -> String {
        guard let password, !password.isEmpty else { return message }
        return message.replacingAll(password, with: "***")
    }

    /// libpq's message without the password; when libpq could not even parse the connection
    /// string, it quotes pieces of it ("missing \"=\" after \"…\""), so every quoted piece goes too.
    static func scrub(_ message: String, target: DatabaseTarget) -> String {
        guard case .postgres(let conninfo) = target else { return message }
        var out = message.replacingAll(conninfo, with: "(the connection string)")
        for password in [target.postgresPassword, DatabaseTarget.uriPassword(conninfo)].compactMap({ $0 }) where !password.isEmpty {
            out = out.replacingAll(password, with: "***")
        }
        if target.postgresPassword == nil { out = DatabaseTarget.withoutQuotedText(out) }
        return out
    }
}

extension PostgresConnection {
    /// Streams rows into a table with `COPY … FROM STDIN` (text format): the fastest way into
    /// PostgreSQL (DESIGN §8: 100,000 rows in well under a second).
    public func copy(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        var rest: [[SQLValue]]? = rows
        try copy(into: table, columns: columns) {
            defer { rest = nil }
            return rest
        }
    }

    /// The same, the rows given in pieces, each asked for (`nextPiece`, nil at the end) while the
    /// one before is in the server's hands: a million rows' values are never all held at once.
    /// No COPY is started for no rows. The rows' values are written straight into COPY's text,
    /// sent by the megabyte.
    public func copy(into table: String, columns: [String], pieces nextPiece: () throws -> [[SQLValue]]?) throws {
        var piece = try nextPiece()
        while let rows = piece, rows.isEmpty { piece = try nextPiece() }
        guard piece != nil else { return }
        let connection = try connection()
        let start = PQexec(connection, "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN")
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            throw DatabaseError("COPY \(table): \(String(cString: PQerrorMessage(connection)))")
        }
        var buffer = [UInt8]()
        buffer.reserveCapacity(1 << 20)
        func flush() throws {
            guard !buffer.isEmpty else { return }
            let sent = buffer.withUnsafeBufferPointer { pointer in
                pointer.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
            }
            guard sent == 1 else { throw DatabaseError("COPY \(table): \(String(cString: PQerrorMessage(connection)))") }
            buffer.removeAll(keepingCapacity: true)
        }
        // A piece that cannot be made throws out of the COPY: the caller's ROLLBACK ends it (libpq
        // ends a COPY in progress when the next command is sent).
        while let rows = piece {
            for row in rows {
                for (column, value) in row.enumerated() {
                    if column > 0 { buffer.append(UInt8(ascii: "\t")) }
                    switch value {
                    case .null: Self.appendCopyText(nil, to: &buffer)
                    case .text(let text): Self.appendCopyText(text, to: &buffer)
                    case .integer(let integer): buffer.append(contentsOf: String(integer).utf8)
                    case .bool(let bool): buffer.append(bool ? UInt8(ascii: "t") : UInt8(ascii: "f"))
                    }
                }
                buffer.append(UInt8(ascii: "\n"))
                if buffer.count > 1 << 20 { try flush() }
            }
            piece = try nextPiece()
        }
        try flush()
        guard PQputCopyEnd(connection, nil) == 1 else {
            throw DatabaseError("COPY \(table): \(String(cString: PQerrorMessage(connection)))")
        }
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            if PQresultStatus(result) != PGRES_COMMAND_OK {
                throw DatabaseError("COPY \(table): \(String(cString: PQresultErrorMessage(result)))")
            }
        }
    }

    /// COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
    static func appendCopyText(_ value: String?, to buffer: inout [UInt8]) {
        guard let value else {
            buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: buffer.append(byte)
            }
        }
    }

    /// A PostgreSQL integer array literal (`{1,2}`) for `= ANY($1::bigint[])` and `unnest`.
    public static func arrayLiteral(_ values: [Int64]) -> String {
        arrayLiteral(values) { value, out in out.append(contentsOf: String(value).utf8) }
    }

    /// A PostgreSQL array literal (`{"a","b"}`) for `= ANY($1::text[])` and `unnest`.
    public static func arrayLiteral(_ values: [String]) -> String {
        arrayLiteral(values, appendQuoted)
    }

    /// The same for one column of statement values (`{1,2}`, `{"a",NULL}`, `{t,f}`).
    static func arrayLiteral(_ values: [SQLValue]) -> String {
        arrayLiteral(values) { value, out in
            switch value {
            case .null: out.append(contentsOf: "NULL".utf8)
            case .integer(let integer): out.append(contentsOf: String(integer).utf8)
            case .bool(let bool): out.append(bool ? UInt8(ascii: "t") : UInt8(ascii: "f"))
            case .text(let text): appendQuoted(text, to: &out)
            }
        }
    }

    /// `{…}` with each element written straight into one byte buffer: a string per element and a
    /// join, or even appends to a String, cost more than the keys themselves (a first apply of a
    /// million routes writes 1.2 million of them in buckets).
    private static func arrayLiteral<Element>(_ values: [Element], _ element: (Element, inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(values.count * 24 + 2)
        for index in values.indices {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(values[index], &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `"text"`, its backslashes and quotes escaped in the same pass (a secret reference's JSON
    /// has quotes in every row).
    private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension PostgresConnection {
    /// `LISTEN channel` on this connection.
    public func listen(_ channel: String) throws {
        try execute("LISTEN \"\(channel.replacingAll("\"", with: "\"\""))\"")
    }

    /// Notifications received on this connection within `seconds` (waits on the socket; returns
    /// everything that arrived, in order).
    public func notifications(waitingUpTo seconds: Double) throws -> [(channel: String, payload: String)] {
        let connection = try connection()
        var received: [(channel: String, payload: String)] = []
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            guard PQconsumeInput(connection) == 1 else {
                throw DatabaseError("\(targetDescription): \(String(cString: PQerrorMessage(connection)))")
            }
            while let notification = PQnotifies(connection) {
                received.append((String(cString: notification.pointee.relname), String(cString: notification.pointee.extra)))
                PQfreemem(notification)
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return received }
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, Int32(remaining * 1000))
        }
    }
}
