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
        ("+1234567", "+1234567"),                      // shortest: 7 digits
        ("+123456789012345", "+123456789012345"),      // longest: 15 digits
    ])
    func normalisesToE164(_ input: String, _ expected: String) {
        #expect(PhoneNumber.normalise(input) == .success(expected))
    }

    @Test(arguments: [
        ("0612345678", "33", "+33612345678"),
        ("06 12 34 56 78", "33", "+33612345678"),
        ("02 555 00 63", "32", "+3225550063"),
    ])
    func completesNationalNumbers(_ input: String, _ countryCode: String, _ expected: String) {
        #expect(PhoneNumber.normalise(input, defaultCountryCode: countryCode) == .success(expected))
    }

    @Test func nationalNumberNeedsACountryCode() {
        #expect(PhoneNumber.normalise("0612345678") == .failure(.nationalNumberWithoutCountryCode("0612345678")))
    }

    @Test(arguments: ["+123456", "+1234567890123456", "+0123456789", "33612345678", "+33 6 12 AB", "", "+", "tel:"])
    func refusesWhatIsNotE164(_ input: String) {
        guard case .failure(.notE164) = PhoneNumber.normalise(input, defaultCountryCode: "33") else {
            Issue.record("'\(input)' was accepted")
            return
        }
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
