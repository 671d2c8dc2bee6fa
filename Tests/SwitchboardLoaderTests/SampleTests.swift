import Foundation
import SwitchboardTestSupport
import Testing
import SwitchboardLoader
import SwitchboardModel

/// The repository's own tenants.d is the documentation people copy: it must stay valid.
struct SampleTests {
    static let root = RepositoryFiles.root

    @Test func sampleValidatesWithoutErrorsOrWarnings() throws {
        let (settings, settingsDiagnostics) = SettingsLoader.load(path: Self.root + "/switchboard.yaml")
        #expect(settingsDiagnostics.isEmpty)
        let result = try DirectoryLoader.load(directory: Self.root + "/tenants.d", defaultRegion: settings.defaultRegion)
        #expect(result.diagnostics.map(\.description) == [])
        #expect(Set(result.state.tenants.map(\.id)).isSuperset(of: [Tenant.defaultTenantID]))
        #expect(Set(result.state.routes.map(\.key.channel)) == Set(RouteChannel.allCases))
        #expect(Set(result.state.channelConfigurations.map(\.type)) == Set(ChannelType.allCases))
        #expect(!result.state.sipAccounts.isEmpty)
    }

    /// The reference validator (Python jsonschema) against the schema editors use.
    @Test func sampleMatchesTheJSONSchema() throws {
        let files = try DirectoryLoader.listFiles(in: Self.root + "/tenants.d")
        let (status, output) = try RepositoryFiles.checkSchema("switchboard.schema.json", files)
        #expect(status == 0, "\(output)")
    }

    /// The schema check can fail: a file with a misspelt field and a bad port is refused.
    @Test func schemaRefusesABadFile() throws {
        let corpus = try Corpus([("bad.yaml", "sipAccounts:\n  - {label: A, trunkUrl: \"sip:a@b\", contact: {port: 70000}}\n")])
        let (status, output) = try RepositoryFiles.checkSchema("switchboard.schema.json", [corpus.root + "/bad.yaml"])
        #expect(status == 1)
        #expect(output.contains("'trunkUri' is a required property"))
        #expect(output.contains("70000 is greater than the maximum of 65535"))
    }
}
