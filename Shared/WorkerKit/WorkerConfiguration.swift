import GraphAPI
import Kafka
import MessengerPlatform
import ServiceKit

/// Everything the worker runtime needs, with the defaults documented in the README
/// ("Adding a worker"). Read from the environment by ``init(serviceName:defaultPort:environment:requiresApp:)``;
/// tests build it directly.
public struct WorkerConfiguration: Sendable {
    /// The executable's name, e.g. `handover-bot-worker`: the default group id, the `dlq-worker`
    /// header, the HTTP server name.
    public var serviceName: String
    /// Address to listen on (`HOST`, default 0.0.0.0).
    public var host: String = "0.0.0.0"
    /// Idle and request read timeouts of the HTTP server, the same as every service's
    /// (`HTTP_IDLE_TIMEOUT_MS`, `HTTP_REQUEST_READ_TIMEOUT_MS`).
    public var httpLimits = HTTPServerLimits()
    /// Port of `/healthz`, `/readyz`, `/metrics` and handler routes (`PORT`; 0 picks a free one).
    public var port: Int
    /// The app this worker acts for: `MESSENGER_APP_ID`, and its secret (`MESSENGER_APP_SECRET` or
    /// `_FILE`), which keys `appsecret_proof`.
    public var app: MessengerApp
    /// The app's id (``app``).
    public var appID: AppID {
        get { app.appID }
        set { app.id = newValue.rawValue }
    }
    /// The app's secret (``app``).
    public var appSecret: Secret {
        get { app.secret }
        set { app.secret = newValue }
    }
    /// The Pages it acts on and their tokens (`MESSENGER_PAGE_ID` + `MESSENGER_PAGE_ACCESS_TOKEN`,
    /// or the `pages` of `HANDOVER_CONFIG`).
    public var pages: [PageAccess]
    /// Graph API endpoint and per-call retries (`GRAPH_API_URL`, `GRAPH_API_VERSION`,
    /// `GRAPH_API_ALLOW_PLAIN_HTTP`, `GRAPH_MAX_ATTEMPTS`, `GRAPH_TIMEOUT_MS`).
    public var graph: GraphAPIConfiguration
    /// Broker connection and librdkafka properties (`KAFKA_BROKERS`, `KAFKA_PROPERTY_*`).
    public var kafka: KafkaConfiguration
    /// Topic names (`KAFKA_TOPIC_PREFIX`).
    public var topics: MessengerTopics = MessengerTopics()
    /// The consumer group (`KAFKA_GROUP_ID`, default ``serviceName``).
    public var groupID: String
    /// Records handled at once, each of a different thread (`WORKER_CONCURRENCY`, default 64).
    /// Also the Graph client's connections per host, so concurrent calls do not queue for sockets.
    public var concurrency: Int = 64
    /// Records fetched but not finished at which fetching pauses (`WORKER_MAX_INFLIGHT`, default
    /// 16 × concurrency). Can be exceeded by at most one fetched batch.
    public var maxInflight: Int?
    /// How long SIGTERM waits for in-flight records before abandoning them
    /// (`WORKER_DRAIN_TIMEOUT_SECONDS`, default 20). Abandoned records are not committed, so the
    /// partition's next owner handles them.
    public var drainTimeout: Duration = .seconds(20)
    /// Attempts per record, the first included, for retriable failures (`WORKER_MAX_ATTEMPTS`, 5),
    /// with exponential backoff and full jitter (`WORKER_RETRY_BASE_MS` 500, `WORKER_RETRY_MAX_MS`
    /// 30000); a `Retry-After` is honoured.
    public var retry: RetryPolicy = RetryPolicy(
        maxAttempts: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(30), jitter: true,
        maxRetryAfter: .seconds(300))
    /// Failed dead-letter produces in a row after which the record's partition counts as stuck and
    /// the worker turns unready (`WORKER_DLQ_FAILURES_BEFORE_UNREADY`, default 5). The record is
    /// never dropped: its produce keeps being retried with the same capped backoff as ``retry``.
    public var deadLetterFailuresBeforeUnready: Int = 5
    /// Event ids remembered to skip duplicates (`WORKER_DEDUPE_WINDOW`, default 100000).
    public var dedupeWindow: Int = 100_000
    /// Threads whose owner is remembered (`WORKER_OWNERSHIP_CACHE`, default 100000).
    public var ownershipCacheSize: Int = 100_000
    /// How long a remembered owner is trusted without news (`WORKER_OWNERSHIP_TTL_SECONDS`, 3600).
    public var ownershipTimeToLive: Duration = .seconds(3600)
    /// The most records one fetched batch carries (`WORKER_BATCH_SIZE`, default 500).
    public var batchSize: Int = 500
    /// How long the broker may hold an empty fetch (`fetch.wait.max.ms`, default 10 ms: low
    /// latency, and the mock cluster answers fetches only at this bound); `KAFKA_PROPERTY_FETCH_WAIT_MAX_MS`
    /// overrides it.
    public var fetchWaitMax: Duration = .milliseconds(10)
    /// How often librdkafka reports statistics, the source of the lag metric (default 1 s).
    public var statisticsInterval: Duration = .seconds(1)
    /// How often stored offsets are committed (`WORKER_COMMIT_INTERVAL_MS`, default 200 ms). Work
    /// finished since the last commit is done again after a crash (SIGKILL, OOM), so a short
    /// interval keeps that window small; a commit is one small request to the coordinator.
    public var commitInterval: Duration = .milliseconds(200)
    /// On assignment, the most records per partition read ahead of the committed offset to find
    /// the echoes of side effects done before a crash (`WORKER_RECOVERY_SCAN_RECORDS`, default
    /// 10000; 0 turns the read-ahead off). See ``WorkerContext/once(_:_:)``.
    public var recoveryScanLimit: Int = 10_000
    /// How long that read-ahead may hold newly assigned partitions back
    /// (`WORKER_RECOVERY_TIMEOUT_MS`, default 5000).
    public var recoveryTimeout: Duration = .seconds(5)

    /// A configuration with defaults for everything not given.
    public init(
        serviceName: String, port: Int, appID: AppID, appSecret: Secret, pages: [PageAccess],
        kafka: KafkaConfiguration, graph: GraphAPIConfiguration? = nil, groupID: String? = nil
    ) {
        self.serviceName = serviceName
        self.port = port
        app = MessengerApp(id: appID.rawValue, secret: appSecret)
        self.pages = pages
        self.kafka = kafka
        self.graph = graph ?? GraphAPIConfiguration(appID: appID, appSecret: appSecret.value)
        self.groupID = groupID ?? serviceName
    }

    /// Attempts per record, the first included (`retry.maxAttempts`, `WORKER_MAX_ATTEMPTS`).
    public var maxAttempts: Int {
        get { retry.maxAttempts }
        set { retry.maxAttempts = newValue }
    }

    /// The consumer's prefetch bound, applied unless `KAFKA_PROPERTY_*` set the same properties:
    /// 8 MB and 5000 records, re-checked every 10 ms once full (librdkafka's default 64 MB makes a
    /// worker catching up on a backlog peak above 160 MiB; BENCHMARKS.md, item 5).
    public static let prefetchProperties: [String: String] = [
        "queued.max.messages.kbytes": "8192", "queued.min.messages": "5000", "fetch.queue.backoff.ms": "10",
    ]

    /// Records in flight at which fetching pauses.
    public var effectiveMaxInflight: Int { maxInflight ?? concurrency * 16 }
}
