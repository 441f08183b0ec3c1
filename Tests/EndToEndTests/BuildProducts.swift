import Foundation

/// Where the executables the end-to-end tests start are: the build folder of this test binary
/// (`.build/<triple>/debug`), which `swift build` (and `scripts/test`) fills with every product.
enum BuildProducts {
    /// The folder holding `handover-devbroker` and the other executables.
    static let directory: URL = {
        let ownFolder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        if FileManager.default.isExecutableFile(atPath: ownFolder.appendingPathComponent("handover-devbroker").path) {
            return ownFolder
        }
        // The test binary may live inside a bundle: fall back to the package's own .build/debug.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repository.appendingPathComponent(".build/debug").resolvingSymlinksInPath()
    }()
}
