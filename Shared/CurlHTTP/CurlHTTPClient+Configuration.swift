extension CurlHTTPClient {
    /// Tuning for one client (one multi handle, one connection cache).
    public struct Configuration: Sendable {
        /// Most connections open to one host at once; further transfers wait for a free one.
        public var maxConnectionsPerHost: Int
        /// Time allowed to establish a connection (TCP and TLS).
        public var connectTimeout: Duration
        /// Whole-transfer timeout for requests that set none.
        public var defaultTimeout: Duration
        /// The `User-Agent` header sent with every request.
        public var userAgent: String
        /// Largest response body accepted; a larger one fails the transfer with
        /// ``CurlError/isResponseTooLarge`` instead of growing memory without bound.
        public var maxResponseBytes: Int

        /// Creates a configuration; the defaults suit calls to the Graph API.
        public init(
            maxConnectionsPerHost: Int = 8, connectTimeout: Duration = .seconds(5),
            defaultTimeout: Duration = .seconds(10), userAgent: String = "messenger-handover/1.0",
            maxResponseBytes: Int = 8 << 20
        ) {
            self.maxResponseBytes = maxResponseBytes
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.connectTimeout = connectTimeout
            self.defaultTimeout = defaultTimeout
            self.userAgent = userAgent
        }
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 for a positive duration (libcurl reads 0 as "no timeout").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return self > .zero ? max(1, Int(millis)) : 0
    }
}
