/// How a child process ended.
public struct ChildExit: Sendable, Hashable, CustomStringConvertible {
    /// Whether it called `exit` or was ended by a signal.
    public enum Reason: Sendable, Hashable {
        /// `exit(status)`.
        case exited
        /// Ended by signal number `status`.
        case signalled
    }

    /// Exit or signal.
    public let reason: Reason
    /// The exit status, or the signal number.
    public let status: Int32

    /// An ending of `reason` with `status`.
    public init(reason: Reason, status: Int32) {
        self.reason = reason
        self.status = status
    }

    /// Whether it exited on its own with status 0 (a clean drain after SIGTERM).
    public var isClean: Bool { reason == .exited && status == 0 }

    public var description: String {
        switch reason {
        case .exited: status == 78 ? "exited with status 78 (configuration error)" : "exited with status \(status)"
        case .signalled: "killed by signal \(status)"
        }
    }
}
