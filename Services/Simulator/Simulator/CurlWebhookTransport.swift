import CurlHTTP

/// Webhook POSTs over the project's libcurl client (one multi handle, reused connections).
struct CurlWebhookTransport: WebhookTransport {
    let client: CurlHTTPClient

    func post(url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async -> WebhookPostResult {
        let request = CurlRequest(
            method: "POST", url: url, headers: headers.map { CurlHeader(name: $0.0, value: $0.1) }, body: body,
            timeout: timeout)
        do {
            let response = try await client.execute(request)
            return .answered(status: response.status)
        } catch {
            if error.isTimeout { return .failed("timeout") }
            if error.isConnectFailure { return .failed("connect failed") }
            return .failed("transport error \(error.code)")
        }
    }
}
