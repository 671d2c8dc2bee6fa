import Testing
import SwitchboardModel

/// Each rule of DESIGN §1 "Phone keys" and "Web keys".
struct NormalisationTests {
    @Test(arguments: [
        ("+33939240575", "+33939240575"),              // already E.164
        ("+33 9 39 24 05 75", "+33939240575"),         // spaces
        ("+33\u{00A0}9\u{00A0}39 24 05 75", "+33939240575"), // non-breaking spaces
        ("+33\u{202F}939240575", "+33939240575"),      // narrow no-break space
        ("+33.9.39.24.05.75", "+33939240575"),         // dots
        ("+33-939-240-575", "+33939240575"),           // dashes
        ("+1 (415) 555-0100", "+14155550100"),         // parentheses
        ("+33 (0)1 23 45 67 89", "+33123456789"),      // national trunk prefix after the country code
        ("0033 (0)1 23 45 67 89", "+33123456789"),
        ("0033939240575", "+33939240575"),             // 00 → +
        ("tel:+33939240575", "+33939240575"),          // tel: prefix
        ("whatsapp:+33939240575", "+33939240575"),     // whatsapp: prefix (Twilio's To)
        ("WhatsApp:+33 939 240 575", "+33939240575"),
        ("  +33939240575  ", "+33939240575"),
        ("+39 02 1234 5678", "+390212345678"),         // Italy keeps its 0
        ("+800 1234 5678", "+80012345678"),            // a non-geographic code
    ])
    func normalisesToE164(_ input: String, _ expected: String) {
        #expect(PhoneNumber.normalise(input) == .success(expected))
    }

    /// National numbers by the rules of their region (DESIGN §1 "Phone keys"), including the cases
    /// the former rule got wrong without a word.
    @Test(arguments: [
        ("0612345678", "FR", "+33612345678"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("33 6 12 34 56 78", "FR", "+33612345678"),       // its own calling code without +
        ("02 555 00 63", "BE", "+3225550063"),
        ("06 61 23 45 67", "MA", "+212661234567"),         // a Moroccan mobile, not a French one
        ("02 1234 5678", "IT", "+390212345678"),           // Italy keeps the 0
        ("06 20 123 4567", "HU", "+36201234567"),          // Hungary's national prefix is 06
        ("8 (912) 345-67-89", "RU", "+79123456789"),       // Russia's is 8
        ("011 15 2345-6789", "AR", "+5491123456789"),      // Argentina: mobile 15 becomes 9
        ("01 23 45 67 89", "CI", "+2250123456789"),        // Côte d'Ivoire: the 0 is part of the number
        ("(201) 555-0123", "US", "+12015550123"),          // NANP has no national prefix
        ("011 33 1 23 45 67 89", "US", "+33123456789"),    // the US international prefix
        ("0011 33 1 23 45 67 89", "AU", "+33123456789"),
        ("030/123456", "DE", "+4930123456"),               // slash as a separator
        ("612 34 56 78", "ES", "+34612345678"),
    ])
    func readsNationalNumbersByTheirRegion(_ input: String, _ region: String, _ expected: String) {
        #expect(PhoneNumber.normalise(input, region: region) == .success(expected))
    }

    @Test func aNationalNumberNeedsARegion() {
        #expect(PhoneNumber.normalise("0612345678") == .failure(.nationalWithoutRegion("0612345678")))
        #expect(PhoneNumber.normalise("33612345678") == .failure(.nationalWithoutRegion("33612345678")))
    }

    /// Numbers libphonenumber says can never be dialled, and what is no number at all.
    @Test(arguments: ["+33 1 23 45 67 89 0", "+33 0 12 34 56 78", "+331234567", "+123456", "+1234567890123456", "+0123456789",
                      "+33 6 12 AB", "", "+", "tel:", "+999 123 456 789", "+33612345678 ext 12"])
    func refusesWhatCanNeverBeDialled(_ input: String) {
        guard case .failure = PhoneNumber.normalise(input, region: "FR") else {
            Issue.record("'\(input)' was accepted")
            return
        }
    }

    @Test func saysWhyANumberIsRefused() {
        #expect(PhoneNumber.normalise("+331234567").failureDescription == "'+331234567' is too short for FR (9 digits after +33)")
        #expect(PhoneNumber.normalise("+33 1 23 45 67 89 0").failureDescription
            == "'+33 1 23 45 67 89 0' (read as +331234567890) is too long for FR (9 digits after +33)")
        #expect(PhoneNumber.normalise("+33 0 12 34 56 78").failureDescription
            == "'+33 0 12 34 56 78' (read as +33012345678) is not a valid FR number: no FR number can start like that")
        #expect(PhoneNumber.normalise("+999 123").failureDescription == "'+999 123' has no country calling code (+999… is none)")
        let long = "+49 " + String(repeating: "3", count: 247)
        #expect(PhoneNumber.normalise(long).failureDescription
            == "'+49 333333333333333333333333333333333333…' is too long to be a phone number (at most 250 characters)")
        #expect(PhoneNumber.normalise(String(long.dropLast())).failureDescription?.contains("too long for DE") == true)
    }

    @Test func saysWhichRegionANumberIs() throws {
        let national = try PhoneNumber.parse("06 61 23 45 67", region: "MA").get()
        #expect(national.region == "MA")
        #expect(national.completedAs == "MA")
        let international = try PhoneNumber.parse("+44 20 7946 0958", region: "FR").get()
        #expect(international.region == "GB")
        #expect(international.completedAs == nil)
        #expect(try PhoneNumber.parse("+1 268 464 1234").get().region == "AG")  // a shared calling code
    }

    @Test func webKeys() {
        #expect(WebKey.validate("widget-key-tenant-42") == .success("widget-key-tenant-42"))
        #expect(WebKey.validate(String(repeating: "k", count: 256)) == .success(String(repeating: "k", count: 256)))
        #expect(WebKey.validate(String(repeating: "k", count: 257)) == .failure(.tooLong(257)))
        #expect(WebKey.validate("") == .failure(.empty))
        #expect(WebKey.validate("tab\there") == .failure(.forbiddenCharacter(offset: 3)))
        #expect(WebKey.validate("clé-42") == .failure(.forbiddenCharacter(offset: 2)))
        #expect(WebKey.isGuessable("widget-key-42"))
        #expect(!WebKey.isGuessable("widget-key-tenant-42"))
    }

    @Test func countryCodes() {
        #expect(PhoneNumber.isCountryCode("33"))
        #expect(PhoneNumber.isCountryCode("1"))
        #expect(!PhoneNumber.isCountryCode("033"))
        #expect(!PhoneNumber.isCountryCode("3345"))
    }
}

extension Result where Failure == PhoneNumber.Problem {
    var failureDescription: String? {
        if case .failure(let problem) = self { return problem.description }
        return nil
    }
}
