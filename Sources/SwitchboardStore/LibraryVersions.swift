import CLibPQ
import CSQLite

extension Database {
    /// The database libraries this process loaded, for `switchboard version`: ("libpq", "15.4").
    public static var libraryVersions: [(name: String, version: String)] {
        let pq = Int(PQlibVersion())
        return [("libpq", "\(pq / 10000).\(pq % 10000)"), ("SQLite", String(cString: sqlite3_libversion()))]
    }
}
