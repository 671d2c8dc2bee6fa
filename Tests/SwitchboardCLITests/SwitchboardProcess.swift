import Foundation

/// Runs the built `switchboard` executable as a user would, and captures what it says.
struct SwitchboardProcess {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable beside the test bundle, in the same build folder.
    static let executable: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("switchboard")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        fatalError("switchboard executable not found near \(CommandLine.arguments[0])")
    }()

    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a large output cannot block the child.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: stdoutData, as: UTF8.self),
                       stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// A throwaway folder holding the given files.
    static func folder(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root.path
    }
}

/// A `switchboard` process running in the background, for concurrency and crash tests.
final class RunningSwitchboard: @unchecked Sendable {
    let process = Process()
    private let stdout = Pipe(), stderr = Pipe()
    private var stderrText = ""

    init(_ arguments: [String], in directory: String, environment: [String: String]) throws {
        process.executableURL = SwitchboardProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
    }

    /// Reads standard error until `text` appears (or the process ends, or 60 s pass).
    func waitForStderr(containing text: String) throws {
        let deadline = Date().addingTimeInterval(60)
        while !stderrText.contains(text) {
            guard Date() < deadline else { throw TimeoutError(what: "'\(text)' on stderr") }
            let data = stderr.fileHandleForReading.availableData
            if data.isEmpty { throw TimeoutError(what: "'\(text)' on stderr before the process ended") }
            stderrText += String(decoding: data, as: UTF8.self)
        }
    }

    /// SIGKILL: no cleanup, no rollback by the process itself.
    func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }

    func wait() throws -> SwitchboardProcess.Outcome {
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                     stderr: stderrText + String(decoding: err, as: UTF8.self))
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

extension SwitchboardProcess {
    static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> RunningSwitchboard {
        try RunningSwitchboard(arguments, in: directory, environment: environment)
    }
}
