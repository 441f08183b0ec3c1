import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A Graph endpoint stand-in that answers with scripted responses — Meta's exact error bodies for
/// cases the simulator's rules cannot produce (messaging window, automated flow, user unavailable,
/// code 4 / 1200 / 551 …) — and records every request as received, checking `appsecret_proof`
/// against a value computed independently (Python's `hmac`).
final class MetaReplayServer: Sendable {
    /// One scripted answer.
    struct Answer: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: String

        init(status: Int = 200, headers: [(String, String)] = [], body: String) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// Meta's error body for `code` / `subcode`.
        static func error(
            status: Int = 400, code: Int, subcode: Int? = nil, message: String = "(#100) error",
            headers: [(String, String)] = []
        ) -> Answer {
            let sub = subcode.map { ",\"error_subcode\":\($0)" } ?? ""
            return Answer(
                status: status, headers: headers,
                body:
                    "{\"error\":{\"message\":\"\(message)\",\"type\":\"OAuthException\",\"code\":\(code)\(sub),\"fbtrace_id\":\"AbCdEf12345\"}}"
            )
        }
    }

    /// One request as the server saw it.
    struct Received: Sendable {
        var method: String
        var path: String
        var query: [String: String]
        var contentType: String?
        var traceparent: String?
        var body: [UInt8]
    }

    static let token = "replay-token"
    static let secret = "replay-secret"
    /// HMAC-SHA256(key "replay-secret", "replay-token"), by Python's hmac module.
    static let expectedProof = "f1fdaec840fe2d8e9af55cdd0b367675de50d905380541a7491f1d4439edc03d"

    private let state = Mutex<(answers: [Answer], received: [Received])>(([], []))

    /// Answers the next requests with `answers`, in order; afterwards `{"success":true}`.
    func script(_ answers: [Answer]) {
        state.withLock { $0.answers = answers }
    }

    /// Every request received so far.
    var received: [Received] { state.withLock { $0.received } }

    /// The router serving `/{version}/me` and `/{version}/me/{edge}`.
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        for path in ["/:version/me", "/:version/me/:edge"] {
            for method in [HTTPRequest.Method.get, .post] {
                router.on(RouterPath(path), method: method) { [self] request, context in
                    try await answer(request, context)
                }
            }
        }
        return router
    }

    private func answer(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let received = Received(
            method: request.method.rawValue, path: request.uri.path, query: query,
            contentType: request.headers[.contentType], traceparent: request.headers[HTTPField.Name("traceparent")!],
            body: Array(body.readableBytesView))
        let next: Answer = state.withLock { state in
            state.received.append(received)
            guard query["access_token"] == Self.token, query["appsecret_proof"] == Self.expectedProof else {
                return .error(code: 190, message: "Invalid appsecret_proof provided in the API argument")
            }
            return state.answers.isEmpty ? Answer(body: "{\"success\":true}") : state.answers.removeFirst()
        }
        var headers = HTTPFields()
        if !next.body.isEmpty { headers[.contentType] = "application/json; charset=UTF-8" }
        for (name, value) in next.headers { headers[HTTPField.Name(name)!] = value }
        return Response(
            status: .init(code: next.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: next.body)))
    }
}
