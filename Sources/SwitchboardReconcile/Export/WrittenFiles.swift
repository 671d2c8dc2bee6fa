import Foundation

/// What an export wrote, so that a failure removes it all: the tenant files, the secrets file if it
/// created it, and the folder if it created it (and it is empty again).
struct WrittenFiles {
    let folder: URL
    private var files: [URL] = []
    private var createdFolder = false

    init(folder: URL) { self.folder = folder }

    mutating func createFolder() throws {
        guard !FileManager.default.fileExists(atPath: folder.path) else { return }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        createdFolder = true
    }

    mutating func write(_ text: String, named name: String) throws {
        let url = folder.appendingPathComponent(name)
        files.append(url)
        try Data(text.utf8).write(to: url)
    }

    /// A file about to be written by someone else: removed on failure only if it is new.
    mutating func willWrite(_ url: URL) {
        if !FileManager.default.fileExists(atPath: url.path) { files.append(url) }
    }

    func removeAll() {
        for file in files { try? FileManager.default.removeItem(at: file) }
        if createdFolder, (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: folder)
        }
    }
}
