import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Run folders of the end-to-end tests: `$TMPDIR/handover-e2e/<test>-<pid>`. A test's folder stays
/// after the test (its logs explain a failure) and is removed when the same test runs again in a
/// later test process.
enum RunFolders {
    static let parent = FileManager.default.temporaryDirectory.appendingPathComponent("handover-e2e")

    /// A new, empty folder for test `name`; older folders of `name` from finished processes go.
    static func fresh(_ name: String) throws -> URL {
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let own = ProcessInfo.processInfo.processIdentifier
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] {
            guard entry.hasPrefix(name + "-"), let pid = Int32(entry.dropFirst(name.count + 1)) else { continue }
            if pid == own || kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(at: parent.appendingPathComponent(entry))
            }
        }
        return parent.appendingPathComponent("\(name)-\(own)")
    }
}
