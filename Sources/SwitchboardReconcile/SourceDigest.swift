import Crypto
import Foundation
import SwitchboardLoader

/// Where the desired state came from: a digest of the files, and the git commit when the folder
/// is in a checkout. Both go into the audit row and saved plans.
public enum SourceDigest {
    /// SHA-256 over every file's path and SHA-256, in load order: made from the digests the load
    /// took of the bytes it parsed (reading every file again cost the daemon 6 ms per edit and a
    /// million-route apply a second).
    ///
    /// The parts are laid end to end in one buffer and hashed in one call: an array per file, or
    /// three calls per file, cost the daemon one to three milliseconds per edit (the hash is the same).
    public static func of(_ load: LoadResult) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(load.files.indices.reduce(0) { $0 + load.files[$1].utf8.count + 1 + load.fileDigests[$1].count })
        for index in load.files.indices {
            bytes += load.files[index].utf8
            bytes.append(0)
            bytes += load.fileDigests[index]
        }
        return hex(SHA256.hash(data: bytes))
    }

    /// Each file's own digest, by path: a saved plan says which files changed since.
    public static func perFile(_ load: LoadResult) -> [String: String] {
        Dictionary(zip(load.files, load.fileDigests.map { hex($0) }), uniquingKeysWith: { a, _ in a })
    }

    /// The same, reading the files (`show` compares a saved plan with the folder as it is now).
    public static func perFile(_ files: [String]) -> [String: String] {
        Dictionary(files.map { ($0, hex(SHA256.hash(data: FileManager.default.contents(atPath: $0) ?? Data()))) },
                   uniquingKeysWith: { a, _ in a })
    }

    /// `git rev-parse HEAD` in the folder, or nil outside a checkout (or without git).
    /// The exit is awaited through the termination handler: Foundation's `waitUntilExit` on Linux
    /// polls its run loop every 50 ms, which made each apply and each daemon run 50 ms longer.
    public static func gitRevision(of directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory, "rev-parse", "HEAD"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        exited.wait()
        guard process.terminationStatus == 0 else { return nil }
        let revision = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return revision.isEmpty ? nil : revision
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}
