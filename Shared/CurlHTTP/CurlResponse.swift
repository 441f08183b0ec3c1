/// A complete HTTP response: status, header fields and the whole body.
public struct CurlResponse: Sendable {
    /// The HTTP status code of the final response.
    public var status: Int
    /// Header fields of the final response, in the order received.
    public var headers: [CurlHeader]
    /// The body, decoded from any content encoding.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [CurlHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header field called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
