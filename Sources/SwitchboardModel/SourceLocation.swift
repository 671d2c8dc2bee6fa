/// A place in a source file: `path:line:column`, 1-based, as compilers and editors count.
public struct SourceLocation: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The path as the user named it (relative to the working directory when they gave a relative one).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The start of a file, for problems that belong to the file as a whole.
    public static func start(of file: String) -> SourceLocation {
        SourceLocation(file: file, line: 1, column: 1)
    }

    /// Rows of the database (brownfield findings) have no line: `database`.
    public static let database = SourceLocation(file: "database", line: 0, column: 0)

    public var description: String { line == 0 ? file : "\(file):\(line):\(column)" }

    /// Sorted by file (byte order, so the order is the same on every machine), then line, then column.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file != b.file { return a.file.precedesInByteOrder(b.file) }
        if a.line != b.line { return a.line < b.line }
        return a.column < b.column
    }
}
