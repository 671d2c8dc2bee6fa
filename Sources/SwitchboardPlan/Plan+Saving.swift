import SwitchboardModel

extension Plan {
    /// The plan as a saved file holds it: every secret reference taken out of the rows (a literal
    /// is a value; even the names of variables and files stay out). Plans show secrets only as
    /// `(sensitive)` fields, so nothing shown is lost.
    public var withoutSecretReferences: Plan {
        var plan = self
        plan.sipAccounts = sipAccounts.map { change in
            change.mapRow { account in
                var account = account
                account.password = nil
                return account
            }
        }
        plan.channels = channels.map { change in
            change.mapRow { channel in
                var channel = channel
                switch channel.settings {
                case .email(var smtp?):
                    smtp.password = nil
                    channel.settings = .email(smtp)
                case .whatsapp(var whatsapp):
                    whatsapp.apiToken = nil
                    channel.settings = .whatsapp(whatsapp)
                default:
                    break
                }
                return channel
            }
        }
        plan.factUpdates = factUpdates.map { RowFactsUpdate(key: $0.key, facts: RowFacts(isProtected: $0.facts.isProtected)) }
        return plan
    }
}
