import HTTPTypes
import Hummingbird
import Logging
import MessengerPlatform
import NIOCore
import ServiceKit

/// The ingress's HTTP surface: the verification handshake and the webhook POST, on `/webhook`
/// and `/webhook/{app_id}`.
struct IngressRoutes: Sendable {
    let intake: WebhookIntake
    let apps: [MessengerApp]
    let maxBodyBytes: Int
    let retryAfterSeconds: Int
    /// What unfinished bodies may hold in memory together.
    let budget: ByteBudget
    let metrics: IngressMetrics
    let rejections: RejectionLog

    func register(on router: Router<BasicRequestContext>) {
        router.get("/webhook") { request, _ in handshake(request, appID: nil) }
        router.get("/webhook/:app_id") { request, context in
            handshake(request, appID: context.parameters.get("app_id"))
        }
        router.post("/webhook") { request, context in await post(request, context: context, appID: nil) }
        router.post("/webhook/:app_id") { request, context in
            await post(request, context: context, appID: context.parameters.get("app_id"))
        }
    }

    /// `GET`: answers the challenge when the mode is `subscribe` and the token is one of ours.
    private func handshake(_ request: Request, appID: String?) -> Response {
        let query = request.uri.queryParameters
        let mode = query.get("hub.mode")
        let token = query.get("hub.verify_token")
        let challenge = query.get("hub.challenge")
        let tokens = apps.filter { appID == nil || $0.id == appID }.compactMap { $0.verifyToken?.value }
        for expected in tokens {
            if case .accept(let answer) = WebhookHandshake.answer(
                mode: mode, verifyToken: token, challenge: challenge, expectedToken: expected)
            {
                return Response(
                    status: .ok, headers: [.contentType: "text/plain"],
                    body: .init(byteBuffer: ByteBuffer(string: answer)))
            }
        }
        return Response.json(status: .forbidden, #"{"error":"verification failed"}"#)
    }

    /// `POST`: rejects what the headers already rule out, reads at most the body limit within the
    /// body budget, then lets ``WebhookIntake`` decide.
    private func post(_ request: Request, context: BasicRequestContext, appID: String?) async -> Response {
        let start = ContinuousClock.now
        metrics.requestStarted()
        let answer = await answer(request, appID: appID)
        metrics.requestFinished(status: answer.status, duration: ContinuousClock.now - start)
        var headers: HTTPFields = [:]
        if answer.asksForRetry { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response.json(status: .init(code: answer.status), answer.body, headers: headers)
    }

    private func answer(_ request: Request, appID: String?) async -> IngressAnswer {
        let signature256 = request.headers[HTTPField.Name(WebhookSignature.sha256HeaderName)!]
        let signature1 = request.headers[HTTPField.Name(WebhookSignature.sha1HeaderName)!]
        // Before a byte of the body is read: nothing an unknown app or an unsigned request sends
        // is kept in memory.
        if let rejection = intake.rejectBeforeBody(
            pathAppID: appID, hasSignature: signature256 != nil || signature1 != nil)
        {
            return rejection
        }
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes {
            rejections.rejected("body_too_large", message: "webhook body over the size limit")
            return .bodyTooLarge
        }
        var reserved = 0
        defer { budget.release(reserved) }
        var buffer = ByteBuffer()
        do {
            // Chunk by chunk, so the limit holds for chunked bodies too (413, not 400) and every
            // byte kept is first reserved from the budget shared by all requests.
            for try await chunk in request.body {
                guard buffer.readableBytes + chunk.readableBytes <= maxBodyBytes else {
                    rejections.rejected("body_too_large", message: "webhook body over the size limit")
                    return .bodyTooLarge
                }
                guard budget.reserve(chunk.readableBytes) else {
                    metrics.rejected(reason: "body_budget")
                    rejections.rejected("body_budget", message: "body budget exhausted; answering 503")
                    return .overloaded
                }
                reserved += chunk.readableBytes
                var chunk = chunk
                buffer.writeBuffer(&chunk)
            }
        } catch {
            rejections.rejected("body_unreadable", message: "webhook body could not be read")
            return .badRequest
        }
        return await intake.receive(
            body: Array(buffer.readableBytesView),
            pathAppID: appID,
            signature256: signature256,
            signature1: signature1,
            traceparent: request.headers[HTTPField.Name(RecordHeaders.Name.traceparent)!]
        )
    }
}
