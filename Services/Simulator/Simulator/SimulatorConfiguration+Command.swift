import ServiceKit

extension SimulatorConfiguration {
    /// `handover-simulator` on the command line: what `--help` says and every variable it reads.
    public static let command = ServiceCommand(
        name: "handover-simulator",
        summary: "A local Messenger Platform for tests and the local stack: one page, its apps and their"
            + " thread control, the Graph API calls the workers make, and signed webhooks delivered with"
            + " Meta's retries; a control API drives users and inspects the transcript.",
        variables: environmentVariables)

    /// Every variable ``init(environment:)`` reads, with the defaults of a configuration built without them.
    public static var environmentVariables: [EnvironmentVariable] {
        let defaults = SimulatorConfiguration(host: environmentDefaultHost)
        let ms = EnvironmentVariable.milliseconds
        var variables: [EnvironmentVariable] = [
            EnvironmentVariable(
                name: "SIMULATOR_CONFIG", default: nil,
                meaning: "A JSON file of the page and its apps; the variables below override it."),
            EnvironmentVariable(
                name: "PORT", default: String(defaults.port), meaning: "Port of the simulator's server."),
            EnvironmentVariable(name: "SIMULATOR_HOST", default: defaults.host, meaning: "Address it listens on."),
            EnvironmentVariable(name: "SIMULATOR_PAGE_ID", default: defaults.pageID, meaning: "The page's id."),
            EnvironmentVariable(name: "SIMULATOR_PAGE_NAME", default: defaults.pageName, meaning: "The page's name."),
            EnvironmentVariable(
                name: "SIMULATOR_MODE", default: defaults.mode.rawValue,
                meaning: "The thread-control protocol: routing (Conversation Routing) or handover."),
            EnvironmentVariable(
                name: "SIMULATOR_IDLE_TIMEOUT_SECONDS", default: EnvironmentVariable.seconds(defaults.idleTimeout),
                meaning: "Under routing, how long an owner keeps an idle thread."),
            EnvironmentVariable(
                name: "SIMULATOR_DEFAULT_APP", default: defaults.hasDefaultApp ? "primary" : "none",
                meaning: "Under routing: primary (the primary app is the page's default app) or none."),
            EnvironmentVariable(
                name: "SIMULATOR_TAKE_RECEIVERS", default: defaults.takeReceivers.rawValue,
                meaning: "Who receives take_thread_control: previous_owner or every_app."),
            EnvironmentVariable(
                name: "SIMULATOR_REQUIRE_APPSECRET_PROOF", default: String(defaults.requireAppSecretProof),
                meaning: "Refuse Graph calls without a valid appsecret_proof."),
            EnvironmentVariable(
                name: "SIMULATOR_TAKE_ANSWER", default: defaults.takeAnswer.rawValue,
                meaning: "The answer to take_thread_control: success, thread_owner or alternating."),
            EnvironmentVariable(
                name: "SIMULATOR_ID_STYLE", default: defaults.idStyle.rawValue,
                meaning: "How app ids are written in payloads: meta, string or number."),
            EnvironmentVariable(
                name: "SIMULATOR_WEBHOOK_TIMEOUT_MS", default: ms(defaults.webhookTimeout),
                meaning: "Timeout of one webhook delivery."),
            EnvironmentVariable(
                name: "SIMULATOR_WEBHOOK_BATCH_SIZE", default: String(defaults.webhookBatchSize),
                meaning: "Most events one webhook body carries."),
            EnvironmentVariable(
                name: "SIMULATOR_WEBHOOK_RETRY_DELAYS_MS",
                default: defaults.webhookRetry.delays.map(ms).joined(separator: ","),
                meaning: "Comma-separated pauses before each webhook retry (Meta-like by default)."),
            EnvironmentVariable(
                name: "SIMULATOR_SIGN_SHA1", default: "false",
                meaning: "Sign the apps' webhooks with X-Hub-Signature (SHA-1) too."),
        ]
        for (prefix, role) in [("SIMULATOR_BOT", "the primary (default) app"), ("SIMULATOR_AGENT", "a secondary app")] {
            variables += [
                EnvironmentVariable(
                    name: prefix + "_APP_ID", default: nil, meaning: "The id of \(role); the variables below need it.")
            ]
            variables += EnvironmentVariable.secret(prefix + "_APP_SECRET", meaning: "Its app secret; required.")
            variables += EnvironmentVariable.secret(prefix + "_PAGE_TOKEN", meaning: "Its page access token; required.")
            variables += [
                EnvironmentVariable(
                    name: prefix + "_TOKEN", default: nil, meaning: "Shorthand of \(prefix)_PAGE_TOKEN."),
                EnvironmentVariable(name: prefix + "_APP_NAME", default: nil, meaning: "Its name."),
                EnvironmentVariable(
                    name: prefix + "_WEBHOOK_URL", default: nil, meaning: "Where its webhooks are delivered."),
            ]
        }
        return variables + EnvironmentVariable.logging
    }
}
