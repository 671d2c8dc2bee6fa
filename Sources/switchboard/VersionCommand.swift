import ArgumentParser
import SwitchboardCheck
import SwitchboardLoader
import SwitchboardModel
import SwitchboardStore

/// `switchboard version`: what is running, for a bug report or an upgrade check.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print switchboard's version, git revision, Swift version and the versions of the C libraries it loaded.")

    func run() {
        var lines = ["switchboard \(BuildInfo.version) (revision \(BuildInfo.revision))", "Swift \(Self.swiftVersion)"]
        lines += Database.libraryVersions.map { "\($0.name) \($0.version)" }
        lines.append("libyaml \(YAMLReader.libraryVersion)")
        lines.append(TLSLibrary.version)
        print(lines.joined(separator: "\n"))
    }

    /// The compiler it was built with.
    static var swiftVersion: String {
        #if compiler(>=6.4)
        "6.4 or later"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }
}

/// `switchboard completion bash|zsh|fish`: the shell completion script (swift-argument-parser's).
struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: """
            bash: switchboard completion bash > /etc/bash_completion.d/switchboard
            zsh:  switchboard completion zsh > "${fpath[1]}/_switchboard"
            fish: switchboard completion fish > ~/.config/fish/completions/switchboard.fish
            """)

    @Argument(help: "bash, zsh or fish.")
    var shell: CompletionShell

    func run() {
        print(Switchboard.completionScript(for: shell))
    }
}

extension CompletionShell: @retroactive ExpressibleByArgument {}
