import Foundation
import Testing
import SwitchboardModel

/// DESIGN §7, every bad input that needs no database: each gets exactly these compiler-style lines.
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [(String, String)]
        var expected: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "YAML syntax error", files: [("a.yaml", "tenant:\n  id: 2\n  name: [Acme\n")], expected: [
            "a.yaml:4:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 3, column 9)",
        ]),
        Case(name: "tab indentation", files: [("a.yaml", "tenant:\n  id: 2\n\tname: Acme\n")], expected: [
            "a.yaml:3:1: error: tab character in indentation (YAML indents with spaces only)",
        ]),
        Case(name: "duplicate key", files: [("a.yaml", "tenant:\n  id: 2\n  name: A\n  name: B\n")], expected: [
            "a.yaml:4:3: error: duplicate key 'name' (first at line 3, column 3)",
        ]),
        // Past 16 keys a mapping's duplicates are found through a dictionary, not a scan.
        Case(name: "duplicate key among many", files: [("a.yaml", "tenant:\n  id: 2\n  name: A\n  labels:\n"
            + (1...18).map { "    k\($0): a\n" }.joined() + "    k3: b\n")], expected: [
            "a.yaml:23:5: error: duplicate key 'k3' (first at line 7, column 5)",
        ]),
        Case(name: "empty file", files: [("a.yaml", "")], expected: [
            "a.yaml:1:1: error: file is empty (no YAML document)",
        ]),
        Case(name: "comments only", files: [("a.yaml", "# nothing yet\n")], expected: [
            "a.yaml:1:1: error: file is empty (no YAML document)",
        ]),
        Case(name: "unknown field with a suggestion", files: [("a.yaml", "tenant:\n  id: 2\n  name: A\n  actve: true\n")], expected: [
            "a.yaml:4:3: error: unknown field 'actve' in tenant (did you mean 'active'?)",
        ]),
        Case(name: "unknown field without a close match", files: [("a.yaml", "tenant:\n  id: 2\n  name: A\n  colour: red\n")], expected: [
            "a.yaml:4:3: error: unknown field 'colour' in tenant (known: id, slug, name, active, country, protect, labels)",
        ]),
        // tenant.labels: a fixed alphabet and length, at most 32 (targets select tenants by them).
        Case(name: "hostile labels", files: [("a.yaml", "tenant: {id: 2, name: A, labels: {\"re gion\": eu, tier: \"gold\\u202E\", zone: [a], xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: b}}\n")], expected: [
            "a.yaml:1:35: error: label name 're gion' must be 1 to 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit ('/' allowed)",
            "a.yaml:1:56: error: label tier must be 1 to 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, found 'gold\\u{202E}'",
            "a.yaml:1:76: error: label zone must be 1 to 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, found a list",
            "a.yaml:1:81: error: label name '\(String(repeating: "x", count: 40))…' must be 1 to 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit ('/' allowed)",
        ]),
        Case(name: "too many labels", files: [("a.yaml", "tenant: {id: 2, name: A, labels: {l0: v, l1: v, l2: v, l3: v, l4: v, l5: v, l6: v, l7: v, l8: v, l9: v, l10: v, l11: v, l12: v, l13: v, l14: v, l15: v, l16: v, l17: v, l18: v, l19: v, l20: v, l21: v, l22: v, l23: v, l24: v, l25: v, l26: v, l27: v, l28: v, l29: v, l30: v, l31: v, l32: v}}\n")], expected: [
            "a.yaml:1:34: error: tenant.labels has 33 labels (at most 32)",
        ]),
        Case(name: "unknown kind", files: [("a.yaml", "tenant: {id: 2, name: A}\nroute:\n  vocal: [\"+33100000002\"]\n")], expected: [
            "a.yaml:2:1: error: unknown top-level key 'route' (did you mean 'routes'?)",
        ]),
        Case(name: "misspelt SIP field", files: [("s.yaml", "sipAccounts:\n  - label: T\n    trunkUrl: sip:a@b.example\n")], expected: [
            "s.yaml:2:5: error: SIP account is missing its 'trunkUri' field",
            "s.yaml:3:5: error: unknown field 'trunkUrl' in SIP account (did you mean 'trunkUri'?)",
        ]),
        Case(name: "bad E.164", files: [("a.yaml", "tenant: {id: 2, name: A}\nroutes:\n  vocal: [\"+33 1 23\", \"+0612345678\", \"33612345678\"]\n")], expected: [
            "a.yaml:3:11: error: vocal: '+33 1 23' (read as +33123) is too short for FR (9 digits after +33)",
            "a.yaml:3:23: error: vocal: '+0612345678' has no country calling code (+061… is none)",
            "a.yaml:3:38: error: vocal: '33612345678' is a national number: write it in E.164 (+<country code>…), or set the tenant's country (or defaultRegion in switchboard.yaml)",
        ]),
        Case(name: "national number without a country code", files: [("a.yaml", "tenant: {id: 2, name: A}\nroutes:\n  whatsapp: [0612345678]\n")], expected: [
            "a.yaml:3:14: error: whatsapp: '0612345678' is a national number: write it in E.164 (+<country code>…), or set the tenant's country (or defaultRegion in switchboard.yaml)",
        ]),
        Case(name: "bad web key", files: [("a.yaml", "tenant: {id: 2, name: A}\nroutes:\n  web: [\"widget\\tkey-42\", \"\"]\n")], expected: [
            "a.yaml:3:9: error: web key has a control or non-ASCII character at position 7 (it travels as an HTTP header: printable ASCII and single spaces only)",
            "a.yaml:3:27: error: web key is empty (1 to 256 printable ASCII characters)",
        ]),
        Case(name: "port 0 and 70000, transport sctp, ftp: trunk URI", files: [("s.yaml", """
            sipAccounts:
              - label: A
                trunkUri: ftp://files.example
                contact: {host: h.example, port: 0, transport: sctp}
              - label: B
                trunkUri: sip:b@provider.example
                contact: {port: 70000}

            """)], expected: [
            "s.yaml:3:15: error: trunkUri 'ftp://files.example' must be a sip: or sips: URI (e.g. sip:user@provider.example)",
            "s.yaml:4:38: error: 'contact.port' 0 is out of range (1 to 65535)",
            "s.yaml:4:52: error: 'contact.transport' must be one of udp, tcp, tls, found 'sctp'",
            "s.yaml:7:21: error: 'contact.port' 70000 is out of range (1 to 65535)",
        ]),
        Case(name: "same number in two files, written differently", files: [
            ("a.yaml", "tenant: {id: 2, name: A}\nroutes:\n  whatsapp: [+33939240575]\n"),
            ("b.yaml", "tenant: {id: 3, name: B}\nroutes:\n  whatsapp: [\"0033 9 39 24 05 75\"]\n"),
        ], expected: [
            "b.yaml:3:14: error: route whatsapp +33939240575 is declared 2 times: a.yaml:3:14, b.yaml:3:14",
        ]),
        // The route index is kept in two halves, by the key's last byte: a conflict in each is found.
        Case(name: "numbers ending in an even and an odd digit, and a widget key, each in two files", files: [
            ("a.yaml", "tenant: {id: 2, name: A}\nroutes:\n  vocal: [+33939240574, +33939240575]\n  web: [key-of-tenant-a-000]\n"),
            ("b.yaml", "tenant: {id: 3, name: B}\nroutes:\n  vocal: [+33939240575, +33939240574]\n  web: [key-of-tenant-a-000]\n"),
        ], expected: [
            "b.yaml:3:11: error: route vocal +33939240575 is declared 2 times: a.yaml:3:25, b.yaml:3:11",
            "b.yaml:3:25: error: route vocal +33939240574 is declared 2 times: a.yaml:3:11, b.yaml:3:25",
            "b.yaml:4:9: error: route web key-of-tenant-a-000 is declared 2 times: a.yaml:4:9, b.yaml:4:9",
        ]),
        Case(name: "two default SIP accounts", files: [
            ("s.yaml", "sipAccounts:\n  - {label: A, trunkUri: \"sip:a@p.example\", default: true}\n"),
            ("t.yaml", "sipAccounts:\n  - {label: B, trunkUri: \"sip:b@p.example\", default: true}\n  - {label: C, trunkUri: \"sip:c@p.example\", default: true, active: false}\n"),
        ], expected: [
            "t.yaml:2:54: error: 2 active SIP accounts are marked default ('A', 'B'); at most one may be: s.yaml:2:54, t.yaml:2:54",
        ]),
        Case(name: "duplicate tenant id", files: [
            ("a.yaml", "tenant: {id: 7, name: A}\n"),
            ("b.yaml", "tenant: {id: 7, name: B}\n"),
            ("c.yaml", "tenant: {id: 7, name: C}\n"),
        ], expected: [
            "b.yaml:1:14: error: tenant id 7 is declared 3 times: a.yaml:1:14, b.yaml:1:14, c.yaml:1:14",
        ]),
        Case(name: "duplicate slug", files: [
            ("a.yaml", "tenant: {id: 7, name: A, slug: acme}\n"),
            ("acme.yaml", "tenant: {id: 8, name: B}\n"),
        ], expected: [
            "acme.yaml:1:1: error: tenant slug 'acme' is declared 2 times: a.yaml:1:32, acme.yaml:1:1",
        ]),
        Case(name: "duplicate SIP label", files: [
            ("s.yaml", "sipAccounts:\n  - {label: T, trunkUri: \"sip:a@p.example\"}\n  - {label: T, trunkUri: \"sip:b@p.example\"}\n"),
        ], expected: [
            "s.yaml:3:13: error: SIP account label 'T' is declared 2 times: s.yaml:2:13, s.yaml:3:13",
        ]),
        Case(name: "workflow bound to two accounts", files: [
            ("s.yaml", "sipAccounts:\n  - {label: A, trunkUri: \"sip:a@p.example\", workflows: [accueil]}\n  - {label: B, trunkUri: \"sip:b@p.example\", workflows: [accueil]}\n"),
        ], expected: [
            "s.yaml:3:57: error: workflow 'accueil' is bound 2 times (a workflow uses one SIP account): s.yaml:2:57, s.yaml:3:57",
        ]),
        Case(name: "routes and channels without a tenant", files: [
            ("a.yaml", "routes:\n  vocal: [\"+33100000002\"]\nchannels:\n  phone: {enabled: true}\n"),
        ], expected: [
            "a.yaml:1:1: error: 'routes' needs a 'tenant' in the same file (whose routes and channels are these?)",
            "a.yaml:3:1: error: 'channels' needs a 'tenant' in the same file (whose routes and channels are these?)",
        ]),
        Case(name: "tenant id rules", files: [
            ("a.yaml", "tenant: {id: 0, name: A}\n"), ("b.yaml", "tenant: {id: 042, name: B}\n"),
            ("c.yaml", "tenant: {id: 4.2, name: C}\n"), ("d.yaml", "tenant: {name: D}\n"),
        ], expected: [
            "a.yaml:1:14: error: 'id' 0 is out of range (an integer >= 1; 1 is the default tenant)",
            "b.yaml:1:14: error: 'id' must be written without leading zeros, found '042'",
            "c.yaml:1:14: error: 'id' must be a whole number (an integer >= 1; 1 is the default tenant), found '4.2'",
            "d.yaml:1:9: error: tenant is missing its 'id' field",
        ]),
        Case(name: "booleans are true or false only", files: [("a.yaml", "tenant: {id: 2, name: A, active: yes}\n")], expected: [
            "a.yaml:1:34: error: 'active' must be true or false, found 'yes'",
        ]),
        Case(name: "channel rules", files: [("a.yaml", """
            tenant: {id: 2, name: A}
            channels:
              fax: {enabled: true}
              email:
                smtp: {host: smtp.example, port: 70000, fromEmail: not-an-address}
              whatsapp:
                connectionMethod: qrcode
                whatsappNumber: "06 12"
                phoneNumberId: "10987-65"

            """)], expected: [
            "a.yaml:3:3: error: unknown field 'fax' in channels (phone, sms, email, whatsapp) (known: phone, sms, email, whatsapp)",
            "a.yaml:5:38: error: 'smtp.port' 70000 is out of range (1 to 65535)",
            "a.yaml:5:56: error: 'smtp.fromEmail' must be an e-mail address (name@domain.tld), found 'not-an-address'",
            "a.yaml:7:23: error: 'connectionMethod' must be one of manual, oauth, found 'qrcode'",
            "a.yaml:8:21: error: whatsappNumber: '06 12' is a national number: write it in E.164 (+<country code>…), or set the tenant's country (or defaultRegion in switchboard.yaml)",
            "a.yaml:9:20: error: 'phoneNumberId' must be digits only, found '10987-65'",
        ]),
        Case(name: "secret references", files: [("s.yaml", """
            sipAccounts:
              - label: A
                trunkUri: sip:a@p.example
                password: {env: 1PASSWORD}
              - label: B
                trunkUri: sip:b@p.example
                password: {vault: kv/sip}

            """)], expected: [
            "s.yaml:4:21: error: '1PASSWORD' is not an environment variable name (letters, digits and _, not starting with a digit)",
            "s.yaml:7:15: error: 'password' must be {env: NAME}, {file: PATH} or a string",
        ]),
        Case(name: "warnings: plaintext secret, short web key, unknown template", files: [("a.yaml", """
            tenant: {id: 2, name: A}
            routes: {web: [k42]}
            channels:
              sms: {templates: {rdvRapel: true}}
              whatsapp: {apiToken: EAAG-secret-token}

            """)], expected: [
            "a.yaml:2:16: warning: web key is 3 characters long: keys under 16 characters can be guessed",
            "a.yaml:4:21: warning: unknown sms template 'rdvRapel' (did you mean 'rdvRappel'?) (known: rdvConfirmation, rdvRappel, promotions)",
            "a.yaml:5:24: warning: plaintext secret in the repository for 'apiToken': use {env: NAME} or {file: PATH}",
        ]),
        Case(name: "second document in a file", files: [("a.yaml", "tenant: {id: 2, name: A}\n---\ntenant: {id: 3, name: B}\n")], expected: [
            "a.yaml:2:1: error: a file holds one YAML document; this is a second one",
        ]),
        Case(name: "alias to an unknown anchor", files: [("a.yaml", "tenant: {id: 2, name: *nothing}\n")], expected: [
            "a.yaml:1:23: error: alias '*nothing' names no anchor defined before it",
        ]),
    ]

    @Test(arguments: cases)
    func reportsExactlyTheseLines(_ testCase: Case) throws {
        let corpus = try Corpus(testCase.files)
        let lines = try corpus.lines()
        #expect(lines == testCase.expected)
    }

    /// Bytes that are not UTF-8 cannot be written as a Swift string literal: this case writes them raw.
    @Test func nonUTF8File() throws {
        let corpus = try Corpus([])
        try corpus.write("a.yaml", Data("tenant:\n  id: 2\n  name: Caf".utf8) + Data([0xE9, 0x0A]))
        #expect(try corpus.lines() == ["a.yaml:3:12: error: file is not valid UTF-8 text (incomplete UTF-8 octet sequence)"])
    }

    @Test func invalidFilesYieldNoStateToApply() throws {
        let corpus = try Corpus([("a.yaml", "tenant:\n  id: 2\n\tname: A\n"), ("b.yaml", "tenant: {id: 3, name: B}\n")])
        let result = try corpus.load()
        #expect(!result.isValid)
        #expect(result.files.count == 2)
    }
}
