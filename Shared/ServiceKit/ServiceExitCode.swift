/// The exit statuses of every service executable (README, "Every executable"), after sysexits.h.
public enum ServiceExitCode: Int32, Sendable, CaseIterable {
    /// A clean shutdown (SIGTERM or SIGINT), or `--help` and `--version`.
    case success = 0
    /// Any other failure while starting or running.
    case failure = 1
    /// An argument the executable does not know (`EX_USAGE`); services read only the environment.
    case usage = 64
    /// The service could not start serving, e.g. its port is taken (`EX_UNAVAILABLE`).
    case unavailable = 69
    /// A missing or malformed environment variable (`EX_CONFIG`); the message names it.
    case configuration = 78

    /// What the status means, for `--help`.
    public var meaning: String {
        switch self {
        case .success: "clean shutdown (SIGTERM or SIGINT), or --help and --version"
        case .failure: "any other failure"
        case .usage: "an unknown command-line argument (configuration is read from the environment only)"
        case .unavailable: "could not start serving, e.g. the port is taken or cannot be bound"
        case .configuration: "a missing or malformed environment variable; the message names it"
        }
    }
}
