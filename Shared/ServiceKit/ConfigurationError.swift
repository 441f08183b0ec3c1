/// A configuration value that is missing or malformed.
///
/// Services read their configuration once at start-up and stop with this error, so a misconfigured
/// container fails fast with the variable named instead of running on a silent default.
/// The description names the variable and what was expected; it never repeats the value, which may
/// be a secret.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The environment variable (or configuration file field) at fault.
    public let variable: String
    /// What was wrong, e.g. "is required" or "must be an integer between 1 and 65535".
    public let problem: String

    /// Creates an error for `variable` with a short, secret-free `problem`.
    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "configuration: \(variable) \(problem)" }
}
