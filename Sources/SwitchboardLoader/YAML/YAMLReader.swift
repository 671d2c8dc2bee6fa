import CLibYAML
import SwitchboardModel

/// Reads one YAML document with libyaml's event parser and composes a `YAMLNode` tree.
///
/// libyaml is used for its speed (DESIGN §8); composition is ours so that every scalar keeps its
/// source text, style and position. Anchors, aliases and `<<` merge keys are resolved here;
/// duplicate keys, tabs, bad UTF-8, empty files and syntax errors come back as located diagnostics.
public enum YAMLReader {
    public struct Result: Sendable {
        /// nil when the file could not be read as YAML at all (the diagnostics say why).
        public var root: YAMLNode?
        public var diagnostics: [Diagnostic]
    }

    public static func read(_ bytes: [UInt8], file: String) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            var composer = Composer(file: file, bytes: buffer)
            return composer.run()
        }
    }
}

/// One pass over libyaml's events with a stack of open collections. Work is bounded whatever the
/// input (DESIGN §7): nesting stops at `deepestNesting` and aliases at `largestAliasExpansion`
/// values, each with a located error, so neither a 100,000-level file nor a billion-laughs bomb
/// can exhaust the stack or the memory.
private struct Composer {
    /// Deeper than any tenant file (which needs 5 levels); deep trees would also be freed recursively.
    static let deepestNesting = 64
    /// Values copied by aliases, over the whole file.
    static let largestAliasExpansion = 100_000

    private struct OpenCollection {
        var isMapping: Bool
        /// Where its children start in `children`.
        var start: Int
        var anchor: String?
        var line: Int
        var column: Int
        /// Values in this collection so far, itself included (what an alias to it copies).
        var size = 1
    }

    let file: String
    let bytes: UnsafeBufferPointer<UInt8>
    private var stack: [OpenCollection] = []
    /// The children of every open collection, the innermost's last: sequence items, or a mapping's
    /// keys and values alternately. One array for all: each collection's own array grew from
    /// nothing (three or four allocations for a mapping of four keys), the nodes' largest cost.
    private var children: [YAMLNode] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    /// Values aliases copied so far.
    private var aliasExpansion = 0
    private var root: YAMLNode?
    private var documentCount = 0
    private var diagnostics: [Diagnostic] = []

    init(file: String, bytes: UnsafeBufferPointer<UInt8>) {
        self.file = file
        self.bytes = bytes
    }

