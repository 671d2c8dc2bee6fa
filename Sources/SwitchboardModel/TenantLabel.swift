/// The spelling of `tenant.labels` keys and values, shared by tenant files and the selectors of
/// switchboard.yaml: 1 to 63 of letters, digits, `.`, `_`, `-` (and `/` in a key, as in
/// `example.com/region`), starting and ending with a letter or digit, as Kubernetes labels are.
public enum TenantLabel {
    public static let rule = "1 to 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit"

    public static func isKey(_ text: String) -> Bool { isWord(text, allowing: [UInt8(ascii: "/")]) }

    public static func isValue(_ text: String) -> Bool { isWord(text, allowing: []) }

    private static func isWord(_ text: String, allowing extra: Set<UInt8>) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        let inner: Set<UInt8> = extra.union([UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-")])
        return isAlphanumeric(bytes.first!) && isAlphanumeric(bytes.last!)
            && bytes.allSatisfy { isAlphanumeric($0) || inner.contains($0) }
    }
}
