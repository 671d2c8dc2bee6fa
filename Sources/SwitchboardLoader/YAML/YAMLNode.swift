/// A composed YAML node that remembers where it was written and, for scalars, exactly what was
/// written: values are taken from the source text, never from a type a YAML resolver guessed
/// (`+33939240575` is not an integer here, `0612345678` not an octal one).
public struct YAMLNode: Sendable {
    public enum ScalarStyle: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public struct Pair: Sendable {
        public var key: YAMLNode
        public var value: YAMLNode
    }

    /// Not `indirect`: the collections already hold their children out of line, and a box per node
    /// would be one more allocation for every scalar of every file.
    public enum Content: Sendable {
        /// The scalar's characters after YAML unescaping (quotes removed, `\n` decoded…), untyped.
        case scalar(String, ScalarStyle)
        case sequence([YAMLNode])
        /// In document order; merge keys (`<<`) already resolved, duplicate keys already reported.
        case mapping([Pair])
    }

    public var content: Content
    /// 1-based.
    public var line: Int
    /// 1-based, in characters.
    public var column: Int

    public init(_ content: Content, line: Int, column: Int) {
        self.content = content
        self.line = line
        self.column = column
    }

    /// The scalar's text, or nil for collections.
    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    public var isPlainScalar: Bool {
        if case .scalar(_, .plain) = content { return true }
        return false
    }

    public var isMapping: Bool {
        if case .mapping = content { return true }
        return false
    }

    /// `~`, `null` or nothing at all, written plain: YAML's null.
    public var isNull: Bool {
        guard case .scalar(let text, .plain) = content else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// What kind of value this is, for messages ("found a list").
    public var kindDescription: String {
        switch content {
        case .scalar: isNull ? "nothing" : "a single value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}
