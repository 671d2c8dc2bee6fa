import Testing
import SwitchboardLoader
import SwitchboardReconcile

/// The source digest names the files in the audit rows and saved plans: it must not change when
/// the code that takes it does.
struct SourceDigestTests {
    @Test func theDigestOfTheFilesIsStable() {
        let load = DirectoryLoader.load(sources: [
            (path: "tenants.d/b.yaml", text: "tenant: {id: 3, name: B}\n"),
            (path: "tenants.d/a.yaml", text: "tenant: {id: 2, name: A}\n"),
        ])
        // SHA-256 over each file's path, a zero byte and the SHA-256 of its bytes, in load order
        // (Python's hashlib gives the same).
        #expect(SourceDigest.of(load) == "c7eddaf55ddaec2955b01c3a3df0b7360692ab6243a851bfe6e3952e6d023519")
    }
}