    mutating func run() -> YAMLReader.Result {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .init(root: nil, diagnostics: [.error(at: .start(of: file), "out of memory reading YAML")])
        }
        defer { yaml_parser_delete(&parser) }
        // libyaml takes a non-null pointer even for an empty input.
        let empty: [UInt8] = [0]
        empty.withUnsafeBufferPointer { fallback in
            let base = bytes.baseAddress ?? fallback.baseAddress!
            yaml_parser_set_input_string(&parser, base, bytes.count)
            parseEvents(&parser)
        }
        if root == nil, !diagnostics.hasErrors, documentCount == 0 || isEmptyDocument {
            diagnostics.append(.error(at: .start(of: file), "file is empty (no YAML document)"))
        }
        return .init(root: diagnostics.hasErrors && root == nil ? nil : root, diagnostics: diagnostics)
    }

    private var isEmptyDocument: Bool { root?.isNull ?? true }

    private mutating func parseEvents(_ parser: inout yaml_parser_t) {
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                diagnostics.append(syntaxError(parser))
                return
            }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            let column = Int(event.start_mark.column) + 1

            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_DOCUMENT_START_EVENT:
                documentCount += 1
                if documentCount > 1 {
                    diagnostics.append(.error(
                        at: location(line, column), "a file holds one YAML document; this is a second one"))
                    return
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = string(scalar.value, Int(scalar.length))
                let node = YAMLNode(.scalar(text, style(scalar.style)), line: line, column: column)
                add(node, anchor: optionalString(scalar.anchor), size: 1)
            case YAML_SEQUENCE_START_EVENT where stack.count >= Self.deepestNesting,
                 YAML_MAPPING_START_EVENT where stack.count >= Self.deepestNesting:
                diagnostics.append(.error(
                    at: location(line, column),
                    "nesting deeper than \(Self.deepestNesting) levels (a tenant file needs at most 5): not read further"))
                return
            case YAML_SEQUENCE_START_EVENT:
                stack.append(OpenCollection(
                    isMapping: false, start: children.count, anchor: optionalString(event.data.sequence_start.anchor),
                    line: line, column: column))
            case YAML_MAPPING_START_EVENT:
                stack.append(OpenCollection(
                    isMapping: true, start: children.count, anchor: optionalString(event.data.mapping_start.anchor),
                    line: line, column: column))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let open = stack.removeLast()
                let content: YAMLNode.Content = open.isMapping
                    ? .mapping(composeMapping(children[open.start...]))
                    : .sequence(Array(children[open.start...]))
                children.removeLast(children.count - open.start)
                add(YAMLNode(content, line: open.line, column: open.column), anchor: open.anchor, size: open.size)
            case YAML_ALIAS_EVENT:
                let name = optionalString(event.data.alias.anchor) ?? ""
                guard let (anchored, size) = anchors[name] else {
                    diagnostics.append(.error(at: location(line, column), "alias \(Excerpt.quoted("*" + name)) names no anchor defined before it"))
                    add(YAMLNode(.scalar("", .plain), line: line, column: column), anchor: nil, size: 1)
                    continue
                }
                aliasExpansion += size
                guard aliasExpansion <= Self.largestAliasExpansion else {
                    diagnostics.append(.error(
                        at: location(line, column),
                        "aliases expand to more than \(Count.grouped(Self.largestAliasExpansion)) values (an alias bomb?): not read further"))
                    return
                }
                // The alias stands where it is written; its content comes from the anchor.
                var target = anchored
                target.line = line
                target.column = column
                add(target, anchor: nil, size: size)
            default:
                continue
            }
        }
    }

    private mutating func add(_ node: YAMLNode, anchor: String?, size: Int) {
        if let anchor { anchors[anchor] = (node, size) }
        if stack.isEmpty {
            root = node
        } else {
            children.append(node)
            stack[stack.count - 1].size += size
        }
    }

    /// Pairs up keys and values, reports duplicate keys, and resolves `<<` merge keys: explicit keys
    /// win over merged ones, and among merged mappings the first listed wins (YAML merge semantics).
    private mutating func composeMapping(_ children: ArraySlice<YAMLNode>) -> [YAMLNode.Pair] {
        var explicit: [YAMLNode.Pair] = []
        var merged: [YAMLNode] = []
        var firstSeen = SeenKeys()
        explicit.reserveCapacity(children.count / 2)
        var index = children.startIndex
        while index + 1 < children.endIndex {
            let key = children[index], value = children[index + 1]
            index += 2
            guard let name = key.scalarText else {
                diagnostics.append(.error(at: location(key.line, key.column), "a mapping key must be a single value, found \(key.kindDescription)"))
                continue
            }
            if name == "<<", key.isPlainScalar {
                merged.append(value)
                continue
            }
            if let first = firstSeen.first(name, among: explicit) {
                diagnostics.append(.error(
                    at: location(key.line, key.column),
                    "duplicate key \(Excerpt.quoted(name)) (first at line \(first.line), column \(first.column))"))
                continue
            }
            firstSeen.insert(name, key, after: explicit)
            explicit.append(.init(key: key, value: value))
        }
        for source in merged {
            let mappings: [YAMLNode]
            switch source.content {
            case .mapping: mappings = [source]
            case .sequence(let items) where items.allSatisfy({ if case .mapping = $0.content { true } else { false } }):
                mappings = items
            default:
                diagnostics.append(.error(at: location(source.line, source.column), "a merge key '<<' takes a mapping or a list of mappings, found \(source.kindDescription)"))
                continue
            }
            for case .mapping(let pairs) in mappings.map(\.content) {
                for pair in pairs {
                    guard let name = pair.key.scalarText, firstSeen.first(name, among: explicit) == nil else { continue }
                    firstSeen.insert(name, pair.key, after: explicit)
                    explicit.append(pair)
                }
            }
        }
        return explicit
    }

    /// The keys of one mapping so far: those of the pairs kept (each key is inserted, then its
    /// pair kept). A tenant file's mappings hold a handful, which a scan of the pairs finds faster
    /// than a dictionary is made; past `scanned` keys a dictionary takes over, so a hostile mapping
    /// of 100,000 keys stays linear.
    private struct SeenKeys {
        static let scanned = 16
        private var many: [String: YAMLNode]?

        func first(_ name: String, among pairs: [YAMLNode.Pair]) -> YAMLNode? {
            if let many { return many[name] }
            return pairs.first { $0.key.scalarText == name }?.key
        }

        mutating func insert(_ name: String, _ key: YAMLNode, after pairs: [YAMLNode.Pair]) {
            if many != nil {
                many?[name] = key
            } else if pairs.count >= Self.scanned {
                var all = Dictionary(pairs.map { ($0.key.scalarText!, $0.key) }, uniquingKeysWith: { first, _ in first })
                all[name] = key
                many = all
            }
        }
    }

    private func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if parser.error == YAML_READER_ERROR {
            // Encoding problems: libyaml gives a byte offset, not a line and column.
            let (line, column) = lineAndColumn(ofByte: parser.problem_offset)
            let byte = parser.problem_value >= 0 ? String(format2Hex: parser.problem_value) : ""
            return .error(at: location(line, column), "file is not valid UTF-8 text (\(problem)\(byte))")
        }
        let mark = parser.problem_mark
        let line = Int(mark.line) + 1, column = Int(mark.column) + 1
        if Int(mark.index) < bytes.count, bytes[Int(mark.index)] == UInt8(ascii: "\t") {
            return .error(at: location(line, column), "tab character in indentation (YAML indents with spaces only)")
        }
        var message = "YAML syntax error: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) {
            let contextMark = parser.context_mark
            message += " (\(context) at line \(contextMark.line + 1), column \(contextMark.column + 1))"
        }
        return .error(at: location(line, column), message)
    }

    /// 1-based line and character column of a byte offset, for encoding errors.
    private func lineAndColumn(ofByte offset: Int) -> (Int, Int) {
        var line = 1, lineStart = 0
        let end = min(offset, bytes.count)
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        // Count characters (UTF-8 lead bytes) up to the offset.
        let column = bytes[lineStart..<end].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return (line, column)
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    private func style(_ style: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}

private extension String {
    init(format2Hex value: Int32) {
        let digits = Array("0123456789ABCDEF")
        self = " 0x" + String(digits[Int(value >> 4) & 0xF]) + String(digits[Int(value) & 0xF])
    }
}
