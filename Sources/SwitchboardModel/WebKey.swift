/// Rules for web keys: the value of the widget's `X-Tenant-Key` HTTP header.
public enum WebKey {
    public static let maximumLength = 256
    /// Shorter keys are accepted with a warning: they can be guessed, and a guessed key is a tenant's chat.
    public static let recommendedMinimumLength = 16

    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case empty
        case tooLong(Int)
        case forbiddenCharacter(offset: Int)

        public var description: String {
            switch self {
            case .empty:
                "web key is empty (1 to \(WebKey.maximumLength) printable ASCII characters)"
            case .tooLong(let length):
                "web key is \(length) characters long (at most \(WebKey.maximumLength))"
            case .forbiddenCharacter(let offset):
                "web key has a space, control or non-ASCII character at position \(offset + 1) (it travels as an HTTP header: printable ASCII only, no whitespace)"
            }
        }
    }

    public static func validate(_ key: String) -> Result<String, Problem> {
        let bytes = Array(key.utf8)
        if bytes.isEmpty { return .failure(.empty) }
        if let offset = bytes.firstIndex(where: { $0 < 0x21 || $0 > 0x7E }) {
            // Every byte before `offset` is printable ASCII, so the byte offset is the character position.
            return .failure(.forbiddenCharacter(offset: offset))
        }
        if bytes.count > maximumLength { return .failure(.tooLong(bytes.count)) }
        return .success(key)
    }

    public static func isGuessable(_ key: String) -> Bool { key.utf8.count < recommendedMinimumLength }
}
