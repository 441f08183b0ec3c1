import Launcher

/// Why the local stack (or one of its steps) failed. The description names the service, port or
/// log file at fault and never a secret or a message body.
public struct StackError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is, for callers that react differently (e.g. a busy port).
    public enum Kind: String, Sendable {
        /// A port a service needs is taken by another process.
        case portInUse
        /// Asking the kernel about ports failed.
        case portProbe
        /// An executable is missing from the build folder.
        case executableMissing
        /// A child process could not be started.
        case launchFailed
        /// A child exited before it was ready.
        case exitedEarly
        /// A child did not become ready in time.
        case notReady
        /// A call to a service (simulator control API, agent API) failed or was refused.
        case request
        /// An expected effect of a conversation step did not happen in time.
        case expectationFailed
        /// The run folder or a configuration file could not be written.
        case files
        /// An option or setting is not valid.
        case configuration
        /// The Kafka broker could not be reached or refused to create the topics.
        case broker
    }

    /// What kind of failure it is.
    public let kind: Kind
    /// A short, secret-free explanation.
    public let message: String
    /// Whether trying again later could succeed (a busy port or a slow start; not a missing binary).
    public var isRetriable: Bool { [.portInUse, .notReady, .request].contains(kind) }

    /// A failure of `kind`, explained by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

extension StackError {
    /// The stack's view of a launcher failure (same kind, same message).
    public init(_ error: LaunchError) {
        let kind: Kind =
            switch error.kind {
            case .portInUse: .portInUse
            case .portProbe: .portProbe
            case .executableMissing: .executableMissing
            case .launchFailed: .launchFailed
            case .exitedEarly: .exitedEarly
            case .notReady: .notReady
            case .files: .files
            }
        self.init(kind, error.message)
    }
}
