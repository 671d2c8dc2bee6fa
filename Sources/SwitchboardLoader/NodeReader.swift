import SwitchboardModel

/// Typed reading of YAML nodes for one file, collecting diagnostics instead of stopping at the first.
///
/// Every accessor takes the value's node and the field's name (as the user wrote it, for messages)
/// and returns nil after recording an error when the value does not fit.
struct NodeReader {
    let file: String
    /// What `{env:}` and `{file:}` may reach; nil where no secret is read (switchboard.yaml),
    /// and there a reference is refused rather than read unconfined.
    let secrets: SecretPolicy?
    private(set) var diagnostics: [Diagnostic] = []
    /// Shared by the files of one load: secret paths and folders are resolved once.
    let realPaths: RealPathCache

    init(file: String, secrets: SecretPolicy? = nil, realPaths: RealPathCache = RealPathCache()) {
        self.file = file
        self.secrets = secrets
        self.realPaths = realPaths
    }

    func location(of node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    mutating func error(_ node: YAMLNode, _ message: String) {
        diagnostics.append(.error(at: location(of: node), message))
    }

    mutating func warning(_ node: YAMLNode, _ message: String) {
        diagnostics.append(.warning(at: location(of: node), message))
    }

    mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// How many errors were recorded so far: an entry is valid when reading it added none.
    var errorCount: Int { diagnostics.count { $0.isError } }

    // MARK: Collections

    /// The `context` of a file's root mapping.
    static let topLevel = "the top level"

    /// The fields of a mapping by name; unknown names are reported with a suggestion.
    /// - Parameter context: what the mapping is, for messages ("SIP account", "tenant").
    mutating func fields(_ node: YAMLNode, allowed: [String], context: String) -> Fields? {
        guard case .mapping(let pairs) = node.content else {
            error(node, "\(context) must be a mapping, found \(node.kindDescription)")
            return nil
        }
        var fields = Fields(owner: node)
        var hasUnknown = false
        for pair in pairs {
            let name = pair.key.scalarText ?? ""
            if !allowed.contains(name) {
                hasUnknown = true
                let hint = Suggestion.closest(to: name, among: allowed).map { "did you mean '\($0)'?" }
                    ?? "known: \(allowed.joined(separator: ", "))"
                let quoted = Excerpt.quoted(name)
                let what = context == Self.topLevel ? "unknown top-level key \(quoted)" : "unknown field \(quoted) in \(context)"
                error(pair.key, "\(what) (\(hint))")
            }
        }
        // Nearly always every name is known: the mapping's own pairs then, not a copy grown pair by pair.
        fields.pairs = hasUnknown ? pairs.filter { allowed.contains($0.key.scalarText ?? "") } : pairs
        return fields
    }

    mutating func list(_ node: YAMLNode, field: String) -> [YAMLNode]? {
        guard case .sequence(let items) = node.content else {
            error(node, "'\(field)' must be a list, found \(node.kindDescription)")
            return nil
        }
        return items
    }

    // MARK: Scalars

    /// A non-empty text value, taken exactly as written: no control character (NUL, newline…),
    /// and at most `maxLength` characters (the platform's column), `TextRules.longestText` anyway.
    mutating func string(_ node: YAMLNode, field: String, maxLength: Int? = nil) -> String? {
        guard let text = node.scalarText, !node.isNull else {
            error(node, "'\(field)' must be a text value, found \(node.kindDescription)")
            return nil
        }
        if text.utf8.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") }) {
            error(node, "'\(field)' is empty")
            return nil
        }
        let limit = min(maxLength ?? TextRules.longestText, TextRules.longestText)
        // A character takes one UTF-8 byte or more: most values are counted without being decoded.
        if text.utf8.count > limit, text.unicodeScalars.count > limit {
            error(node, "'\(field)' is \(text.unicodeScalars.count) characters long (at most \(limit))")
            return nil
        }
        if let (scalar, position) = TextRules.firstForbidden(in: text) {
            error(node, "'\(field)' holds \(TextRules.name(of: scalar)) at character \(position) (control and invisible formatting characters are refused)")
            return nil
        }
        return text
    }

