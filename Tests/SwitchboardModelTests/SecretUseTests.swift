import Testing
import SwitchboardModel

/// Every secret the files reference, once, named as messages name it.
struct SecretUseTests {
    @Test func eachUseIsNamedByItsRowAndField() {
        var desired = DesiredState()
        desired.sipAccounts = [SIPAccount(label: "Trunk A", trunkURI: "sip:trunk.example", password: .environment(name: "TRUNK_PW"))]
        desired.channelConfigurations = [
            ChannelConfiguration(tenantID: 42, type: .email, isEnabled: true,
                                 settings: .email(SMTPSettings(host: "smtp.example", password: .environment(name: "SMTP_PW")))),
            ChannelConfiguration(tenantID: 7, type: .sms, isEnabled: true),
        ]
        let uses = desired.secretUses
        #expect(uses.map(\.what) == ["password of SIP account 'Trunk A'", "smtp.password of tenant 42 email"])
        #expect(uses.map(\.isTrunk) == [true, false])
        #expect(uses.map(\.maxLength) == [256, TextRules.longestText])
    }
}
