import Foundation
import SwitchboardModel
import SwitchboardStore

/// Decrypted channel settings by their stored form, for a process that reconciles again and again
/// (the daemon): a row that did not change is not opened again. At 10,000 channels this is most of
/// a no-change run's planning time. Kept in memory only, never written anywhere.
public final class DecryptionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var settings: [String: StoredSettings] = [:]

    public init() {}

    public func decrypting(_ actual: ActualState, with keyring: EncryptionKeyring) -> ActualState {
        var actual = actual
        lock.withLock {
            var seen: [String: StoredSettings] = [:]
            for index in actual.channelConfigurations.indices {
                guard let stored = actual.channelConfigurations[index].configEncrypted else { continue }
                let opened = settings[stored] ?? SettingsCipher.decrypt(stored, keyring: keyring)
                actual.channelConfigurations[index].settings = opened
                seen[stored] = opened
            }
            // After a whole read, only what the database still holds (the cache never grows past
            // one state); a scoped read only adds.
            if actual.wholeCounts == nil { settings = seen } else { settings.merge(seen) { $1 } }
        }
        return actual
    }
}
