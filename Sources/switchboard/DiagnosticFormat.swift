import ArgumentParser
import Foundation
import SwitchboardModel
import SwitchboardPlan

/// How `validate` reports: for people, for tools, or for GitHub Actions.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github
}

/// What `validate` found, ready to print in any format.
struct ValidationReport: Encodable {
    var formatVersion = 1
    var directory: String
    var valid: Bool
    var files: Int
    var counts: [String: Int]
    var errors: Int
    var warnings: Int
    var diagnostics: [Entry]

    struct Entry: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var message: String
    }

    init(directory: String, files: Int, state: DesiredState, diagnostics: [Diagnostic]) {
        self.directory = directory
        self.files = files
        counts = [
            "tenants": state.tenants.count, "routes": state.routes.count, "sipAccounts": state.sipAccounts.count,
            "workflowBindings": state.workflowBindings.count, "channels": state.channelConfigurations.count,
        ]
        errors = diagnostics.count(where: \.isError)
        warnings = diagnostics.count - errors
        valid = errors == 0
        self.diagnostics = diagnostics.map {
            Entry(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                  severity: $0.severity.rawValue, message: $0.message)
        }
    }

    /// `tenants.d: 4 files, 3 tenants, 9 routes, 2 SIP accounts, 8 channels: valid, 1 warning`
    var summary: String {
        let what = "\(directory): \(plural(files, "file")), \(plural(counts["tenants"]!, "tenant")), "
            + "\(plural(counts["routes"]!, "route")), \(plural(counts["sipAccounts"]!, "SIP account")), "
            + "\(plural(counts["channels"]!, "channel"))"
        var verdict = valid ? "valid" : plural(errors, "error")
        if warnings > 0 { verdict += ", " + plural(warnings, "warning") }
        return "\(what): \(verdict)"
    }

    func json() -> String {
        JSONText.document(self)
    }

    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`.
    func github() -> String {
        diagnostics.map { entry in
            "::\(entry.severity) file=\(escapeProperty(entry.file)),line=\(entry.line),col=\(entry.column)::\(escapeData(entry.message))\n"
        }.joined()
    }

    private func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}


