import Foundation
import Testing

/// Golden files: the expected output lives in Tests/SwitchboardPlanTests/Golden/NAME. To re-record
/// after a deliberate change, run with SWITCHBOARD_RECORD_GOLDEN=1, read the diff, and run again
/// without it: a recording run fails, so nobody records by accident.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SWITCHBOARD_RECORD_GOLDEN"] != nil {
            try Data(actual.utf8).write(to: url)
            Issue.record("recorded \(name): run again without SWITCHBOARD_RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no golden file \(name): record it with SWITCHBOARD_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}
