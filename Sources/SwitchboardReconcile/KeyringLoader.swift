import Foundation
import SwitchboardModel
import SwitchboardStore

/// Finds the keys for channel settings at rest (DESIGN §2): `--encryption-key-file`, else
/// `SWITCHBOARD_ENCRYPTION_KEY`; `SWITCHBOARD_OLD_ENCRYPTION_KEYS` decrypt only. For a local SQLite
/// file with neither, a random `switchboard.key` beside the database, created on first need and
/// said out loud, so that a first run needs nothing set (unless `requireKey`).
struct KeyringLoader {
    let target: DatabaseTarget
    let keyFile: String?
    let requireKey: Bool
    let environment: [String: String]

    struct Loaded {
        var keyring: EncryptionKeyring
        /// Said once, when the SQLite key file was created.
        var notice: String?
    }

    /// - Parameter mayCreate: a key file may be created now (an apply that needs a key).
    func load(mayCreate: Bool) throws -> Loaded {
        let old = try (environment["SWITCHBOARD_OLD_ENCRYPTION_KEYS"] ?? "")
            .split(separator: ",").enumerated().map { index, text in
                do { return try EncryptionKey(base64: String(text)) } catch {
                    throw ReconcileError.encryptionKey("SWITCHBOARD_OLD_ENCRYPTION_KEYS, key \(index + 1): \(error)")
                }
            }
        if let keyFile {
            return Loaded(keyring: EncryptionKeyring(current: try KeyFiles.read(keyFile, what: "--encryption-key-file"), old: old + (try previous(of: keyFile))))
        }
        if let base64 = environment["SWITCHBOARD_ENCRYPTION_KEY"], !base64.isEmpty {
            do {
                return Loaded(keyring: EncryptionKeyring(current: try EncryptionKey(base64: base64), old: old))
            } catch {
                throw ReconcileError.encryptionKey("SWITCHBOARD_ENCRYPTION_KEY: \(error)")
            }
        }
        guard let path = localKeyPath, !requireKey else { return Loaded(keyring: EncryptionKeyring(current: nil, old: old)) }
        if FileManager.default.fileExists(atPath: path) {
            return Loaded(keyring: EncryptionKeyring(current: try KeyFiles.read(path, what: "the key file"), old: old + (try previous(of: path))))
        }
        guard mayCreate else { return Loaded(keyring: EncryptionKeyring(current: nil, old: old)) }
        let created = try create(path)
        return Loaded(keyring: EncryptionKeyring(current: created.key, old: old), notice: created.notice)
    }

    /// `switchboard.key` beside a local SQLite database.
    var localKeyPath: String? {
        guard case .sqlite(let path) = target else { return nil }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return folder + "/switchboard.key"
    }

    /// `FILE.old`: the key `switchboard key rotate` replaced, kept until every row is encrypted
    /// again (an interrupted rotation leaves every row readable).
    private func previous(of path: String) throws -> [EncryptionKey] {
        let old = KeyFiles.previous(of: path)
        return FileManager.default.fileExists(atPath: old) ? [try KeyFiles.read(old, what: "the previous key file")] : []
    }

    /// Created with O_EXCL and mode 0600: two first runs at once cannot make two keys.
    private func create(_ path: String) throws -> (key: EncryptionKey, notice: String?) {
        let base64 = EncryptionKey.generateBase64()
        guard try KeyFiles.write(base64 + "\n", to: path, exclusive: true) else { return (try KeyFiles.read(path, what: "the key file"), nil) }
        let key = try EncryptionKey(base64: base64)
        return (key, "created \(path) (mode 0600, key id \(key.id)): it encrypts the channel settings in \(target); keep it with the database, without it they cannot be read")
    }
}
