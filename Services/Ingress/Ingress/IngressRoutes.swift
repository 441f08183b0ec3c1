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
    let apps: [IngressApp]
    let maxBodyBytes: Int
    let retryAfterSeconds: Int
    let metrics: IngressMetrics

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

    /// `POST`: reads at most the body limit, then lets ``WebhookIntake`` decide.
    private func post(_ request: Request, context: BasicRequestContext, appID: String?) async -> Response {
        let start = ContinuousClock.now
        metrics.requestStarted()
        let answer = await answer(request, appID: appID)
        metrics.requestFinished(status: answer.status, duration: ContinuousClock.now - start)
        var headers: HTTPFields = [:]
        if answer == .brokerUnavailable { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response.json(status: .init(code: answer.status), answer.body, headers: headers)
    }

    private func answer(_ request: Request, appID: String?) async -> IngressAnswer {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes {
            return .bodyTooLarge
        }
        let buffer: ByteBuffer
        do {
            // Stops reading, and throws, as soon as the body passes the limit.
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return .bodyTooLarge
        } catch {
            return .badRequest
        }
        return await intake.receive(
            body: Array(buffer.readableBytesView),
            pathAppID: appID,
            signature256: request.headers[HTTPField.Name("X-Hub-Signature-256")!],
            signature1: request.headers[HTTPField.Name("X-Hub-Signature")!],
            traceparent: request.headers[HTTPField.Name("traceparent")!]
        )
    }
}
