import COpenSSL

/// The OpenSSL this process loaded (`check`'s TLS), for `switchboard version`: "OpenSSL 3.0.17 1 Jul 2025".
public enum TLSLibrary {
    public static var version: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
}
