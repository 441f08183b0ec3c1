import Foundation
import Logging
import Synchronization

/// A swift-log handler that keeps every message it receives, so a test can wait for a line a
/// component logs (for instance the mock cluster's `Member … is leaving group …` with
/// `debug=mock`).
public final class KafkaLogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// An empty capture.
    public init() {}

    /// A logger whose messages (at `level` and above) are kept here.
    public func logger(label: String, level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    /// Every message so far.
    public var messages: [String] { lines.withLock { $0 } }

    /// Whether some message contains `text`.
    public func contains(_ text: String) -> Bool {
        lines.withLock { $0.contains { $0.contains(text) } }
    }

    /// Waits until some message contains `text` or `timeout` passed; returns whether it appeared.
    public func waitFor(_ text: String, timeout: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return contains(text)
    }

    fileprivate func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let capture: KafkaLogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.append(event.message.description)
        }
    }
}
