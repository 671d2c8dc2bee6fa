import Foundation
import Testing

/// What a person sees on a terminal: coloured plan lines (never with NO_COLOR, never in a pipe),
/// and `--quiet` for cron jobs and scripts.
struct TerminalOutputTests {
    static let files = [
        "tenants.d/default.yaml": "tenant: {id: 1, slug: default, name: Default}\n",
        "tenants.d/acme.yaml": "tenant: {id: 42, slug: acme, name: Acme}\nroutes:\n  vocal: [\"+33 1 00 00 00 42\"]\n",
    ]

    /// Runs `switchboard ARGS` under a pseudo-terminal (util-linux `script`), as a person would.
    func onATerminal(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws -> String {
        let command = ([SwitchboardProcess.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env["TERM"] = "xterm"
        process.environment = env.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test func planLinesAreColouredOnATerminalOnly() throws {
        let folder = try SwitchboardProcess.folder(Self.files)
        let coloured = try onATerminal(["plan"], in: folder)
        #expect(coloured.contains("\u{1B}[32m  + tenant   42  acme \"Acme\""), "\(coloured.debugDescription)")
        #expect(coloured.contains("\u{1B}[32m  + route    vocal +33100000042"))
        let noColor = try onATerminal(["plan"], in: folder, environment: ["NO_COLOR": "1"])
        #expect(noColor.contains("  + tenant   42  acme \"Acme\""))
        #expect(noColor.range(of: "\u{1B}\\[[0-9;]*m", options: .regularExpression) == nil, "no colour (progress may still erase its line)")
        let piped = try SwitchboardProcess.run(["plan"], in: folder)
        #expect(piped.stdout.contains("  + tenant   42  acme \"Acme\""))
        #expect(!piped.stdout.contains("\u{1B}["))
    }

    @Test func quietPrintsNothingButDoesTheWork() throws {
        let folder = try SwitchboardProcess.folder(Self.files)
        let outcome = try SwitchboardProcess.run(["reconcile", "--quiet"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "")
        let again = try SwitchboardProcess.run(["plan", "-q", "--detailed-exitcode"], in: folder)
        #expect(again.status == 0)
        #expect(again.stdout == "")
        let validate = try SwitchboardProcess.run(["validate", "--quiet"], in: folder)
        #expect(validate.status == 0)
        #expect(validate.stdout == "" && validate.stderr == "")
    }
}
