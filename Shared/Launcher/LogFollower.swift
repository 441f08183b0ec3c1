import Foundation
import Synchronization

/// A child's log file read as lines while it grows, each with the time this reader first saw it:
/// to wait for a line (`KAFKA_BROKERS=…`, `Kafka partitions assigned`) and time when it came.
///
/// The children write their log files themselves (no pipe through this process), so lines are
/// found by reading again every few milliseconds; their times are that precise.
public final class LogFollower: Sendable {
    /// One complete line and when it was read.
    public struct Line: Sendable {
        /// When this reader first saw the line.
        public var at: ContinuousClock.Instant
        /// The line, without its newline.
        public var text: String
    }

    private struct State {
        var offset: UInt64
        var partial: [UInt8] = []
    }

    /// The file read.
    public let url: URL
    private let state: Mutex<State>

    /// How often ``waitForLine(timeout:child:_:)`` reads the file again.
    public static let pollInterval: Duration = .milliseconds(10)

    /// A reader of `url` from its beginning.
    public init(_ url: URL) {
        self.url = url
        state = Mutex(State(offset: 0))
    }

    /// A reader of what is appended to `url` from now on.
    public static func fromEnd(of url: URL) -> LogFollower {
        let follower = LogFollower(url)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? UInt64) ?? 0
        follower.state.withLock { $0.offset = size }
        return follower
    }

    /// The complete lines appended since the last read.
    public func read() -> [Line] {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard let handle = FileHandle(forReadingAtPath: url.path) else { return [] }
            defer { try? handle.close() }
            guard (try? handle.seek(toOffset: state.offset)) != nil,
                let data = try? handle.readToEnd(), !data.isEmpty
            else { return [] }
            state.offset += UInt64(data.count)
            var buffer = state.partial + data
            var lines: [Line] = []
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(Line(at: now, text: String(decoding: buffer[..<newline], as: UTF8.self)))
                buffer.removeSubrange(...newline)
            }
            state.partial = buffer
            return lines
        }
    }

    /// The first line from here on for which `match` holds, within `timeout`; fails when `child`
    /// (the writer, if given) ends first.
    public func waitForLine(
        timeout: Duration, child: ChildProcess? = nil, _ match: @Sendable (String) -> Bool
    ) async throws(LaunchError) -> Line {
        let deadline = ContinuousClock.now + timeout
        while true {
            let ended = child?.exit
            if let line = read().first(where: { match($0.text) }) { return line }
            if let child, let ended {
                throw LaunchError(
                    .exitedEarly, "\(child.name) \(ended) before the expected output; its log: \(url.path)")
            }
            guard ContinuousClock.now < deadline else {
                throw LaunchError(.notReady, "no expected output in \(url.path) within \(timeout)")
            }
            do {
                try await Task.sleep(for: Self.pollInterval)
            } catch {
                throw LaunchError(.notReady, "stopped while waiting for output in \(url.path)")
            }
        }
    }
}
