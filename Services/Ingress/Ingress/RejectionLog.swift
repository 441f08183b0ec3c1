import Logging
import Synchronization

/// Logs rejected requests without letting a flood of them flood the log: per reason, the first
/// rejection of each ``interval`` is written, with how many were left out since the last line.
///
/// Every rejection is still counted in the metrics; the log only says that it is happening.
final class RejectionLog: Sendable {
    private struct Window {
        var openedAt: ContinuousClock.Instant
        var suppressed: Int
    }

    private let logger: Logger
    private let interval: Duration
    private let windows = Mutex<[String: Window]>([:])

    init(logger: Logger, interval: Duration = .seconds(10)) {
        self.logger = logger
        self.interval = interval
    }

    /// Notes one rejection for `reason`; writes a line only when the reason's window is over.
    func rejected(_ reason: String, message: Logger.Message, metadata: Logger.Metadata = [:]) {
        let now = ContinuousClock.now
        let suppressed: Int? = windows.withLock { windows in
            if var window = windows[reason], now - window.openedAt < interval {
                window.suppressed += 1
                windows[reason] = window
                return nil
            }
            let left = windows[reason]?.suppressed ?? 0
            windows[reason] = Window(openedAt: now, suppressed: 0)
            return left
        }
        guard let suppressed else { return }
        var details = metadata
        details["reason"] = .string(reason)
        if suppressed > 0 { details["suppressed"] = .stringConvertible(suppressed) }
        logger.notice(message, metadata: details)
    }
}
