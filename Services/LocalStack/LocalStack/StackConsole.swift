import Foundation
import Synchronization

/// The launcher's terminal output: whole lines, unbuffered, never interleaved between tasks.
public final class StackConsole: Sendable {
    private let lock = Mutex(())
    private let directory = FileManager.default.currentDirectoryPath

    /// A console writing to standard output.
    public init() {}

    /// Writes `text` and a newline.
    public func say(_ text: String) {
        let data = Data((text + "\n").utf8)
        lock.withLock { _ in FileHandle.standardOutput.write(data) }
    }

    /// Writes `text` to standard error.
    public func warn(_ text: String) {
        let data = Data((text + "\n").utf8)
        lock.withLock { _ in FileHandle.standardError.write(data) }
    }

    /// `url`'s path relative to the working folder when it is inside it (shorter to read).
    public func path(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Shows stack progress: starts, waits (every few seconds), readiness, stops.
    public func show(_ progress: StackProgress) {
        switch progress {
        case .started(let service, let pid, let log):
            say("▸ \(pad(service)) started (pid \(pid)), log \(path(log))")
        case .waiting(let service, let what, let elapsed, let lastAnswer):
            if elapsed == .zero {
                say("  \(pad(service)) waiting for \(what)")
            } else {
                say(
                    "  \(pad(service)) still waiting for \(what): \(Self.seconds(elapsed))"
                        + (lastAnswer.map { ", last answer: \($0)" } ?? ""))
            }
        case .ready(let service, let elapsed):
            say("✓ \(pad(service)) ready after \(Self.seconds(elapsed))")
        case .stopping(let service, let pid):
            say("■ \(pad(service)) stopping (SIGTERM to pid \(pid))")
        case .stopped(let service, let exit):
            say("  \(pad(service)) \(exit)")
        }
    }

    private func pad(_ service: StackService) -> String {
        service.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
    }

    /// `1.2 s`, or `35 ms` below a second.
    public static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value < 1 ? String(format: "%.0f ms", value * 1000) : String(format: "%.1f s", value)
    }
}
