import ArgumentParser
import Foundation
import SwitchboardCheck
import SwitchboardLoader
import SwitchboardModel
import SwitchboardPlan
import SwitchboardReconcile

extension CheckKind: ExpressibleByArgument {}

/// How checks run: shared by `check`, and by `plan --check` / `reconcile --check`.
struct CheckOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How long each check may take (e.g. 5s, 500ms).", valueName: "duration"))
    var timeout: String = "5s"

    @Option(help: ArgumentHelp("How many checks run at once.", valueName: "n"))
    var concurrency: Int = 16

    @Flag(help: "Also REGISTER with each trunk's username and password (digest), then un-register.")
    var register = false

    func runner(settings: Settings) throws -> CheckRunner {
        guard let duration = SettingDuration.parse(timeout), duration.milliseconds > 0 else {
            throw ValidationError("--timeout must be a duration like 5s or 500ms, found \(Excerpt.quoted(timeout))")
        }
        guard (1...1024).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 1024") }
        var runner = CheckRunner()
        runner.timeout = Double(duration.milliseconds) / 1000
        runner.concurrency = concurrency
        runner.register = register
        if let base = settings.whatsAppAPIBase { runner.whatsAppAPIBase = base }
        return runner
    }
}

/// `switchboard check`: tests every active trunk and every channel account against the live
/// services (DESIGN §4). Reads the files and their secrets; no database.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Test every active SIP trunk, SMTP server and WhatsApp token the files declare (never sends a mail).",
        discussion: """
            SIP: OPTIONS over the trunk's transport (with --register, a REGISTER with digest \
            authentication, then un-register). E-mail: EHLO, STARTTLS (required when secure), AUTH, \
            QUIT. WhatsApp: the Graph API says whether the token is valid and phoneNumberId is \
            whatsappNumber. Exit status: 0 all ok, 1 error (invalid files…), 4 a check failed.
            """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var checkOptions: CheckOptions

    @Option(help: "Check only this kind: sip, smtp or whatsapp (repeatable).")
    var only: [CheckKind] = []

    @Option(help: ArgumentHelp("Check only this tenant's channels (its id or slug).", valueName: "id"))
    var tenant: String?

    @Option(help: "Output: text, json or markdown.")
    var format: PlanFormat = .text

    func run() async throws {
        let (settings, settingsDiagnostics, directory) = source.resolve()
        let colour = Terminal.usesColour(.standardError)
        let load = try reportingFailures {
            try DirectoryLoader.load(directory: directory, options: LoadOptions(settings: settings, directory: directory))
        }
        let diagnostics = (settingsDiagnostics + load.diagnostics).sortedForDisplay()
        Terminal.writeError(diagnostics.map { Terminal.line(for: $0, colour: colour) + "\n" }.joined())
        guard !diagnostics.hasErrors else { throw ExitCode.failure }
        let runner = try reportingFailures { try checkOptions.runner(settings: settings) }
        var selection = CheckSelection()
        if !only.isEmpty { selection.kinds = Set(only) }
        if let tenant {
            guard load.state.tenants.contains(where: { String($0.id) == tenant || $0.slug == tenant }) else {
                Terminal.writeError("error: --tenant \(Excerpt.quoted(tenant)): no tenant with this id or slug in \(directory)\n")
                throw ExitCode.failure
            }
            selection.tenant = tenant
        }
        let policy = LoadOptions(settings: settings, directory: directory).secrets
        let (secrets, _) = SecretResolver(policy: policy).resolve(load.state)
        let started = Date()
        let results = runner.run(CheckTarget.targets(in: load.state, secrets: secrets, selection: selection))
        let seconds = -started.timeIntervalSinceNow
        switch format {
        case .text: Terminal.write(CheckRenderer.text(results, timeout: runner.timeout, seconds: seconds))
        case .json: Terminal.write(CheckRenderer.json(results, seconds: seconds))
        case .markdown: Terminal.write(CheckRenderer.markdown(results))
        }
        if results.contains(where: { !$0.isOK }) { throw ExitCode(4) }
    }
}
