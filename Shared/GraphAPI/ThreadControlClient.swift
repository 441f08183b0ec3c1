import CurlHTTP
import Logging
import MessengerPlatform
import Metrics

/// The thread-control and Send API client for one Page, acting as one app.
///
/// Every call carries the Page access token and `appsecret_proof` in the query string, sends JSON,
/// maps Meta's errors to `GraphAPIError` kinds, retries retriable failures under the configured
/// `RetryPolicy` and counts every attempt in `graph_calls_total{endpoint,outcome}`.
///
/// ```swift
/// let client = ThreadControlClient(
///     configuration: GraphAPIConfiguration(appID: "1234", appSecret: secret),
///     page: PageAccess(pageID: "5678", accessToken: token),
///     http: CurlHTTPClient(), metrics: serviceMetrics.factory, logger: logger)
/// try await client.passThreadControlToPageInbox(userID: psid, metadata: "customer asked for help")
/// ```
public final class ThreadControlClient: Sendable {
    /// Endpoint, app and retry settings.
    public let configuration: GraphAPIConfiguration
    /// The Page this client acts on.
    public let page: PageAccess
    let http: CurlHTTPClient
    let metrics: GraphCallMetrics
    let logger: Logger
    /// `{baseURL}/{version}/me`.
    let pageURL: String
    /// `access_token=…&appsecret_proof=…`, built once: the token never changes for this client.
    let credentials: String
    /// Why no call may be sent (the token would cross plain HTTP), or `nil`.
    let transportRefusal: String?

    /// Creates a client; `http` may be shared by every client of the process.
    public init(
        configuration: GraphAPIConfiguration, page: PageAccess, http: CurlHTTPClient,
        metrics: any MetricsFactory, logger: Logger
    ) {
        self.configuration = configuration
        self.page = page
        self.http = http
        self.metrics = GraphCallMetrics(factory: metrics)
        var logger = logger
        logger[metadataKey: "page.id"] = .string(page.pageID)
        self.logger = logger
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        var version = configuration.version
        while version.hasPrefix("/") { version.removeFirst() }
        if !version.hasPrefix("v") { version = "v" + version }
        self.pageURL = "\(base)/\(version)/me"
        let proof = AppSecretProof.make(accessToken: page.accessToken, appSecret: configuration.appSecret)
        self.credentials = GraphQuery.encode([("access_token", page.accessToken), ("appsecret_proof", proof)])
        self.transportRefusal = configuration.plainHTTP.refusal(baseURL: base)
    }

    /// The app this client acts as.
    public var appID: AppID { configuration.appID }
}
