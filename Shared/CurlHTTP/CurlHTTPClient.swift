/// An async HTTP client on one libcurl multi handle driven by one dedicated thread.
///
/// Many requests run at once over kept-alive, reused connections (HTTP/2 multiplexed where the
/// server offers it over TLS); at most `maxConnectionsPerHost` connections go to one host and
/// further transfers wait for a free one. No thread is blocked per request.
///
/// ```swift
/// let http = CurlHTTPClient()
/// let response = try await http.execute(CurlRequest(url: "http://127.0.0.1:8070/healthz"))
/// ```
public final class CurlHTTPClient: Sendable {
    /// The settings this client was created with.
    public let configuration: Configuration
    private let loop: CurlMultiLoop

    /// Creates a client and starts its multi thread.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        self.loop = CurlMultiLoop(configuration: configuration)
        loop.start()
    }

    deinit {
        loop.shutdown()
    }

    /// Runs one request and returns the complete response, whatever its HTTP status.
    ///
    /// Throws a `CurlError` when no response arrives: connect failure, timeout, the calling task
    /// being cancelled (the transfer is removed at once) or the client being shut down.
    public func execute(_ request: CurlRequest) async throws(CurlError) -> CurlResponse {
        let loop = self.loop
        let id = loop.nextID()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.submit(CurlTransfer(id: id, request: request, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
        return try result.get()
    }

    /// Connections opened so far; with reuse this stays far below the number of requests.
    public var connectionsOpened: Int { loop.connectionsOpened }

    /// Stops the multi thread and closes every connection; queued and running requests fail with a
    /// `CurlError` whose `isShutdown` is true, and later requests fail the same way at once.
    public func shutdown() {
        loop.shutdown()
    }
}
