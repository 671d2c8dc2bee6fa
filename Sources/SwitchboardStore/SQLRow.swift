import CLibPQ
import CSQLite

/// One result row, read in place from the driver's buffers (no copy of the whole result set:
/// reading 100,000 routes allocates only the strings kept).
public struct SQLRow {
    enum Source {
        case postgres(result: OpaquePointer, row: Int32)
        case sqlite(statement: OpaquePointer)
    }

    let source: Source
    public let columnCount: Int

    public func isNull(_ column: Int) -> Bool {
        switch source {
        case .postgres(let result, let row): PQgetisnull(result, row, Int32(column)) == 1
        case .sqlite(let statement): sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL
        }
    }

    /// The column as text, or nil for NULL.
    public func text(_ column: Int) -> String? {
        guard !isNull(column) else { return nil }
        switch source {
        case .postgres(let result, let row):
            return String(cString: PQgetvalue(result, row, Int32(column)))
        case .sqlite(let statement):
            guard let bytes = sqlite3_column_text(statement, Int32(column)) else { return nil }
            let count = Int(sqlite3_column_bytes(statement, Int32(column)))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
    }

    /// Calls `body` with the column's UTF-8 bytes, valid only during the call; nil for NULL.
    public func withUTF8<T>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T? {
        guard !isNull(column) else { return nil }
        switch source {
        case .postgres(let result, let row):
            let count = Int(PQgetlength(result, row, Int32(column)))
            return try PQgetvalue(result, row, Int32(column)).withMemoryRebound(to: UInt8.self, capacity: count) {
                try body(UnsafeBufferPointer(start: $0, count: count))
            }
        case .sqlite(let statement):
            guard let bytes = sqlite3_column_text(statement, Int32(column)) else { return nil }
            return try body(UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, Int32(column)))))
        }
    }

    public func integer(_ column: Int) -> Int64? {
        guard !isNull(column) else { return nil }
        switch source {
        case .postgres: return text(column).flatMap { Int64($0) }
        case .sqlite(let statement): return sqlite3_column_int64(statement, Int32(column))
        }
    }

    /// PostgreSQL's `t`/`f`, SQLite's 0/1 (and the text spellings a hand-made row may hold).
    public func bool(_ column: Int) -> Bool? {
        guard !isNull(column) else { return nil }
        switch source {
        case .postgres(let result, let row):
            return PQgetvalue(result, row, Int32(column)).pointee == UInt8(ascii: "t")
        case .sqlite(let statement):
            if sqlite3_column_type(statement, Int32(column)) == SQLITE_INTEGER {
                return sqlite3_column_int64(statement, Int32(column)) != 0
            }
            return ["1", "true", "t", "TRUE"].contains(text(column) ?? "")
        }
    }
}
