/// One HTTP request to run on a `CurlHTTPClient`.
public struct CurlRequest: Sendable {
    /// The method, e.g. `GET`, `POST`, `DELETE`.
    public var method: String
    /// The absolute URL, including the query string.
    public var url: String
    /// Header fields sent in this order.
    public var headers: [CurlHeader]
    /// The body; `nil` sends none.
    public var body: [UInt8]?
    /// The whole-transfer timeout; `nil` uses the client's `defaultTimeout`.
    public var timeout: Duration?

    /// Creates a request.
    public init(
        method: String = "GET", url: String, headers: [CurlHeader] = [], body: [UInt8]? = nil,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
