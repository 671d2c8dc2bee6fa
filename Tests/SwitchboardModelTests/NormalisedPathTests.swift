import SwitchboardModel
import Testing

/// `SecretPolicy.normalised` (where a `{file: …}` secret leads): an ASCII path is split on its
/// bytes, any other into characters, to the same result.
struct NormalisedPathTests {
    @Test(arguments: [
        ("/", "/"),
        ("/srv/secrets/sip.txt", "/srv/secrets/sip.txt"),              // nothing to remove
        ("/srv/secrets/.sip", "/srv/secrets/.sip"),                    // names that start with dots
        ("/srv/secrets/.../x", "/srv/secrets/.../x"),
        ("/srv/secrets/..x/x.", "/srv/secrets/..x/x."),
        ("/srv//secrets/sip.txt", "/srv/secrets/sip.txt"),             // an empty name
        ("/srv/secrets/", "/srv/secrets"),                             // a trailing slash
        ("/srv/./secrets/sip.txt", "/srv/secrets/sip.txt"),            // `.`
        ("/srv/secrets/.", "/srv/secrets"),
        ("/srv/tenants/../secrets/sip.txt", "/srv/secrets/sip.txt"),   // `..`
        ("/srv/secrets/..", "/srv"),
        ("/srv/tenants/../secrets/./smtp", "/srv/secrets/smtp"),        // what a tenant file's `../secrets/…` gives
        ("/srv/..", "/"),
        ("/srv/sécrets/./sip.txt", "/srv/sécrets/sip.txt"),            // not ASCII
        ("/srv/sécrets/sip.txt", "/srv/sécrets/sip.txt"),
    ])
    func pathsAreNormalised(_ path: String, _ expected: String) {
        #expect(SecretPolicy.normalised(path) == expected)
    }

    @Test(arguments: ["/..", "/srv/../..", "/./../x"])
    func climbingAboveTheRootIsNil(_ path: String) {
        #expect(SecretPolicy.normalised(path) == nil)
    }
}
