import Foundation
import Testing
import SwitchboardLoader
import SwitchboardModel
@testable import SwitchboardDaemon

/// The daemon's folder state as a value: what an edit's run plans, what a swap or a failure plans.
struct FolderStateTests {
    static func folder() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("folder-state-\(UUID().uuidString)/tenants.d")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write("a.yaml", "tenant: {id: 2, name: A}\nroutes: {vocal: [\"+33 1 00 00 00 02\"]}\n", in: root.path)
        try write("b.yaml", "tenant: {id: 3, name: B}\n", in: root.path)
        return root.path
    }

    static func write(_ name: String, _ text: String, in folder: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
    }

    @Test func anEditPlansWhatItTouchesAndInvalidFilesKeepTheLastGoodState() throws {
        let root = try Self.folder()
        var state = FolderState(cache: DesiredStateCache(directory: root, options: .defaults(for: root)))
        // The first read is a full one, and so is its plan.
        var (next, read) = try state.reading()
        state = next
        #expect(read.files == 2 && read.load.isValid)
        #expect(state.scope(for: .start) == nil)
        #expect(state.scope(for: .files) == nil)
        state.noteApplied()

        // An edit of b.yaml: its run plans tenant 3 only.
        try Self.write("b.yaml", "tenant: {id: 3, name: B2}\n", in: root)
        state.note(.changed([root + "/b.yaml"]))
        (next, read) = try state.reading()
        state = next
        #expect(read.files == 1)
        #expect(state.scope(for: .files)?.tenantIDs == [3])
        #expect(state.scope(for: .interval) == nil)  // every other trigger plans everything

        // Invalid files: the last good state stays, and the scope keeps growing until an apply.
        let good = state.lastGoodDigest
        try Self.write("a.yaml", "tenant: {id: 2, name: A\n", in: root)
        state.note(.changed([root + "/a.yaml"]))
        (next, read) = try state.reading()
        state = next
        #expect(!read.load.isValid)
        #expect(state.lastGoodDigest == good)
        #expect(state.lastGood?.state.tenants.first { $0.id == 3 }?.name == "B2")
        #expect(state.scope(for: .files)?.tenantIDs == [2, 3])

        // A swap (or a missed event) reads everything and plans everything; so does a failed run.
        state.note(.replaced)
        (state, _) = try state.reading()
        #expect(state.scope(for: .files) == nil)
        state.noteApplied()
        #expect(state.scope(for: .files)?.tenantIDs == [])
        state.noteRunFailed()
        #expect(state.scope(for: .files) == nil)
        #expect(state.matchesDisk())
    }

    /// An edit's rows found through the index are exactly those the filter finds in the whole
    /// state: a route moved between files, a web key and channels, a tenant removed, invalid files
    /// in between (then nothing is offered: the caller filters).
    @Test func theIndexFindsTheRowsTheFilterFinds() throws {
        let root = try Self.folder()
        try Self.write("c.yaml", "tenant: {id: 4, name: C}\nroutes: {web: [widget-key-tenant-4-abcdef]}\nchannels: {sms: {enabled: true}}\n", in: root)
        var state = FolderState(cache: DesiredStateCache(directory: root, options: .defaults(for: root)))
        (state, _) = try state.reading()
        state.noteApplied()
        func agree(_ what: Comment) throws {
            let scope = try #require(state.scope(for: .files), what)
            let indexed = try #require(state.scopedState(scope), what)
            #expect(indexed == scope.filter(try #require(state.lastGood).state), what)
            #expect(!indexed.routes.isEmpty || !indexed.tenants.isEmpty, what)
        }

        // The number moves from a.yaml (tenant 2) to b.yaml (tenant 3); c.yaml's channel changes.
        try Self.write("a.yaml", "tenant: {id: 2, name: A}\n", in: root)
        try Self.write("b.yaml", "tenant: {id: 3, name: B}\nroutes: {vocal: [\"+33 1 00 00 00 02\"]}\n", in: root)
        try Self.write("c.yaml", "tenant: {id: 4, name: C}\nroutes: {web: [widget-key-tenant-4-abcdef]}\nchannels: {sms: {enabled: false}}\n", in: root)
        state.note(.changed([root + "/a.yaml", root + "/b.yaml", root + "/c.yaml"]))
        (state, _) = try state.reading()
        try agree("a route moved, a channel changed")

        // Invalid in between: nothing from the index; valid again: the grown scope agrees.
        try Self.write("a.yaml", "tenant: {id: 2, name: A\n", in: root)
        state.note(.changed([root + "/a.yaml"]))
        (state, _) = try state.reading()
        #expect(state.scopedState(try #require(state.scope(for: .files))) == nil)
        try FileManager.default.removeItem(atPath: root + "/a.yaml")
        state.note(.changed([root + "/a.yaml"]))
        (state, _) = try state.reading()
        try agree("a tenant removed after invalid files")
    }

    /// Every run takes every SIP account and binding, as the filter does: the files that declare
    /// them are followed as they are added, changed and removed.
    @Test func anEditsRunTakesTheAccountsOfEveryFile() throws {
        let root = try Self.folder()
        func account(_ label: String, workflow: String) -> String {
            """
            sipAccounts:
              - label: \(label)
                trunkUri: sip:trunk@sip.provider.example
                username: trunk
                password: {env: SIP_PASSWORD}
                contact: {host: voice.platform.example, port: 5060, transport: udp}
                workflows: [\(workflow)]

            """
        }
        try Self.write("z-accounts.yaml", account("Trunk Z", workflow: "accueil"), in: root)
        var state = FolderState(cache: DesiredStateCache(directory: root, options: .defaults(for: root)))
        (state, _) = try state.reading()
        state.noteApplied()
        func agree(_ accounts: [String], _ what: Comment) throws {
            let scope = try #require(state.scope(for: .files), what)
            let indexed = try #require(state.scopedState(scope), what)
            #expect(indexed == scope.filter(try #require(state.lastGood).state), what)
            #expect(indexed.sipAccounts.map(\.label) == accounts, what)
            #expect(indexed.workflowBindings.count == accounts.count, what)
        }

        try Self.write("b.yaml", "tenant: {id: 3, name: B2}\n", in: root)
        state.note(.changed([root + "/b.yaml"]))
        (state, _) = try state.reading()
        try agree(["Trunk Z"], "an edit of a tenant")

        try Self.write("m-accounts.yaml", account("Trunk M", workflow: "support"), in: root)
        state.note(.changed([root + "/m-accounts.yaml"]))
        (state, _) = try state.reading()
        try agree(["Trunk M", "Trunk Z"], "a file of accounts added, in load order")

        try Self.write("z-accounts.yaml", account("Trunk Z2", workflow: "accueil"), in: root)
        state.note(.changed([root + "/z-accounts.yaml"]))
        (state, _) = try state.reading()
        try agree(["Trunk M", "Trunk Z2"], "an account renamed")

        try FileManager.default.removeItem(atPath: root + "/m-accounts.yaml")
        state.note(.changed([root + "/m-accounts.yaml"]))
        (state, _) = try state.reading()
        try agree(["Trunk Z2"], "a file of accounts removed")
        #expect(state.lastGood?.counts == DeclaredCounts(tenants: 2, routes: 1, sipAccounts: 1, workflowBindings: 1, channels: 0))
    }

    /// A file that cannot be read (here: too large) is no difference from the disk while it stays
    /// so: the interval does not read the whole folder again and warn of a missed event each time.
    /// When it changes, it is a difference.
    @Test func aFileThatCannotBeReadStaysTheSameOnDisk() throws {
        let root = try Self.folder()
        try Self.write("huge.yaml", "", in: root)
        #expect(truncate(root + "/huge.yaml", off_t(16 << 20) + 1) == 0)
        var state = FolderState(cache: DesiredStateCache(directory: root, options: .defaults(for: root)))
        var read: FolderState.Read
        (state, read) = try state.reading()
        #expect(read.load.diagnostics.map(\.message) == ["file is 16,777,217 bytes, more than a tenant file may hold (16 MiB): not read"])
        #expect(state.matchesDisk())

        // Read again after an event: still the same.
        state.note(.changed([root + "/huge.yaml"]))
        (state, _) = try state.reading()
        #expect(state.matchesDisk())

        #expect(truncate(root + "/huge.yaml", off_t(16 << 20) + 2) == 0)
        #expect(!state.matchesDisk())
        try Self.write("huge.yaml", "tenant: {id: 5, name: E}\n", in: root)
        #expect(!state.matchesDisk())
        state.noteMissedEvents()
        (state, read) = try state.reading()
        #expect(read.load.isValid)
        #expect(state.matchesDisk())
    }
}
