import Foundation
import SwitchboardStore

/// Where a key file's rotation keeps the key it replaces.
public enum KeyFiles {
    public static func previous(of path: String) -> String { path + ".old" }
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
        guard let currentText = FileManager.default.contents(atPath: keyFile) else {
            throw ReconcileError.encryptionKey("cannot read the key file \(keyFile): nothing to rotate")
        }
        let resumed = FileManager.default.fileExists(atPath: previousPath)
        let old: EncryptionKey
        let new: EncryptionKey
        do {
            if resumed {
                old = try EncryptionKey(base64: String(decoding: FileManager.default.contents(atPath: previousPath) ?? Data(), as: UTF8.self))
                new = try EncryptionKey(base64: String(decoding: currentText, as: UTF8.self))
            } else {
                old = try EncryptionKey(base64: String(decoding: currentText, as: UTF8.self))
                // 1. The old key aside (read as a decrypting key from now on), 2. the new key in place.
                try Self.write(String(decoding: currentText, as: UTF8.self), to: previousPath, exclusive: true)
                let base64 = EncryptionKey.generateBase64()
                new = try EncryptionKey(base64: base64)
                try Self.write(base64 + "\n", to: keyFile + ".new", exclusive: false)
                guard rename(keyFile + ".new", keyFile) == 0 else {
                    throw ReconcileError.encryptionKey("cannot replace \(keyFile): \(String(cString: strerror(errno)))")
                }
            }
        } catch let error as DatabaseError {
            throw ReconcileError.encryptionKey("\(keyFile): \(error)")
        }
        // 3. Every row on the new key, in one transaction. 4. The old key gone.
        let connection = try Database.connect(target)
        defer { connection.close() }
        let rows = try SettingsReencryption.reencrypt(connection, keyring: EncryptionKeyring(current: new, old: [old]))
        try? FileManager.default.removeItem(atPath: previousPath)
        return Outcome(rows: rows, newKeyID: new.id, oldKeyID: old.id, resumed: resumed)
    }

    /// Mode 0600, written in full.
    private static func write(_ text: String, to path: String, exclusive: Bool) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | (exclusive ? O_EXCL : 0), 0o600)
        guard descriptor >= 0 else { throw ReconcileError.encryptionKey("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else { throw ReconcileError.encryptionKey("cannot write \(path)") }
    }
}
