/// Why launching, probing or stopping a child process failed. The message names the program, port
/// or log file at fault and never a secret.
public struct LaunchError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is, for callers that react differently (e.g. a busy port).
    public enum Kind: String, Sendable {
        /// A port is taken by another process.
        case portInUse
        /// Asking the kernel about ports failed.
        case portProbe
        /// The executable does not exist or is not executable.
        case executableMissing
        /// The child could not be started.
        case launchFailed
        /// The child exited before it was ready.
        case exitedEarly
        /// The child did not become ready in time.
        case notReady
        /// The log file could not be written.
        case files
    }

    /// What kind of failure it is.
    public let kind: Kind
    /// A short, secret-free explanation.
    public let message: String

    /// A failure of `kind`, explained by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
