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
}
