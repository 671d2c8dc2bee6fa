/// Rules for web keys: the value of the widget's `X-Tenant-Key` HTTP header.
public enum WebKey {
    public static let maximumLength = 256
    /// Shorter keys are accepted with a warning: they can be guessed, and a guessed key is a tenant's chat.
    public static let recommendedMinimumLength = 16

    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case empty
        case tooLong(Int)
        case forbiddenCharacter(offset: Int)
        /// HTTP strips white space around a header value: such a key could never match.
        case surroundingSpace
        case doubleSpace(offset: Int)

        public var description: String {
            switch self {
            case .empty:
                "web key is empty (1 to \(WebKey.maximumLength) printable ASCII characters)"
            case .tooLong(let length):
                "web key is \(length) characters long (at most \(WebKey.maximumLength))"
            case .forbiddenCharacter(let offset):
                "web key has a control or non-ASCII character at position \(offset + 1) (it travels as an HTTP header: printable ASCII and single spaces only)"
            case .surroundingSpace:
                "web key starts or ends with a space (HTTP strips it from the X-Tenant-Key header, so the key could never match)"
            case .doubleSpace(let offset):
                "web key has two spaces in a row at position \(offset + 1) (single spaces only: widgets and proxies fold them)"
            }
        }
    }

    public static func validate(_ key: String) -> Result<String, Problem> {
        let bytes = Array(key.utf8)
        if bytes.isEmpty { return .failure(.empty) }
        if let offset = bytes.firstIndex(where: { $0 < 0x20 || $0 > 0x7E }) {
            // Every byte before `offset` is printable ASCII, so the byte offset is the character position.
            return .failure(.forbiddenCharacter(offset: offset))
        }
        if bytes.first == 0x20 || bytes.last == 0x20 { return .failure(.surroundingSpace) }
        if let offset = bytes.indices.dropLast().first(where: { bytes[$0] == 0x20 && bytes[$0 + 1] == 0x20 }) {
            return .failure(.doubleSpace(offset: offset))
        }
        if bytes.count > maximumLength { return .failure(.tooLong(bytes.count)) }
        return .success(key)
    }

    public static func isGuessable(_ key: String) -> Bool { key.utf8.count < recommendedMinimumLength }

    /// A valid key with a space in it: legal in a header, but some widgets trim or split it.
    public static func hasSpace(_ key: String) -> Bool { key.utf8.contains(0x20) }
}
