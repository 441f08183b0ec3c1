import Foundation

/// Everything needed to start (and restart) one child process exactly the same way.
public struct ChildLaunch: Sendable {
    /// Where the child's standard error goes.
    public enum ErrorOutput: Sendable, Hashable {
        /// Into the log file, interleaved with standard output.
        case log
        /// Into a file of its own (appended).
        case file(URL)
        /// Nowhere (`/dev/null`).
        case discard
        /// This process's own standard error.
        case inherit
    }

    /// The child's name in messages and progress (`ingress`, `bot-worker-2`).
    public var name: String
    /// The executable.
    public var executable: URL
    /// Command-line arguments.
    public var arguments: [String]
    /// The complete environment of the child (not merged with the launcher's).
    public var environment: [String: String]
    /// Where its standard output goes (appended, so a restart keeps the earlier run's lines); its
    /// working directory is this file's folder.
    public var logURL: URL
    /// Where its standard error goes.
    public var errors: ErrorOutput

    /// A launch of `executable` named `name`.
    public init(
        name: String, executable: URL, arguments: [String] = [], environment: [String: String], logURL: URL,
        errors: ErrorOutput = .log
    ) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.logURL = logURL
        self.errors = errors
    }
}
