import GraphAPI
import Kafka
import MessengerPlatform
import ServiceKit

extension WorkerConfiguration {
    /// Reads the environment; throws a `ConfigurationError` naming the first bad variable.
    ///
    /// `requiresApp: false` is for observers (the audit worker) that make no Graph calls: then
    /// `MESSENGER_APP_ID`, the secret and the page token may be absent.
    public init(
        serviceName: String, defaultPort: Int, environment: ServiceEnvironment, requiresApp: Bool = true
    ) throws {
        let file = try environment.string("HANDOVER_CONFIG").map { try HandoverConfigFile.load(path: $0) }
        let appID: String
        if let id = environment.string("MESSENGER_APP_ID") {
            appID = id
        } else if let apps = file?.apps, apps.count == 1 {
            appID = apps[0].id
        } else if requiresApp {
            throw ConfigurationError(
                variable: "MESSENGER_APP_ID", problem: "is required (or exactly one app in HANDOVER_CONFIG)")
        } else {
            appID = ""
        }
        var secret = try environment.secret("MESSENGER_APP_SECRET")
        if secret == nil { secret = file?.apps.first { $0.id == appID }?.secret }
        if secret == nil && requiresApp {
            throw ConfigurationError(
                variable: "MESSENGER_APP_SECRET",
                problem: "is required (or MESSENGER_APP_SECRET_FILE, or HANDOVER_CONFIG)")
        }

        var pages = (file?.pages ?? []).map { PageAccess(pageID: $0.id, accessToken: $0.accessToken.value) }
        let token = try environment.secret("MESSENGER_PAGE_ACCESS_TOKEN")
        switch (environment.string("MESSENGER_PAGE_ID"), token) {
        case (.some(let pageID), .some(let token)):
            pages.removeAll { $0.pageID == pageID }
            pages.append(PageAccess(pageID: pageID, accessToken: token.value))
        case (nil, .some):
            throw ConfigurationError(
                variable: "MESSENGER_PAGE_ID", problem: "is required with MESSENGER_PAGE_ACCESS_TOKEN")
        case (_, nil):
            break
        }
        if pages.isEmpty && requiresApp {
            throw ConfigurationError(
                variable: "MESSENGER_PAGE_ACCESS_TOKEN",
                problem: "is required with MESSENGER_PAGE_ID (or pages in HANDOVER_CONFIG)")
        }

        self.init(
            serviceName: serviceName, port: try environment.port(default: defaultPort), appID: AppID(appID),
            appSecret: secret ?? Secret(""), pages: pages,
            kafka: try environment.kafkaConfiguration(),
            groupID: environment.string("KAFKA_GROUP_ID"))
        host = environment.string("HOST", default: host)
        httpLimits = try HTTPServerLimits(environment: environment)
        topics = MessengerTopics(environment: environment)
        graph.baseURL = environment.string("GRAPH_API_URL", default: graph.baseURL)
        graph.plainHTTP = try environment.choice("GRAPH_API_ALLOW_PLAIN_HTTP", default: graph.plainHTTP)
        if let refusal = graph.plainHTTP.refusal(baseURL: graph.baseURL) {
            throw ConfigurationError(
                variable: "GRAPH_API_URL",
                problem: "is refused: \(refusal) (GRAPH_API_ALLOW_PLAIN_HTTP=loopback or any-host allows it,"
                    + " for local development)")
        }
        graph.version = environment.string("GRAPH_API_VERSION", default: graph.version)
        graph.retry.maxAttempts = try environment.int(
            "GRAPH_MAX_ATTEMPTS", default: graph.retry.maxAttempts, in: 1...20)
        graph.timeout = try environment.milliseconds("GRAPH_TIMEOUT_MS", default: graph.timeout, in: 100...120_000)
        concurrency = try environment.int("WORKER_CONCURRENCY", default: concurrency, in: 1...4_096)
        if environment.string("WORKER_MAX_INFLIGHT") != nil {
            maxInflight = try environment.int("WORKER_MAX_INFLIGHT", default: 0, in: 1...1_000_000)
        }
        drainTimeout = try environment.seconds("WORKER_DRAIN_TIMEOUT_SECONDS", default: drainTimeout, in: 0...3_600)
        commitInterval = try environment.milliseconds(
            "WORKER_COMMIT_INTERVAL_MS", default: commitInterval, in: 10...60_000)
        retry.maxAttempts = try environment.int("WORKER_MAX_ATTEMPTS", default: retry.maxAttempts, in: 1...100)
        retry.baseDelay = try environment.milliseconds(
            "WORKER_RETRY_BASE_MS", default: retry.baseDelay, in: 1...600_000)
        retry.maxDelay = try environment.milliseconds("WORKER_RETRY_MAX_MS", default: retry.maxDelay, in: 1...3_600_000)
        deadLetterFailuresBeforeUnready = try environment.int(
            "WORKER_DLQ_FAILURES_BEFORE_UNREADY", default: deadLetterFailuresBeforeUnready, in: 1...1_000)
        dedupeWindow = try environment.int("WORKER_DEDUPE_WINDOW", default: dedupeWindow, in: 0...10_000_000)
        ownershipCacheSize = try environment.int(
            "WORKER_OWNERSHIP_CACHE", default: ownershipCacheSize, in: 1...10_000_000)
        ownershipTimeToLive = try environment.seconds(
            "WORKER_OWNERSHIP_TTL_SECONDS", default: ownershipTimeToLive, in: 1...604_800)
        batchSize = try environment.int("WORKER_BATCH_SIZE", default: batchSize, in: 1...100_000)
        recoveryScanLimit = try environment.int(
            "WORKER_RECOVERY_SCAN_RECORDS", default: recoveryScanLimit, in: 0...10_000_000)
        recoveryTimeout = try environment.milliseconds(
            "WORKER_RECOVERY_TIMEOUT_MS", default: recoveryTimeout, in: 100...600_000)
    }
}
