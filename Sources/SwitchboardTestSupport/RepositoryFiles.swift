import Foundation

/// The repository the tests run from, and its JSON Schemas checked by the reference validator
/// (`scripts/check-schema.py`, Python's jsonschema): shared by the loader's and the CLI's tests.
public enum RepositoryFiles {
    /// The folder of Package.swift.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `scripts/check-schema.py schema/SCHEMA FILE…`: its exit status and what it printed.
    public static func checkSchema(_ schema: String, _ files: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root + "/scripts/check-schema.py", root + "/schema/" + schema] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
