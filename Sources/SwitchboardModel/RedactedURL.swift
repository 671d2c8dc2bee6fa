/// A URL as output may show it: without user info (`user:password@`) and without query values
/// (`?token=…`), which is where credentials ride in hook URLs (DESIGN §5: no secret in any output).
public enum RedactedURL {
    /// `https://user:pw@hooks.example/reload?token=abc#x` → `https://hooks.example/reload?token=…`.
    public static func display(_ url: String) -> String {
        let parts = Parts(url)
        var out = parts.scheme + parts.host + parts.path
        if !parts.query.isEmpty {
            out += "?" + parts.query.map { $0.value == nil ? $0.name : $0.name + "=…" }.joined(separator: "&")
        }
        return out
    }

    /// The message with the URL, its password and its query values taken out (an HTTP library's
    /// error may quote the URL it was given).
    public static func scrub(_ message: String, url: String) -> String {
        let parts = Parts(url)
        var secrets = [url]
        if let userInfo = parts.userInfo {
            secrets.append(userInfo)
            if let colon = userInfo.firstIndex(of: ":") { secrets.append(String(userInfo[userInfo.index(after: colon)...])) }
        }
        secrets += parts.query.compactMap(\.value)
        var out = message
        for secret in secrets.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            out = out.replacingAll(secret, with: secret == url ? display(url) : "…")
        }
        return out
    }

    private struct Parts {
        var scheme = "", host = "", path = ""
        var userInfo: String?
        var query: [(name: String, value: String?)] = []

        init(_ url: String) {
            var rest = Substring(url)
            if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
            if let query = rest.firstIndex(of: "?") {
                self.query = rest[rest.index(after: query)...].split(separator: "&").map { item in
                    guard let equals = item.firstIndex(of: "=") else { return (String(item), nil) }
                    return (String(item[..<equals]), String(item[item.index(after: equals)...]))
                }
                rest = rest[..<query]
            }
            if let separator = rest.firstRange(of: "://") {
                scheme = String(rest[..<separator.upperBound])
                rest = rest[separator.upperBound...]
            }
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                userInfo = String(authority[..<at])
                authority = authority[authority.index(after: at)...]
            }
            host = String(authority)
            path = String(rest[authorityEnd...])
        }
    }
}
