import Kafka
import ServiceKit

extension IngressConfiguration {
    /// The executable's name and the label of its logger.
    public static let serviceName = "handover-ingress"

    /// `handover-ingress` on the command line: what `--help` says and every variable it reads.
    public static let command = ServiceCommand(
        name: serviceName,
        summary: "Receives Messenger webhooks, verifies their signatures and publishes every event to Kafka"
            + " by kind (messages, standby, handovers, app_role), answering Meta only once the broker has"
            + " acknowledged them.",
        variables: environmentVariables)

    /// Every variable ``init(environment:)`` reads, with the defaults of a configuration built without them.
    public static var environmentVariables: [EnvironmentVariable] {
        let defaults = IngressConfiguration(apps: [], kafka: KafkaConfiguration(environment: [:]))
        let apps: [EnvironmentVariable] =
            [
                EnvironmentVariable(
                    name: "HANDOVER_CONFIG", default: nil,
                    meaning: "A JSON file of apps (id, secret, verify token); with or instead of MESSENGER_APP_ID."),
                EnvironmentVariable(
                    name: "MESSENGER_APP_ID", default: nil,
                    meaning: "The app whose webhooks are accepted. Required unless HANDOVER_CONFIG lists apps."),
            ]
            + EnvironmentVariable.secret(
                "MESSENGER_APP_SECRET",
                meaning: "The app secret that signs its webhooks; required with MESSENGER_APP_ID.")
            + EnvironmentVariable.secret(
                "MESSENGER_VERIFY_TOKEN", meaning: "The token Meta's subscription handshake (GET) must present.")
            + [
                EnvironmentVariable(
                    name: "INGRESS_ALLOW_SHA1", default: "false",
                    meaning: "Accept bodies signed only with X-Hub-Signature (SHA-1).")
            ]
        let limits: [EnvironmentVariable] = [
            EnvironmentVariable(
                name: "INGRESS_MAX_BODY_BYTES", default: String(defaults.maxBodyBytes),
                meaning: "Largest body accepted; a larger one is answered 413."),
            EnvironmentVariable(
                name: "INGRESS_ACK_TIMEOUT_MS", default: EnvironmentVariable.milliseconds(defaults.ackTimeout),
                meaning: "How long a request waits for the broker's acknowledgement before it is answered 503"
                    + " (also librdkafka's message.timeout.ms)."),
            EnvironmentVariable(
                name: "INGRESS_RETRY_AFTER_SECONDS", default: String(defaults.retryAfterSeconds),
                meaning: "Retry-After of a 503."),
            EnvironmentVariable(
                name: "INGRESS_BODY_BUDGET_BYTES", default: String(defaults.bodyBudgetBytes),
                meaning: "What all bodies being received may hold in memory together; past it, 503."),
            EnvironmentVariable(
                name: "INGRESS_MAX_ITEMS_PER_BODY", default: String(defaults.maxItemsPerBody),
                meaning: "Most events one body may carry; a signed body with more goes whole to the dead-letter topic."),
        ]
        return apps + EnvironmentVariable.service(defaultPort: defaults.port, defaultHost: defaults.host) + limits
            + EnvironmentVariable.httpServer + EnvironmentVariable.logging + EnvironmentVariable.kafka
    }
}
