/// Opening a connection to whichever database a target names.
public enum Database {
    public static func connect(_ target: DatabaseTarget) throws -> any DatabaseConnection {
        switch target {
        case .postgres: try PostgresConnection(target)
        case .sqlite(let path): try SQLiteConnection(path: path)
        }
    }
}
