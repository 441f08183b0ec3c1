import ServiceKit
import WorkerKit

extension AgentWorkerConfiguration {
    /// `handover-agent-worker` on the command line: what `--help` says and every variable it reads.
    public static let command = ServiceCommand(
        name: serviceName,
        summary: "The live-agent app: a desk where agents accept conversations from a queue, read their history"
            + " and reply, with timers, business hours and an audit log, through the agent API; events also go"
            + " to an external desk's signed webhook.",
        variables: WorkerConfiguration.environmentVariables(serviceName: serviceName, defaultPort: defaultPort)
            + environmentVariables + ConsoleConfiguration.environmentVariables)

    /// The variables ``init(environment:)`` reads beyond the worker runtime's.
    public static var environmentVariables: [EnvironmentVariable] {
        let desk = DeskConfiguration(url: "", secret: Secret(""))
        return [
            EnvironmentVariable(
                name: "PRIMARY_APP_ID", default: nil,
                meaning: "Required. The primary (default) app, the bot, that a hand-back passes control to.")
        ]
            + EnvironmentVariable.secret(
                "AGENT_API_TOKEN", meaning: "Required. The agent API's bearer token, at least 16 characters.")
            + [
                EnvironmentVariable(
                    name: "AGENT_DESK_URL", default: nil,
                    meaning: "The desk's webhook (http:// or https://); events are only logged when unset.")
            ]
            + EnvironmentVariable.secret(
                "AGENT_DESK_SECRET", meaning: "The HMAC key of X-Desk-Signature; required with AGENT_DESK_URL.")
            + [
                EnvironmentVariable(
                    name: "AGENT_DESK_MAX_ATTEMPTS", default: String(desk.maxAttempts),
                    meaning: "Attempts per desk event before it is given up."),
                EnvironmentVariable(
                    name: "AGENT_DESK_TIMEOUT_MS", default: EnvironmentVariable.milliseconds(desk.timeout),
                    meaning: "Timeout of one desk attempt."),
                EnvironmentVariable(
                    name: "AGENT_DESK_FILE", default: nil,
                    meaning:
                        "The desk file (JSON): agents and their tokens, assignment, timers, business hours, messages."),
                EnvironmentVariable(
                    name: "AGENT_DESK_SWEEP_MS", default: "1000",
                    meaning: "How often the desk's timers (offers, queue, silence, lapses) run."),
            ]
            + EnvironmentVariable.secret(
                "AGENT_STORE_URL",
                meaning:
                    "The desk's store: sqlite:PATH (one replica; default \(defaultStoreURL)) or postgres://user:password@host:port/db (several)."
            )
            + [
                EnvironmentVariable(
                    name: "THREAD_CONTROL_MODE", default: ThreadControlMode.defaultMode,
                    meaning: "The page's protocol: routing (Conversation Routing) or handover."),
                EnvironmentVariable(
                    name: "PAGE_DEFAULT_APP", default: ThreadControlMode.defaultPageDefaultApp,
                    meaning: "Under routing: primary (PRIMARY_APP_ID is the page's default app) or none."),
            ]
    }
}
