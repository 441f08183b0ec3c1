import Foundation

/// Where the repository is and how to read its files, found from this source file's path.
struct RepositoryLayout: Sendable {
    /// The repository root (the folder with Package.swift and deploy/).
    let root: URL

    /// Walks up from `filePath` (symlinks resolved) to the first folder holding Package.swift and
    /// deploy/.
    init(filePath: String = #filePath) throws {
        var folder = URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let manifest = folder.appendingPathComponent("Package.swift").path
            let deploy = folder.appendingPathComponent("deploy").path
            if FileManager.default.fileExists(atPath: manifest) && FileManager.default.fileExists(atPath: deploy) {
                root = folder
                return
            }
            folder = folder.deletingLastPathComponent()
        }
        throw LayoutError(message: "no folder with Package.swift and deploy/ above \(filePath)")
    }

    /// The text of a file given relative to the root.
    func text(_ relativePath: String) throws -> String {
        let url = root.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LayoutError(message: "cannot read \(relativePath)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether a file or folder exists, relative to the root.
    func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relativePath).path)
    }

    /// Relative paths of the files below `folder` whose names end with one of `suffixes`, sorted.
    func files(under folder: String, endingWith suffixes: [String]) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var found: [String] = []
        while let next = walker.nextObject() as? String {
            let components = next.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".build") || $0 == ".git" }) { continue }
            if suffixes.contains(where: { next.hasSuffix($0) }) {
                var isFolder: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: base.appendingPathComponent(next).path, isDirectory: &isFolder)
                if exists && !isFolder.boolValue { found.append(folder + "/" + next) }
            }
        }
        return found.sorted()
    }

    /// A problem finding or reading the repository's files.
    struct LayoutError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
