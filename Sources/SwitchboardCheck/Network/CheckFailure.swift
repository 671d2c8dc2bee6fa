/// Why a check failed, in one line ("timeout: no answer within 5 s", "TLS error: …"). Never holds a
/// secret: every reason is built from the protocol's status, not from what was sent.
struct CheckFailure: Error, CustomStringConvertible {
    var reason: String

    init(_ reason: String) { self.reason = reason }

    var description: String { reason }
}