    /// `true` or `false` (YAML 1.2 core spellings). `yes`/`no`/`on`/`off` are refused: YAML 1.1
    /// and 1.2 loaders disagree on them, which is how a tenant gets switched off by accident.
    mutating func bool(_ node: YAMLNode, field: String) -> Bool? {
        if node.isPlainScalar, let text = node.scalarText {
            switch text {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        error(node, "'\(field)' must be true or false, found \(describe(node))")
        return nil
    }

    /// A decimal integer in `range`, read from the source text (no octal, hex or float).
    mutating func integer(_ node: YAMLNode, field: String, range: ClosedRange<Int64>, rule: String? = nil) -> Int64? {
        let rule = rule ?? "\(range.lowerBound) to \(range.upperBound)"
        guard let text = node.scalarText, !node.isNull,
              !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else {
            error(node, "'\(field)' must be a whole number (\(rule)), found \(describe(node))")
            return nil
        }
        guard text == "0" || !text.hasPrefix("0") else {
            error(node, "'\(field)' must be written without leading zeros, found \(Excerpt.quoted(text))")
            return nil
        }
        guard let value = Int64(text), range.contains(value) else {
            error(node, "'\(field)' \(Excerpt.escaped(text)) is out of range (\(rule))")
            return nil
        }
        return value
    }

    /// One of a fixed set of words.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, field: String, as type: T.Type) -> T?
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        if let text = node.scalarText, !node.isNull, let value = T(rawValue: text) { return value }
        let found = describe(node)
        let suggestion = node.scalarText.map { Suggestion.phrase(for: $0, among: names) } ?? ""
        error(node, "'\(field)' must be one of \(names.joined(separator: ", ")), found \(found)\(suggestion)")
        return nil
    }

    /// A region of libphonenumber's metadata, ISO 3166-1 alpha-2 (`FR`, `IT`): `country`, `defaultRegion`.
    mutating func region(_ node: YAMLNode, field: String) -> String? {
        guard let text = string(node, field: field) else { return nil }
        guard PhoneNumber.isRegion(text) else {
            let upper = text.uppercased()
            let hint = PhoneNumber.isRegion(upper) ? " (did you mean '\(upper)'?)" : ""
            error(node, "'\(field)' must be a country as ISO 3166-1 alpha-2 (FR, IT, US…), found \(Excerpt.quoted(text))\(hint)")
            return nil
        }
        return text
    }

    /// A mapping of known names to one of a few words each (`prune: {routes: all}`, `policy:
    /// {tenantMove: refuse}`); unknown names and words are reported.
    mutating func choices<Key, Value>(_ node: YAMLNode, context: String, keys: Key.Type, values: Value.Type) -> [Key: Value]
    where Key: RawRepresentable & CaseIterable & Hashable, Key.RawValue == String,
          Value: RawRepresentable & CaseIterable, Value.RawValue == String {
        guard let fields = fields(node, allowed: Key.allCases.map(\.rawValue), context: context) else { return [:] }
        var result: [Key: Value] = [:]
        for key in Key.allCases {
            if let value = fields[key.rawValue], let choice = choice(value, field: "\(context).\(key.rawValue)", as: Value.self) {
                result[key] = choice
            }
        }
        return result
    }

    /// `{env: NAME}`, `{file: PATH}` (relative to the declaring file) or a literal string, which is
    /// accepted with a warning because it puts a credential in the repository. A reference reaches
    /// only what the secret policy allows (DESIGN §1 "Secrets"); `maxLength` is the column's.
    mutating func secret(_ node: YAMLNode, field: String, maxLength: Int? = nil) -> SecretReference? {
        switch node.content {
        case .scalar:
            guard let literal = string(node, field: field, maxLength: maxLength) else { return nil }
            warning(node, "plaintext secret in the repository for '\(field)': use {env: NAME} or {file: PATH}")
            return .literal(literal)
        case .mapping(let pairs):
            guard pairs.count == 1, let kind = pairs[0].key.scalarText, kind == "env" || kind == "file" else {
                error(node, "'\(field)' must be {env: NAME}, {file: PATH} or a string")
                return nil
            }
            guard let secrets else {
                error(node, "'\(field)' cannot reference a secret here")
                return nil
            }
            let valueNode = pairs[0].value
            guard let value = string(valueNode, field: "\(field).\(kind)") else { return nil }
            if kind == "env" {
                guard Self.isEnvironmentVariableName(value) else {
                    error(valueNode, "\(Excerpt.quoted(value)) is not an environment variable name (letters, digits and _, not starting with a digit)")
                    return nil
                }
                if let problem = secrets.problem(withVariable: value) {
                    error(valueNode, "\(field): \(problem)")
                    return nil
                }
                return .environment(name: value)
            }
            return secretFile(value, node: valueNode, field: field, secrets: secrets)
        case .sequence:
            error(node, "'\(field)' must be {env: NAME}, {file: PATH} or a string, found a list")
            return nil
        }
    }

    /// `{file: PATH}`: relative to the declaring file's real folder, and inside the secrets root
    /// both as written and once every symlink is resolved. Nothing is read here.
    private mutating func secretFile(_ path: String, node: YAMLNode, field: String, secrets: SecretPolicy) -> SecretReference? {
        let root = secrets.fileRoot
        guard !path.hasPrefix("/") else {
            error(node, "\(field): {file: \(Excerpt.escaped(path))} is an absolute path: a secret file is named relative to the tenant file, inside the secrets root (\(root))")
            return nil
        }
        // Relative to the declaring file's real folder (the tenant folder may be a git-sync symlink).
        guard let folder = realPaths.real(FilePaths.folder(of: file)), let candidate = SecretPolicy.normalised(folder + "/" + path), secrets.contains(candidate) else {
            error(node, "\(field): {file: \(Excerpt.escaped(path))} leads outside the secrets root (\(root)): set secrets.fileRoot in switchboard.yaml to read secrets from elsewhere")
            return nil
        }
        if let real = realPaths.real(candidate), !secrets.contains(real) {
            error(node, "\(field): {file: \(Excerpt.escaped(path))} is a symlink whose real path leaves the secrets root (\(root))")
            return nil
        }
        return .file(path: candidate)
    }

    /// What a node holds, for messages: the value itself for scalars (never used for secrets).
    func describe(_ node: YAMLNode) -> String {
        if let text = node.scalarText, !node.isNull { return Excerpt.quoted(text) }
        return node.kindDescription
    }

    static func isEnvironmentVariableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
    }
}

/// The fields of one mapping, by name, remembering the mapping for "missing field" messages.
struct Fields {
    let owner: YAMLNode
    /// Only allowed names, each once (the composer dropped duplicates): a few, so a scan finds them.
    var pairs: [YAMLNode.Pair] = []

    init(owner: YAMLNode) { self.owner = owner }

    /// The value of a field, or nil when absent or written as null.
    subscript(name: String) -> YAMLNode? {
        guard let value = pair(name)?.value, !value.isNull else { return nil }
        return value
    }

    func key(_ name: String) -> YAMLNode? { pair(name)?.key }

    func pair(_ name: String) -> YAMLNode.Pair? {
        pairs.first { $0.key.scalarText == name }
    }
}

extension NodeReader {
    /// The value of a required field, or nil after reporting it missing at the mapping.
    mutating func required(_ fields: Fields, _ name: String, context: String) -> YAMLNode? {
        if let value = fields[name] { return value }
        if let key = fields.key(name) {
            error(key, "'\(name)' of \(context) has no value")
        } else {
            error(fields.owner, "\(context) is missing its '\(name)' field")
        }
        return nil
    }
}
