import ServiceKit

/// The agent console's settings (`AGENT_CONSOLE_*`).
public struct ConsoleConfiguration: Sendable {
    /// How long a sign-in lasts (`AGENT_CONSOLE_SESSION_MINUTES`, default 12 hours).
    public var sessionLifetime: Duration = .seconds(12 * 3600)
    /// Whether the session cookie is `Secure` (`AGENT_CONSOLE_SECURE_COOKIE`, default true): sent
    /// over HTTPS only. Only a console reached over plain HTTP on a developer's machine turns it off.
    public var secureCookie = true
    /// How often live updates look for changes in the store (`AGENT_CONSOLE_POLL_MS`, default 250).
    public var pollInterval: Duration = .milliseconds(250)

    /// The defaults.
    public init() {}

    /// Reads `AGENT_CONSOLE_*`; throws naming the first bad variable.
    public init(environment: ServiceEnvironment) throws(ConfigurationError) {
        let minutes = try environment.int("AGENT_CONSOLE_SESSION_MINUTES", default: 720, in: 1...10_080)
        sessionLifetime = .seconds(minutes * 60)
        secureCookie = try environment.bool("AGENT_CONSOLE_SECURE_COOKIE", default: true)
        pollInterval = try environment.milliseconds("AGENT_CONSOLE_POLL_MS", default: pollInterval, in: 50...10_000)
    }

    /// The variables ``init(environment:)`` reads, for `--help`.
    static var environmentVariables: [EnvironmentVariable] {
        [
            EnvironmentVariable(
                name: "AGENT_CONSOLE_SESSION_MINUTES", default: "720",
                meaning: "How long an agent's console sign-in lasts (1 to 10080)."),
            EnvironmentVariable(
                name: "AGENT_CONSOLE_SECURE_COOKIE", default: "true",
                meaning:
                    "Whether the console's session cookie is Secure (HTTPS only); false only for plain-HTTP development."
            ),
            EnvironmentVariable(
                name: "AGENT_CONSOLE_POLL_MS", default: "250",
                meaning: "How often the console's live updates look for changes in the desk's store."),
        ]
    }
}
