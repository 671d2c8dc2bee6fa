import Foundation
import SwitchboardStore

/// Key files: `switchboard.key` beside a local database, `--encryption-key-file`, and where a
/// rotation keeps the key it replaces.
public enum KeyFiles {
    public static func previous(of path: String) -> String { path + ".old" }

    static func read(_ path: String, what: String) throws -> EncryptionKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReconcileError.encryptionKey("cannot read \(what) \(path)")
        }
        do { return try EncryptionKey(base64: String(decoding: data, as: UTF8.self)) } catch {
            throw ReconcileError.encryptionKey("\(what) \(path): \(error)")
        }
    }

    /// Writes `text` in full, mode 0600, synced. With `exclusive`, false when the file exists
    /// already (O_EXCL: two first runs at once cannot make two keys).
    @discardableResult
    static func write(_ text: String, to path: String, exclusive: Bool) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | (exclusive ? O_EXCL : 0), 0o600)
        guard descriptor >= 0 else {
            if exclusive, errno == EEXIST { return false }
            throw ReconcileError.encryptionKey("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else { throw ReconcileError.encryptionKey("cannot write \(path)") }
        return true
    }
}

/// `switchboard key rotate` for a key kept in a file (the embedded database's `switchboard.key`,
/// or `--encryption-key-file`): a new key in the file, every stored setting encrypted again with
/// it in one transaction, then the old key removed. Each step can be interrupted: the old key
/// stays in `FILE.old` (read as a decrypting key) until the rows no longer need it, and a rotation
/// that finds `FILE.old` finishes that one instead of starting another.
public struct KeyRotation {
    public struct Outcome: Sendable {
        public var rows: Int
        public var newKeyID: String
        public var oldKeyID: String
        /// An interrupted rotation was finished rather than a new one started.
        public var resumed: Bool
    }

    public let keyFile: String
    public let target: DatabaseTarget

    public init(keyFile: String, target: DatabaseTarget) {
        self.keyFile = keyFile
        self.target = target
    }

    public func run() throws -> Outcome {
        let previousPath = KeyFiles.previous(of: keyFile)
        let resumed = FileManager.default.fileExists(atPath: previousPath)
        let old: EncryptionKey
        let new: EncryptionKey
        if resumed {
            old = try KeyFiles.read(previousPath, what: "the previous key file")
            new = try KeyFiles.read(keyFile, what: "the key file")
        } else {
            old = try KeyFiles.read(keyFile, what: "the key file")
            // 1. The old key aside (read as a decrypting key from now on), 2. the new key in place.
            let oldText = String(decoding: FileManager.default.contents(atPath: keyFile) ?? Data(), as: UTF8.self)
            guard try KeyFiles.write(oldText, to: previousPath, exclusive: true) else {
                throw ReconcileError.encryptionKey("\(previousPath) appeared meanwhile: run `switchboard key rotate` again")
            }
            let base64 = EncryptionKey.generateBase64()
            new = try EncryptionKey(base64: base64)
            try KeyFiles.write(base64 + "\n", to: keyFile + ".new", exclusive: false)
            guard rename(keyFile + ".new", keyFile) == 0 else {
                throw ReconcileError.encryptionKey("cannot replace \(keyFile): \(String(cString: strerror(errno)))")
            }
        }
        // 3. Every row on the new key, in one transaction. 4. The old key gone.
        let connection = try Database.connect(target)
        defer { connection.close() }
        let rows = try SettingsReencryption.reencrypt(connection, keyring: EncryptionKeyring(current: new, old: [old]))
        try? FileManager.default.removeItem(atPath: previousPath)
        return Outcome(rows: rows, newKeyID: new.id, oldKeyID: old.id, resumed: resumed)
    }
}
