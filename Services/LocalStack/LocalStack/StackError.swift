import Launcher

/// Why the local stack (or one of its steps) failed. The description names the service, port or
/// log file at fault and never a secret or a message body.
public struct StackError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is, for callers that react differently (e.g. a busy port).
    public enum Kind: Sendable, Hashable {
        /// Starting, probing or stopping a child process failed, as the launcher tells it: a busy
        /// port, a missing executable, a child that exited early or was not ready in time, …
        case launch(LaunchError.Kind)
        /// A call to a service (simulator control API, agent API) failed or was refused.
        case request
        /// An expected effect of a conversation step did not happen in time.
        case expectationFailed
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
    public var isRetriable: Bool { [.launch(.portInUse), .launch(.notReady), .request].contains(kind) }

    /// A failure of `kind`, explained by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The stack's view of a launcher failure (the launcher's kind, the same message).
    public init(_ error: LaunchError) {
        self.init(.launch(error.kind), error.message)
    }

    public var description: String { message }
}
