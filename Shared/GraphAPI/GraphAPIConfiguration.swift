import MessengerPlatform

/// Where and as which app a `ThreadControlClient` calls the Graph API.
public struct GraphAPIConfiguration: Sendable {
    /// Scheme and host, without a path: Meta's, or the local simulator's.
    public var baseURL: String
    /// The Graph API version in paths, e.g. `v23.0`.
    public var version: String
    /// The app this client acts as.
    public var appID: AppID
    /// The app secret: keys `appsecret_proof`; never logged.
    public var appSecret: String
    /// Retries of transient failures.
    public var retry: RetryPolicy
    /// The timeout of one attempt.
    public var timeout: Duration
    /// Whether `baseURL` may be plain `http://` (the token is in every call): `https://` only by default.
    public var plainHTTP: PlainHTTPPolicy

    /// Creates a configuration.
    public init(
        baseURL: String = "https://graph.facebook.com", version: String = "v23.0", appID: AppID,
        appSecret: String, retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(10),
        plainHTTP: PlainHTTPPolicy = .refuse
    ) {
        self.plainHTTP = plainHTTP
        self.baseURL = baseURL
        self.version = version
        self.appID = appID
        self.appSecret = appSecret
        self.retry = retry
        self.timeout = timeout
    }
}

extension GraphAPIConfiguration: CustomStringConvertible {
    /// Names the app and the endpoint; never the secret.
    public var description: String {
        "GraphAPIConfiguration(baseURL: \(baseURL), version: \(version), appID: \(appID), plainHTTP: \(plainHTTP.rawValue), appSecret: <redacted>)"
    }
}
