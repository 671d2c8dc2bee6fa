import Foundation
import SwitchboardLoader
import SwitchboardModel

/// A throwaway folder of tenant files, written for one test and read back with the real loader.
struct Corpus {
    let root: String

    init(_ files: [(String, String)]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-tests-\(UUID().uuidString)").path
        for (name, text) in files {
            try write(name, Data(text.utf8))
        }
    }

    func write(_ name: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func load(defaultRegion: String? = nil) throws -> LoadResult {
        try DirectoryLoader.load(directory: root, defaultRegion: defaultRegion)
    }

    /// The diagnostics as printed, with paths relative to the corpus: `acme.yaml:3:5: error: …`.
    func lines(defaultRegion: String? = nil) throws -> [String] {
        try load(defaultRegion: defaultRegion).diagnostics.map(relative)
    }

    func relative(_ diagnostic: Diagnostic) -> String {
        diagnostic.description.replacingOccurrences(of: root + "/", with: "")
    }

}
