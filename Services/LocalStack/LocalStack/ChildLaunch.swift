import Foundation

/// Everything needed to start (and restart) one child process exactly the same way.
public struct ChildLaunch: Sendable {
    /// Which service it is.
    public var service: StackService
    /// The executable.
    public var executable: URL
    /// Command-line arguments (the services take none; configuration is in the environment).
    public var arguments: [String]
    /// The complete environment of the child (not merged with the launcher's).
    public var environment: [String: String]
    /// Where its standard output and error go (appended, so a restart keeps the earlier run's lines).
    public var logURL: URL

    /// A launch of `executable` for `service`.
    public init(
        service: StackService, executable: URL, arguments: [String] = [], environment: [String: String], logURL: URL
    ) {
        self.service = service
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.logURL = logURL
    }
}
