@testable import SwitchboardLoader
import Testing

/// `smtp.fromEmail`: what counts as an e-mail address, the same whether the address is ASCII
/// (checked on its bytes) or not (checked by characters).
struct EmailAddressTests {
    @Test(arguments: [
        ("rdv@cabinet.fr", true),
        ("rdv+relance@mail.cabinet.fr", true),
        ("rdv@cabinet", false),            // no dot in the domain
        ("rdv@.cabinet.fr", false),        // a dot first
        ("rdv@cabinet.fr.", false),        // a dot last
        ("@cabinet.fr", false),            // nothing before the @
        ("rdv@", false),
        ("rdv", false),
        ("rdv@cabinet@fr.fr", false),      // two @
        ("rdv@cabinet .fr", false),        // white space
        ("rdv@cabinet.fr\t", false),
        ("rdv\r\n@cabinet.fr", false),
        ("rdv.médical@cabinet.fr", true),  // not ASCII
        ("rdv@cabinet.fr\u{00A0}", false), // a non-breaking space
        ("rdv@cabinet\u{2003}.fr", false),
        ("médical@cabinet", false),
    ])
    func addressesAreRecognised(_ text: String, _ isAddress: Bool) {
        #expect(TenantFileLoader.isEmailAddress(text) == isAddress)
    }
}
