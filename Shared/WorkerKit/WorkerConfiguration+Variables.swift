import GraphAPI
import Kafka
import MessengerPlatform
import ServiceKit

extension WorkerConfiguration {
    /// Every variable ``init(serviceName:defaultPort:environment:requiresApp:)`` reads, for a
    /// worker's `--help`: the app and pages, the HTTP server, logging, Kafka, the Graph API and the
    /// runtime, with the defaults of a configuration built without them.
    public static func environmentVariables(
        serviceName: String, defaultPort: Int, requiresApp: Bool = true
    ) -> [EnvironmentVariable] {
        appVariables(requiresApp: requiresApp) + EnvironmentVariable.service(defaultPort: defaultPort)
            + EnvironmentVariable.httpServer + EnvironmentVariable.logging + EnvironmentVariable.kafka
            + [
                EnvironmentVariable(
                    name: "KAFKA_GROUP_ID", default: serviceName,
                    meaning: "The consumer group; workers of one group share the partitions.")
            ] + graphVariables + runtimeVariables
    }

    /// `HANDOVER_CONFIG` and the `MESSENGER_*` variables of the app and its pages.
    static func appVariables(requiresApp: Bool) -> [EnvironmentVariable] {
        let need =
            requiresApp ? "Required unless HANDOVER_CONFIG gives it." : "Optional: this worker makes no Graph calls."
        return [
            EnvironmentVariable(
                name: "HANDOVER_CONFIG", default: nil,
                meaning:
                    "A JSON file of apps (id, secret) and pages (id, access token), instead of the variables below."),
            EnvironmentVariable(
                name: "MESSENGER_APP_ID", default: nil, meaning: "The app this worker acts for. " + need),
        ] + EnvironmentVariable.secret("MESSENGER_APP_SECRET", meaning: "The app secret. " + need)
            + [
                EnvironmentVariable(
                    name: "MESSENGER_PAGE_ID", default: nil,
                    meaning: "The page the worker acts on; required with MESSENGER_PAGE_ACCESS_TOKEN.")
            ]
            + EnvironmentVariable.secret(
                "MESSENGER_PAGE_ACCESS_TOKEN", meaning: "The page's access token. " + need)
    }

    /// The Graph API client's variables.
    static var graphVariables: [EnvironmentVariable] {
        let graph = GraphAPIConfiguration(appID: AppID(""), appSecret: "")
        return [
            EnvironmentVariable(
                name: "GRAPH_API_URL", default: graph.baseURL,
                meaning: "Scheme and host of the Graph API (the simulator's, locally); https:// unless"
                    + " GRAPH_API_ALLOW_PLAIN_HTTP allows http://."),
            EnvironmentVariable(
                name: "GRAPH_API_ALLOW_PLAIN_HTTP", default: graph.plainHTTP.rawValue,
                meaning: "no, loopback (http:// to 127.0.0.1 or localhost) or any-host."),
            EnvironmentVariable(
                name: "GRAPH_API_VERSION", default: graph.version, meaning: "Version in Graph API paths."),
            EnvironmentVariable(
                name: "GRAPH_MAX_ATTEMPTS", default: String(graph.retry.maxAttempts),
                meaning: "Attempts per Graph call (1-20) made outside a record's handling; while a record is"
                    + " handled each call is one attempt and WORKER_MAX_ATTEMPTS is the budget."),
            EnvironmentVariable(
                name: "GRAPH_TIMEOUT_MS", default: EnvironmentVariable.milliseconds(graph.timeout),
                meaning: "Timeout of one Graph call attempt."),
        ]
    }

    /// The worker runtime's `WORKER_*` variables.
    static var runtimeVariables: [EnvironmentVariable] {
        let defaults = WorkerConfiguration(
            serviceName: "", port: 0, appID: AppID(""), appSecret: Secret(""), pages: [],
            kafka: KafkaConfiguration(environment: [:]))
        let ms = EnvironmentVariable.milliseconds
        let seconds = EnvironmentVariable.seconds
        return [
            EnvironmentVariable(
                name: "WORKER_CONCURRENCY", default: String(defaults.concurrency),
                meaning: "Records handled at once, each of a different thread."),
            EnvironmentVariable(
                name: "WORKER_MAX_INFLIGHT", default: "16 x WORKER_CONCURRENCY",
                meaning: "Records fetched but not finished at which fetching pauses."),
            EnvironmentVariable(
                name: "WORKER_DRAIN_TIMEOUT_SECONDS", default: seconds(defaults.drainTimeout),
                meaning: "How long SIGTERM waits for in-flight records."),
            EnvironmentVariable(
                name: "WORKER_COMMIT_INTERVAL_MS", default: ms(defaults.commitInterval),
                meaning: "How often finished offsets are committed."),
            EnvironmentVariable(
                name: "WORKER_MAX_ATTEMPTS", default: String(defaults.retry.maxAttempts),
                meaning: "Attempts per record for retriable failures, before the dead-letter topic."),
            EnvironmentVariable(
                name: "WORKER_RETRY_BASE_MS", default: ms(defaults.retry.baseDelay),
                meaning: "First retry delay; doubles each retry, with full jitter."),
            EnvironmentVariable(
                name: "WORKER_RETRY_MAX_MS", default: ms(defaults.retry.maxDelay),
                meaning: "Longest retry delay."),
            EnvironmentVariable(
                name: "WORKER_DLQ_FAILURES_BEFORE_UNREADY", default: String(defaults.deadLetterFailuresBeforeUnready),
                meaning: "Failed dead-letter produces in a row after which the worker turns unready."),
            EnvironmentVariable(
                name: "WORKER_DEDUPE_WINDOW", default: String(defaults.dedupeWindow),
                meaning: "Event ids remembered to skip duplicates (0: off)."),
            EnvironmentVariable(
                name: "WORKER_OWNERSHIP_CACHE", default: String(defaults.ownershipCacheSize),
                meaning: "Threads whose owner is remembered."),
            EnvironmentVariable(
                name: "WORKER_OWNERSHIP_TTL_SECONDS", default: seconds(defaults.ownershipTimeToLive),
                meaning: "How long a remembered owner is trusted without news."),
            EnvironmentVariable(
                name: "WORKER_BATCH_SIZE", default: String(defaults.batchSize),
                meaning: "The most records one fetched batch carries."),
            EnvironmentVariable(
                name: "WORKER_RECOVERY_SCAN_RECORDS", default: String(defaults.recoveryScanLimit),
                meaning:
                    "Records per partition read ahead on assignment to find side effects done before a crash (0: off)."),
            EnvironmentVariable(
                name: "WORKER_RECOVERY_TIMEOUT_MS", default: ms(defaults.recoveryTimeout),
                meaning: "How long that read-ahead may hold newly assigned partitions back."),
        ]
    }
}
