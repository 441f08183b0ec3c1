/// How webhook POSTs leave the simulator (libcurl in production, see ``CurlWebhookTransport``).
protocol WebhookTransport: Sendable {
    /// POSTs `body`; the receiver's status, or why there was none.
    func post(url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async -> WebhookPostResult
}

/// The outcome of one webhook POST.
enum WebhookPostResult: Sendable {
    /// The receiver answered with this HTTP status.
    case answered(status: Int)
    /// No answer: timeout, refused connection, …; a short secret-free reason.
    case failed(String)
}
