import Crypto
import Foundation

/// An AES-256 key for channel settings at rest, with an id derived from it (not the key itself),
/// stored beside each ciphertext so keys can be rotated.
public struct EncryptionKey: Sendable {
    /// The raw 32 bytes (SymmetricKey is not Sendable; one is made per use).
    private let bytes: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: bytes) }
    /// 12 hex digits of SHA-256("switchboard key id" + key).
    public let id: String

    /// - Parameter base64: the base64 of exactly 32 bytes (`openssl rand -base64 32`).
    public init(base64: String) throws {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw DatabaseError("an encryption key must be the base64 of 32 bytes (make one with `openssl rand -base64 32`)")
        }
        bytes = Array(data)
        let digest = SHA256.hash(data: Array("switchboard key id".utf8) + Array(data))
        id = digest.prefix(6).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// A new random key, as base64.
    public static func generateBase64() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }
}

/// The key that encrypts, and older keys that only decrypt (`SWITCHBOARD_OLD_ENCRYPTION_KEYS`).
public struct EncryptionKeyring: Sendable {
    public var current: EncryptionKey?
    public var old: [EncryptionKey]

    public init(current: EncryptionKey?, old: [EncryptionKey] = []) {
        self.current = current
        self.old = old
    }

    public var isEmpty: Bool { current == nil && old.isEmpty }

    func key(id: String) -> EncryptionKey? {
        ([current].compactMap { $0 } + old).first { $0.id == id }
    }
}
