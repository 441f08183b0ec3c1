import Foundation
import Launcher

/// What the stack is doing, for a progress display (long steps show progress, not silence).
public enum StackProgress: Sendable {
    /// A child process was started.
    case started(StackService, pid: Int32, log: URL)
    /// Still waiting for `what` (e.g. `GET /readyz`) after `elapsed`; `lastAnswer` says what the
    /// last try got (`503`, `connection refused`).
    case waiting(StackService, what: String, elapsed: Duration, lastAnswer: String?)
    /// The service is ready, `elapsed` after it was started.
    case ready(StackService, elapsed: Duration)
    /// SIGTERM was sent.
    case stopping(StackService, pid: Int32)
    /// The process ended.
    case stopped(StackService, ChildExit)
}

/// Receives progress; called from any task.
public typealias StackProgressHandler = @Sendable (StackProgress) -> Void
