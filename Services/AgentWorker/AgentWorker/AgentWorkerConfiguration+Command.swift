import ServiceKit
import WorkerKit

extension AgentWorkerConfiguration {
    /// `handover-agent-worker` on the command line: what `--help` says and every variable it reads.
    public static let command = ServiceCommand(
        name: serviceName,
        summary: "The live-agent app: forwards the conversations it owns to an agent desk (signed webhooks),"
            + " and serves the agent API through which agents reply, take threads and hand them back to the bot.",
        variables: WorkerConfiguration.environmentVariables(serviceName: serviceName, defaultPort: defaultPort)
            + environmentVariables)

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
                    name: "THREAD_CONTROL_MODE", default: ThreadControlMode.defaultMode,
                    meaning: "The page's protocol: routing (Conversation Routing) or handover."),
                EnvironmentVariable(
                    name: "PAGE_DEFAULT_APP", default: ThreadControlMode.defaultPageDefaultApp,
                    meaning: "Under routing: primary (PRIMARY_APP_ID is the page's default app) or none."),
            ]
    }
}
