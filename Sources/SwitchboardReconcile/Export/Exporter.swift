import Foundation
import SwitchboardLoader
import SwitchboardModel
import SwitchboardPlan
import SwitchboardStore

/// `switchboard export` (adoption, DESIGN §3): reads an existing database and writes it as tenant
/// files, the secrets taken out into an env file beside them (mode 0600, never inside the
/// folder); then checks that planning those files against the same database finds nothing to
/// change, and records the exported rows as managed.
public struct Exporter {
    public struct Options {
        public var target: DatabaseTarget
        public var settings: Settings
        public var outputDirectory: String
        /// Default: `secrets.env` beside the output folder.
        public var secretsFile: String?
        public var encryptionKeyFile: String?
        public var environment = ProcessInfo.processInfo.environment

        public init(target: DatabaseTarget, settings: Settings, outputDirectory: String) {
            self.target = target
            self.settings = settings
            self.outputDirectory = outputDirectory
        }
    }

    public struct Result {
        public var files: [String]
        /// Where the secrets went, and how many (nil: there were none).
        public var secretsFile: (path: String, count: Int)?
        public var adopted: Int
        /// The plan of the exported files against the database (empty, unless the files cannot
        /// say something the database holds, or a legacy trunk is to be created).
        public var plan: Plan
        public var notes: [String]
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    public func run() throws -> Result {
        let folder = URL(fileURLWithPath: options.outputDirectory).standardizedFileURL
        let secretsPath = options.secretsFile.map { URL(fileURLWithPath: $0).standardizedFileURL }
            ?? folder.deletingLastPathComponent().appendingPathComponent("secrets.env")
        guard !secretsPath.path.hasPrefix(folder.path + "/") else {
            throw ReconcileError.export("the secrets file \(secretsPath.path) is inside \(folder.path): put it outside the folder of tenant files, which is committed")
        }
        try checkEmpty(folder)

        do {
            let connection = try Database.connect(options.target)
            defer { connection.close() }
            // Ownership is recorded in switchboard_managed, which the migrations create.
            try Migrator(connection: connection).migrate()
            let keys = KeyringLoader(target: options.target, keyFile: options.encryptionKeyFile, requireKey: false,
                                     environment: options.environment)
            let actual = Reconciler.decrypting(try StateReader(connection: connection).read(),
                                               with: try keys.load(mayCreate: false).keyring)
            try refuseUnreadableSettings(actual)
            let builder = ExportBuilder(actual: actual, legacyTrunk: try LegacyTrunkReader(connection: connection).read(),
                                        source: options.target.description)
            let output = builder.build()

            // A failed export leaves nothing behind: what it wrote is removed before it reports.
            var written = WrittenFiles(folder: folder)
            do {
                try written.createFolder()
                for file in output.files { try written.write(file.text, named: file.name) }
                let plan = try planAfterExport(folder: folder.path, secrets: output.secrets, actual: adopted(actual, output))
                if !output.secrets.isEmpty {
                    written.willWrite(secretsPath)
                    try writeSecrets(output.secrets, to: secretsPath.path)
                }
                try OwnershipAdoption(connection: connection).adopt(
                    output.adopted, slugs: output.slugs, facts: plan.factUpdates, revision: SourceDigest.gitRevision(of: folder.path) ?? "export")
                return Result(files: output.files.map { folder.appendingPathComponent($0.name).path },
                              secretsFile: output.secrets.isEmpty ? nil : (secretsPath.path, output.secrets.count),
                              adopted: output.adopted.count, plan: plan, notes: output.notes)
            } catch {
                written.removeAll()
                throw error
            }
        } catch let error as DatabaseError {
            throw ReconcileError.database(error)
        }
    }

    /// The database as it is once adopted: the slugs written and the rows managed (a row not
    /// managed yet is a take-over, which plans show as a change).
    private func adopted(_ actual: ActualState, _ output: ExportBuilder.Output) -> ActualState {
        var adopted = actual
        adopted.managed.formUnion(output.adopted)
        for fill in output.slugs {
            if let index = adopted.tenants.firstIndex(where: { $0.id == fill.tenantID }) { adopted.tenants[index].slug = fill.slug }
        }
        return adopted
    }

    /// Export writes a new folder: it never mixes its files with files already there.
    private func checkEmpty(_ folder: URL) throws {
        guard let existing = try? DirectoryLoader.listFiles(in: folder.path), !existing.isEmpty else { return }
        throw ReconcileError.export("\(folder.path) already holds \(existing.count) tenant file(s): export into a new or empty folder")
    }

    /// Settings that cannot be decrypted cannot be exported: say which rows and what is needed.
    private func refuseUnreadableSettings(_ actual: ActualState) throws {
        let unreadable = actual.channelConfigurations.filter {
            switch $0.settings {
            case .unreadable, .locked: true
            default: false
            }
        }
        guard let first = unreadable.first else { return }
        throw ReconcileError.export(
            "the settings of \(unreadable.count) channel configuration(s) cannot be decrypted (first: tenant \(first.tenantID) \(first.type.rawValue)): give the key with SWITCHBOARD_ENCRYPTION_KEY or --encryption-key-file (and SWITCHBOARD_OLD_ENCRYPTION_KEYS); nothing written")
    }

    /// `NAME='value'` lines (shell single quotes), created with mode 0600 and kept at 0600 if it existed.
    private func writeSecrets(_ secrets: [(name: String, value: String)], to path: String) throws {
        let lines = [
            "# Secrets exported by `switchboard export` from \(options.target). DO NOT COMMIT THIS FILE.",
            "# Put the values in your secret store, or load them before a reconcile: set -a; . ./\(URL(fileURLWithPath: path).lastPathComponent); set +a",
        ] + secrets.map { "\($0.name)='\($0.value.replacingOccurrences(of: "'", with: "'\\''"))'" }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw ReconcileError.export("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0,
              bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw ReconcileError.export("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The files just written, loaded as `plan` would load them, against the state just read.
    private func planAfterExport(folder: String, secrets: [(name: String, value: String)], actual: ActualState) throws -> Plan {
        let loadOptions = LoadOptions(settings: options.settings, directory: folder)
        let load = try DirectoryLoader.load(directory: folder, options: loadOptions)
        guard load.isValid else { throw ReconcileError.invalidFiles(load.diagnostics) }
        var environment = options.environment
        for secret in secrets { environment[secret.name] = secret.value }
        let (resolved, _) = SecretResolver(environment: environment, policy: loadOptions.secrets).resolve(load.state)
        return Planner.plan(desired: load.state, actual: actual, secrets: resolved,
                            policy: PlanPolicy(settings: options.settings, allowDeletes: false))
    }
}
