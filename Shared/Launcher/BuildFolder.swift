import Foundation

/// Where the package's executables are: SwiftPM builds every product of one build into the same
/// folder (`.build/debug`, `.build/release`), so a launcher finds its siblings next to itself.
public enum BuildFolder {
    /// The folder of the running executable (`/proc/self/exe`, symlinks resolved, out of an `.xctest`
    /// bundle on macOS), else of `CommandLine.arguments[0]`.
    public static func own() -> URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder =
            executable.path != "/proc/self/exe"
            ? executable.deletingLastPathComponent()
            : URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        // On macOS a test binary sits inside `X.xctest/Contents/MacOS`.
        while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS"
            || folder.lastPathComponent == "Contents"
        {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }

    /// The executable `name` of this build, or nil when it is not there (not built).
    public static func executable(_ name: String) -> URL? {
        let url = own().appendingPathComponent(name)
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }
}
