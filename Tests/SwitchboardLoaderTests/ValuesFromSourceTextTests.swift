import Foundation
import Testing
import SwitchboardModel

/// Values are read from the scalar's source text, never from a type a YAML resolver guessed.
struct ValuesFromSourceTextTests {
    @Test func unquotedPlusNumberKeepsItsPlus() throws {
        let corpus = try Corpus([("a.yaml", "tenant: {id: 2, name: A}\nroutes:\n  whatsapp: [+33939240575]\n")])
        let result = try corpus.load()
        #expect(result.diagnostics.isEmpty)
        #expect(result.state.routes.map(\.key) == [RouteKey(channel: .whatsapp, key: "+33939240575")])
    }

    @Test func leadingZeroIsNotOctal() throws {
        let corpus = try Corpus([("a.yaml", "tenant: {id: 2, name: A}\nroutes:\n  vocal: [0612345678, 0100000017]\n")])
        let result = try corpus.load(defaultRegion: "FR")
        #expect(result.diagnostics.isEmpty)
        #expect(result.state.routes.map(\.key.key) == ["+33612345678", "+33100000017"])
    }

    @Test func numericLookingSecretsAndIdsStayText() throws {
        let corpus = try Corpus([("s.yaml", """
            sipAccounts:
              - label: 0042
                trunkUri: sip:0042@p.example
                username: 007
                password: 0x1F
            tenant: {id: 9, name: 1e3}
            channels:
              whatsapp: {phoneNumberId: 00109876543210}

            """)])
        let result = try corpus.load()
        let account = try #require(result.state.sipAccounts.first)
        #expect(account.label == "0042")
        #expect(account.username == "007")
        #expect(account.password == .literal("0x1F"))
        #expect(result.state.tenants.first?.name == "1e3")
        guard case .whatsapp(let settings) = result.state.channelConfigurations.first?.settings else {
            Issue.record("no WhatsApp settings")
            return
        }
        #expect(settings.phoneNumberID == "00109876543210")
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let corpus = try Corpus([("s.yaml", """
            sipAccounts:
              - &trunk
                label: Trunk A
                trunkUri: sip:a@p.example
                contact: &contact {host: voice.example, port: 5060, transport: tcp}
              - <<: *trunk
                label: Trunk B
                contact: *contact

            """)])
        let result = try corpus.load()
        #expect(result.diagnostics.isEmpty)
        #expect(result.state.sipAccounts.map(\.label) == ["Trunk A", "Trunk B"])
        #expect(result.state.sipAccounts.map(\.trunkURI) == ["sip:a@p.example", "sip:a@p.example"])
        #expect(result.state.sipAccounts.map(\.contactTransport) == [.tcp, .tcp])
    }

    @Test func secretReferencesResolveFilesAgainstTheDeclaringFile() throws {
        let corpus = try Corpus([("eu/s.yaml", """
            sipAccounts:
              - {label: A, trunkUri: "sip:a@p.example", password: {file: secrets/a.txt}}
              - {label: B, trunkUri: "sip:b@p.example", password: {env: SIP_B_PASSWORD}}

            """)])
        let result = try corpus.load()
        #expect(result.diagnostics.isEmpty)
        #expect(result.state.sipAccounts.map(\.password) == [
            .file(path: corpus.root + "/eu/secrets/a.txt"), .environment(name: "SIP_B_PASSWORD"),
        ])
    }

    @Test func slugDefaultsToTheFileName() throws {
        let corpus = try Corpus([("clients/bistrot-lumiere.yml", "tenant: {id: 57, name: Bistrot}\n")])
        #expect(try corpus.load().state.tenants.map(\.slug) == ["bistrot-lumiere"])
    }

    @Test func hiddenEntriesAndOtherExtensionsAreSkipped() throws {
        let corpus = try Corpus([
            ("b.yaml", "tenant: {id: 3, name: B}\n"), ("a.yml", "tenant: {id: 2, name: A}\n"),
            (".hidden.yaml", "not: [valid\n"), (".git/x.yaml", "not: [valid\n"), ("README.md", "# notes\n"),
        ])
        let result = try corpus.load()
        #expect(result.diagnostics.isEmpty)
        #expect(result.files.map { $0.replacingOccurrences(of: corpus.root + "/", with: "") } == ["a.yml", "b.yaml"])
    }

    @Test func configuredIsComputedPerChannel() throws {
        let corpus = try Corpus([("a.yaml", """
            tenant: {id: 2, name: A}
            channels:
              phone: {enabled: true}
              email: {smtp: {host: smtp.example, port: 587, user: u, fromEmail: a@b.example}}
              whatsapp: {connectionMethod: oauth, whatsappNumber: "+33612345678", apiToken: {env: T}}

            """)])
        let configurations = try corpus.load().state.channelConfigurations
        #expect(configurations.map(\.type) == [.phone, .email, .whatsapp])
        #expect(configurations.map(\.isConfigured) == [true, false, true])
        #expect(configurations.allSatisfy { $0.isEnabled })
    }
}
