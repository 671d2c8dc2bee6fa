import Testing
import SwitchboardLoader
import SwitchboardModel

/// Phone keys in tenant files, read by the tenant's country (issue "Phone numbers the way the world
/// dials them"): the wrong keys the former rule stored without a word, and the warnings.
struct PhoneKeyTests {
    static func tenant(_ id: Int, country: String?, vocal: String) -> String {
        "tenant: {id: \(id), name: T\(id)\(country.map { ", country: \($0)" } ?? "")}\nroutes: {vocal: [\"\(vocal)\"]}\n"
    }

    @Test(arguments: [
        ("IT", "02 1234 5678", "+390212345678"),
        ("HU", "06 20 123 4567", "+36201234567"),
        ("AR", "011 15 2345-6789", "+5491123456789"),
        ("CI", "01 23 45 67 89", "+2250123456789"),
        ("GA", "06 03 12 34", "+24106031234"),
        ("US", "011 33 1 23 45 67 89", "+33123456789"),
        ("MA", "06 61 23 45 67", "+212661234567"),
    ])
    func aTenantsCountryReadsItsNationalNumbers(_ country: String, _ written: String, _ key: String) throws {
        let corpus = try Corpus([("t.yaml", Self.tenant(2, country: country, vocal: written))])
        let result = try corpus.load(defaultRegion: "FR")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.state.routes.map(\.key.key) == [key])
    }

    @Test func aMoroccanTenantWithoutCountryIsReadAsFrenchAndWarnedOnceOthersDeclareCountries() throws {
        // Without any country in the files: the default region, silently (nothing says otherwise).
        let alone = try Corpus([("atlas.yaml", Self.tenant(2, country: nil, vocal: "06 61 23 45 67"))])
        let silent = try alone.load(defaultRegion: "FR")
        #expect(silent.state.routes.map(\.key.key) == ["+33661234567"])
        #expect(silent.diagnostics.isEmpty)

        // Once a tenant declares another country, a number completed with the default region is a warning.
        let mixed = try Corpus([
            ("atlas.yaml", Self.tenant(2, country: nil, vocal: "06 61 23 45 67")),
            ("casa.yaml", Self.tenant(3, country: "MA", vocal: "05 22 12 34 56")),
        ])
        #expect(try mixed.lines(defaultRegion: "FR") == [
            "atlas.yaml:2:18: warning: completed as FR, the default region, while other tenants are in MA: set country on the tenant",
        ])
        #expect(try mixed.load(defaultRegion: "FR").state.routes.map(\.key.key).sorted() == ["+212522123456", "+33661234567"])

        // With its country: the Moroccan number.
        let declared = try Corpus([("atlas.yaml", Self.tenant(2, country: "MA", vocal: "06 61 23 45 67"))])
        #expect(try declared.load(defaultRegion: "FR").state.routes.map(\.key.key) == ["+212661234567"])
    }

    @Test func countryMustBeARegion() throws {
        let corpus = try Corpus([
            ("a.yaml", "tenant: {id: 2, name: A, country: fr}\n"),
            ("b.yaml", "tenant: {id: 3, name: B, country: ZZ}\n"),
        ])
        #expect(try corpus.lines() == [
            "a.yaml:1:35: error: 'country' must be a country as ISO 3166-1 alpha-2 (FR, IT, US…), found 'fr' (did you mean 'FR'?)",
            "b.yaml:1:35: error: 'country' must be a country as ISO 3166-1 alpha-2 (FR, IT, US…), found 'ZZ'",
        ])
    }

    @Test func numbersThatCanNeverBeDialledAreRefusedNamingTheRegionAndWhy() throws {
        let corpus = try Corpus([("a.yaml", """
            tenant: {id: 2, name: A}
            routes:
              vocal: ["+33 1 23 45 67 89 0", "+33 0 12 34 56 78", "+331234567"]

            """)])
        #expect(try corpus.lines() == [
            "a.yaml:3:11: error: vocal: '+33 1 23 45 67 89 0' (read as +331234567890) is too long for FR (9 digits after +33)",
            "a.yaml:3:34: error: vocal: '+33 0 12 34 56 78' (read as +33012345678) is not a valid FR number: no FR number can start like that",
            "a.yaml:3:55: error: vocal: '+331234567' is too short for FR (9 digits after +33)",
        ])
    }

    @Test func keepInvalidKeepsAStoredNumberAsWrittenWithAWarning() throws {
        let corpus = try Corpus([("a.yaml", """
            tenant: {id: 2, name: A}
            routes:
              vocal: [{key: "+331234567", keepInvalid: true}, {key: "0612", keepInvalid: true}]

            """)])
        let result = try corpus.load()
        #expect(result.diagnostics.map(corpus.relative) == [
            "a.yaml:3:17: warning: vocal: '+331234567' is too short for FR (9 digits after +33); kept as keepInvalid says, but it can never be dialled",
            "a.yaml:3:57: error: vocal: '0612' is a national number: write it in E.164 (+<country code>…), or set the tenant's country (or defaultRegion in switchboard.yaml) (keepInvalid keeps an E.164 number already stored: + then 7 to 15 digits)",
        ])
    }

    @Test func webKeysTakeSingleInnerSpacesNeverSurroundingOnes() throws {
        let corpus = try Corpus([("a.yaml", """
            tenant: {id: 2, name: A}
            routes:
              web: ["widget key tenant 42", " leading-space-key-1", "double  space-key-42"]

            """)])
        #expect(try corpus.lines() == [
            "a.yaml:3:9: warning: web key has a space: legal in the X-Tenant-Key header, but some widgets trim or split it",
            "a.yaml:3:33: error: web key starts or ends with a space (HTTP strips it from the X-Tenant-Key header, so the key could never match)",
            "a.yaml:3:57: error: web key has two spaces in a row at position 7 (single spaces only: widgets and proxies fold them)",
        ])
    }
}
