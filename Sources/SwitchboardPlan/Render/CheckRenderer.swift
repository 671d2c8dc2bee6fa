import Foundation
import SwitchboardModel

/// `switchboard check`'s report (DESIGN §4): one line per row, in text, JSON or markdown.
///
///     ok      sip       "Trunk Principal"  OPTIONS answered 200 OK over UDP  (3 ms)  tenants.d/sip-accounts.yaml:4
public enum CheckRenderer {
    /// "3 SIP trunks, 2 e-mail channels, 1 WhatsApp channel".
    public static func scope(_ results: [CheckResult]) -> String {
        let counts = CheckKind.allCases.compactMap { kind -> String? in
            let count = results.filter { $0.kind == kind }.count
            return count == 0 ? nil : plural(count, kind.noun)
        }
        return counts.isEmpty ? "nothing to check" : counts.joined(separator: ", ")
    }

    public static func text(_ results: [CheckResult], timeout: Double, seconds: Double) -> String {
        var lines = ["Checked \(scope(results)) (timeout \(secondsText(timeout)) each)", ""]
        if results.isEmpty {
            lines.append("  No active SIP account, enabled e-mail channel or WhatsApp token to check.")
        }
        for result in results { lines.append("  " + line(result)) }
        lines.append("")
        lines.append(summary(results) + String(format: " (%.2f s).", seconds))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `failed  smtp      acme  AUTH refused: 535 …  (12 ms)  tenants.d/acme.yaml:20`
    public static func line(_ result: CheckResult) -> String {
        let name = result.kind == .sip ? "\"\(result.name)\"" : result.name
        let head = TextRules.printable("\(result.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))\(result.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))\(name)  \(result.detail)  (\(result.milliseconds) ms)")
        return result.location.map { head + "  \($0.file):\($0.line)" } ?? head
    }

    /// "Checks: 5 ok, 1 failed".
    public static func summary(_ results: [CheckResult]) -> String {
        let failed = results.filter { !$0.isOK }.count
        return "Checks: \(results.count - failed) ok, \(failed) failed"
    }

    struct Entry: Encodable {
        var kind: String
        var name: String
        var key: String
        var status: String
        var detail: String
        var milliseconds: Int
        var source: String?

        init(_ result: CheckResult) {
            kind = result.kind.rawValue
            name = result.name
            key = result.key.key
            status = result.status.rawValue
            detail = result.detail
            milliseconds = result.milliseconds
            source = result.location?.description
        }
    }

    public static func json(_ results: [CheckResult], seconds: Double) -> String {
        struct Document: Encodable {
            var ok: Int
            var failed: Int
            var seconds: Double
            var checks: [Entry]
        }
        let failed = results.filter { !$0.isOK }.count
        let document = Document(ok: results.count - failed, failed: failed, seconds: (seconds * 1000).rounded() / 1000,
                                checks: results.map(Entry.init))
        return JSONText.document(document)
    }

    public static func markdown(_ results: [CheckResult]) -> String {
        var lines = ["### switchboard check", "", "\(summary(results)): \(scope(results)).", ""]
        guard !results.isEmpty else { return lines.joined(separator: "\n") + "\n" }
        lines += table(results)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows as a markdown table (also under a plan's changes).
    static func table(_ results: [CheckResult]) -> [String] {
        ["| | kind | row | result | time |", "|---|---|---|---|---:|"] + results.map { result in
            "| \(result.isOK ? "✅" : "❌") | \(result.kind.rawValue) | \(MarkdownText.code(result.name)) | \(MarkdownText.inline(result.detail)) | \(result.milliseconds) ms |"
        }
    }
}

extension CheckKind {
    /// "SIP trunk", "e-mail channel", "WhatsApp channel".
    public var noun: String {
        switch self {
        case .sip: "SIP trunk"
        case .smtp: "e-mail channel"
        case .whatsapp: "WhatsApp channel"
        }
    }
}
