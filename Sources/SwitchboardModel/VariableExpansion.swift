/// `${NAME}` expansion, as switchboard.yaml's `database: ${DATABASE_URL}` uses it.
public enum VariableExpansion {
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case unterminated
        case unset(String)

        public var description: String {
            switch self {
            case .unterminated: "'${' without a closing '}'"
            case .unset(let name): "environment variable \(name) is not set"
            }
        }
    }

    /// The names referenced by `text`, or the syntax problem.
    public static func names(in text: String) -> Result<[String], Problem> {
        var names: [String] = []
        var rest = text[...]
        while let start = rest.range(of: "${") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { return .failure(.unterminated) }
            names.append(String(rest[start.upperBound..<end]))
            rest = rest[rest.index(after: end)...]
        }
        return .success(names)
    }

    public static func expand(_ text: String, environment: [String: String]) -> Result<String, Problem> {
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: "${") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { return .failure(.unterminated) }
            let name = String(rest[start.upperBound..<end])
            guard let value = environment[name] else { return .failure(.unset(name)) }
            result += rest[..<start.lowerBound] + value
            rest = rest[rest.index(after: end)...]
        }
        return .success(result + rest)
    }
}

extension Substring {
    fileprivate func range(of target: String) -> Range<Index>? {
        guard let first = target.first else { return nil }
        var index = startIndex
        while let candidate = self[index...].firstIndex(of: first) {
            if self[candidate...].hasPrefix(target) {
                return candidate..<self.index(candidate, offsetBy: target.count)
            }
            index = self.index(after: candidate)
        }
        return nil
    }
}
