import Foundation

/// Test hooks for crash tests: `SWITCHBOARD_FAILPOINT=before-commit` makes an apply stop right
/// before COMMIT (every row written, none committed) and wait there to be killed. Unset in
/// production, where it costs one dictionary lookup per apply.
enum Failpoint {
    static func hit(_ name: String, environment: [String: String]) {
        guard environment["SWITCHBOARD_FAILPOINT"] == name else { return }
        FileHandle.standardError.write(Data("failpoint \(name): waiting to be killed\n".utf8))
        while true { sleep(60) }
    }
}
