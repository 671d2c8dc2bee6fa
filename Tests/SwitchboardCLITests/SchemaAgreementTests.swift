import Foundation
import SwitchboardTestSupport
import Testing

/// The JSON Schema editors use (`schema/`) and `validate` agree: the same files, valid and
/// invalid, fed to both (the schema through the reference validator, Python's jsonschema).
struct SchemaAgreementTests {
    struct Case: CustomTestStringConvertible, Sendable {
        /// `switchboard.yaml`, or a tenant file.
        var settings: Bool
        var text: String
        var valid: Bool

        var testDescription: String { "\(valid ? "valid" : "invalid") \(settings ? "settings" : "tenant file"): \(text.split(separator: "\n").first ?? "")" }
    }

    static func tenant(_ text: String, valid: Bool) -> Case { Case(settings: false, text: text, valid: valid) }
    static func settings(_ text: String, valid: Bool) -> Case { Case(settings: true, text: text, valid: valid) }

    static let cases: [Case] = [
        tenant("tenant: {id: 42, slug: acme, name: Acme}\n", valid: true),
        tenant("tenant: {id: \"42\", slug: acme, name: Acme}\n", valid: true),
        tenant("tenant: {id: 42, slug: acme, name: Acme, country: BE, active: false, protect: true}\n", valid: true),
        tenant("sipAccounts:\n  - {label: Trunk, trunkUri: \"sip:a@b.example\", contact: {host: h.example, port: 5060, transport: tcp}}\n", valid: true),
        tenant("tenant: {id: 42, slug: acme, name: Acme, labels: {region: eu, example.com/tier: gold}}\n", valid: true),
        tenant("tenant: {id: 42, slug: acme, name: Acme, labels: {region: \"e u\"}}\n", valid: false),
        tenant("tenant: {id: 42, slug: acme, name: Acme, labels: {region: [eu]}}\n", valid: false),
        tenant("tenant: {id: 42, slug: acme, name: Acme, labels: [eu]}\n", valid: false),
        tenant("tenant: {id: 0, slug: acme, name: Acme}\n", valid: false),
        tenant("tenant: {id: \"042\", slug: acme, name: Acme}\n", valid: false),
        tenant("tenant: {id: 4.5, slug: acme, name: Acme}\n", valid: false),
        tenant("tenant: {id: 42, slug: \"Acme Corp\", name: Acme}\n", valid: false),
        tenant("tenant: {id: 42, slug: acme, name: Acme, colour: red}\n", valid: false),
        tenant("tenant: {id: 42, slug: acme, name: Acme, country: France}\n", valid: false),
        tenant("sipAccounts:\n  - {label: Trunk, trunkUri: \"sip:a@b.example\", contact: {port: 70000}}\n", valid: false),
        tenant("sipAccounts:\n  - {label: Trunk}\n", valid: false),
        tenant("sipAccounts:\n  - {label: Trunk, trunkUri: \"sip:a@b.example\", contact: {transport: sctp}}\n", valid: false),

        settings("directory: tenants.d\ndefaultRegion: FR\nprune: owned\n", valid: true),
        settings("prune: {routes: none, sipAccounts: all}\nguard: {maxDeletes: 25, window: 1m30s}\n", valid: true),
        settings("guard: {maxDeletes: 12.5%}\npolicy: {tenantMove: refuse, webKeyRemoved: allow}\n", valid: true),
        settings("gate: {checks: required}\nwhatsapp: {apiBase: \"http://127.0.0.1:8080/v21.0\"}\n", valid: true),
        settings("daemon: {interval: 90s, listen: \"0.0.0.0:9464\", selfHeal: false, debounce: 100ms}\n", valid: true),
        settings("hooks: {sipReload: {notify: sip_changed, http: {url: \"http://sip:8000/reload\", tokenEnv: SIP_TOKEN, timeout: 5s, retries: 3}, command: [systemctl, reload, sip]}}\n", valid: true),
        settings("secrets: {env: [\"SIP_*\", \"*_SMTP_PASSWORD\"]}\ndefaultCountryCode: \"33\"\n", valid: true),
        settings("hooks: {notify: {url: \"https://hooks.example/x\", tokenEnv: NOTIFY_TOKEN, on: [applied, checkFailed]}}\n", valid: true),
        settings("hooks: {notify: {url: \"https://hooks.example/x\", on: [sometimes]}}\n", valid: false),
        settings("prune: sometimes\n", valid: false),
        settings("guard: {maxDeletes: 110%}\n", valid: false),
        settings("daemon: {interval: soon}\n", valid: false),
        settings("daemon: {listen: localhost}\n", valid: false),
        settings("gate: {checks: always}\n", valid: false),
        settings("whatsapp: {apiBase: \"https://collector.example/v21.0\"}\n", valid: false),
        settings("hooks: {sipReload: {http: {url: \"ftp://sip/reload\"}}}\n", valid: false),
        settings("policy: {tenantMove: maybe}\n", valid: false),
        settings("defaultRegion: France\n", valid: false),
        settings("bogus: 1\n", valid: false),
        settings("targets:\n  eu-west: {database: \"${EU_URL}\", tenants: {region: [eu, ch]}, sipAccounts: [Trunk EU], wave: 2, hooks: {sipReload: {notify: sip_eu}}}\n  staging: {database: \"sqlite:staging.db\", tenants: all, hooks: {}}\n  pilot: {database: \"sqlite:pilot.db\", tenants: [acme, 42]}\n", valid: true),
        settings("targets:\n  eu: {database: \"sqlite:eu.db\", tenants: {ids: [42, \"7\"], slugs: [acme], labels: {region: eu}}}\n  us: {database: \"sqlite:us.db\", tenants: {slugs: [bistro]}}\n", valid: true),
        settings("targets:\n  eu: {database: \"sqlite:eu.db\", tenants: {ids: [acme]}}\n", valid: false),
        settings("targets:\n  eu: {database: \"sqlite:eu.db\", tenants: {ids: [42], region: eu}}\n", valid: false),
        settings("targets: {}\n", valid: false),
        settings("targets:\n  Staging: {database: \"sqlite:s.db\"}\n", valid: false),
        settings("targets:\n  staging: {tenants: all}\n", valid: false),
        settings("targets:\n  staging: {database: \"sqlite:s.db\", wave: 0}\n", valid: false),
        settings("targets:\n  staging: {database: \"sqlite:s.db\", tenants: {region: \"e u\"}}\n", valid: false),
        settings("targets:\n  staging: {database: \"sqlite:s.db\", tenants: some}\n", valid: false),
        settings("database: \"sqlite:a.db\"\ntargets:\n  staging: {database: \"sqlite:s.db\"}\n", valid: false),
    ]

    @Test(arguments: cases)
    func schemaAndValidateAgree(_ schemaCase: Case) throws {
        let defaultTenant = "tenant: {id: 1, slug: default, name: Default}\n"
        let files = schemaCase.settings
            ? ["switchboard.yaml": schemaCase.text, "tenants.d/default.yaml": defaultTenant]
            : ["tenants.d/case.yaml": schemaCase.text, "tenants.d/default.yaml": defaultTenant]
        let folder = try SwitchboardProcess.folder(files)
        let validate = try SwitchboardProcess.run(["validate"], in: folder)
        let file = folder + (schemaCase.settings ? "/switchboard.yaml" : "/tenants.d/case.yaml")
        let schema = try RepositoryFiles.checkSchema(schemaCase.settings ? "settings.schema.json" : "switchboard.schema.json", [file])
        #expect((validate.status == 0) == schemaCase.valid, "validate: \(validate.stderr)\(validate.stdout)")
        #expect((schema.status == 0) == schemaCase.valid, "schema: \(schema.output)")
    }
}
