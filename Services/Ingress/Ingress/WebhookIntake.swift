import Crypto
import Foundation
import Kafka
import Logging
import MessengerPlatform
import ServiceKit

/// Verifies one webhook body, splits it into one record per event, and publishes the records,
/// answering only when the broker holds every one of them.
///
/// This is the ingress's behaviour without HTTP: the routes only read headers and the body and turn
/// the ``IngressAnswer`` into a response.
public struct WebhookIntake: Sendable {
    let apps: [MessengerApp]
    let appsByID: [String: MessengerApp]
    let topics: MessengerTopics
    let maxItemsPerBody: Int
    let publisher: EventPublisher
    let metrics: IngressMetrics
    let rejections: RejectionLog
    let logger: Logger

    init(
        configuration: IngressConfiguration, publisher: EventPublisher, metrics: IngressMetrics,
        rejections: RejectionLog, logger: Logger
    ) {
        apps = configuration.apps
        appsByID = Dictionary(configuration.apps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        topics = configuration.topics
        maxItemsPerBody = configuration.maxItemsPerBody
        self.publisher = publisher
        self.metrics = metrics
        self.rejections = rejections
        self.logger = logger
    }

    /// The answer the request line and headers alone decide (an unknown app: 404; no signature
    /// header: 401), so the body of such a request is never read; nil when the body is needed.
    func rejectBeforeBody(pathAppID: String?, hasSignature: Bool) -> IngressAnswer? {
        if let pathAppID, appsByID[pathAppID] == nil {
            metrics.rejected(reason: "unknown_app")
            // The id comes from the client: only its length is logged, never its bytes.
            rejections.rejected(
                "unknown_app", message: "webhook for unknown app",
                metadata: ["app.id.length": "\(pathAppID.utf8.count)"])
            return .unknownApp
        }
        guard hasSignature else {
            metrics.signatureFailure(reason: "missing")
            rejections.rejected(
                "signature_missing", message: "webhook without signature", metadata: ["app.id": "\(pathAppID ?? "-")"])
            return .signatureMissing
        }
        return nil
    }

    /// Handles one POST: `pathAppID` is the `{app_id}` of `/webhook/{app_id}`, or `nil` on `/webhook`
    /// (then the app is the one whose secret verifies the body).
    public func receive(
        body: [UInt8], pathAppID: String?, signature256: String?, signature1: String?, traceparent: String?
    ) async -> IngressAnswer {
        if let rejection = rejectBeforeBody(
            pathAppID: pathAppID, hasSignature: signature256 != nil || signature1 != nil)
        {
            return rejection
        }
        let candidates = pathAppID.flatMap { appsByID[$0] }.map { [$0] } ?? apps
        guard let app = candidates.first(where: { Self.verifies(body, app: $0, signature256, signature1) }) else {
            metrics.signatureFailure(reason: "invalid")
            rejections.rejected(
                "signature_invalid", message: "webhook with a signature that does not verify",
                metadata: ["app.id": "\(pathAppID ?? "-")"])
            return .signatureInvalid
        }

        let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
        let items: [WebhookItem]
        do {
            items = try WebhookBody.split(body)
        } catch {
            return await deadLetter(body: body, app: app, reason: "\(error)", receivedAt: receivedAt)
        }
        guard items.count <= maxItemsPerBody else {
            metrics.rejected(reason: "too_many_items")
            return await deadLetter(
                body: body, app: app, reason: "\(items.count) items, more than the limit of \(maxItemsPerBody)",
                receivedAt: receivedAt)
        }

        // Keep the caller's trace when it sent one; every record is a span of its own.
        let trace = traceparent.flatMap(TraceParent.init) ?? .random()
        let records = items.map { item in
            EventRecord(item: item, appID: AppID(app.id), receivedAt: receivedAt).producerRecord(
                topic: topics.topic(for: item.kind), traceparent: trace.child())
        }
        do {
            try await publisher.publish(records)
        } catch let error as KafkaError where !error.isRetriable {
            // Retrying cannot help (a record too large for the broker, say): a 503 would be
            // retried by Meta for hours. Keep what can be kept and answer 200.
            metrics.rejected(reason: "unstorable")
            return await deadLetter(
                body: body, app: app, reason: "events could not be stored: \(error.name)", receivedAt: receivedAt)
        } catch {
            logger.warning(
                "broker did not acknowledge webhook records in time",
                metadata: ["app.id": "\(app.id)", "records": "\(records.count)", "error": "\(error)"])
            return .brokerUnavailable
        }
        for item in items { metrics.event(kind: item.kind, type: item.type) }
        logger.debug("webhook published", metadata: ["app.id": "\(app.id)", "records": "\(records.count)"])
        return .published(records: records.count)
    }

    /// Keeps a correctly signed body we cannot publish as events, byte for byte, with the reason
    /// in headers; when the broker refuses even that for good (too large), keeps a reference
    /// instead: the body's size and SHA-256, so the operator can match Meta's redelivery or logs.
    private func deadLetter(body: [UInt8], app: MessengerApp, reason: String, receivedAt: Int64) async -> IngressAnswer
    {
        let headers = [
            KafkaHeader(key: "reason", value: Array(reason.utf8)),
            KafkaHeader(key: RecordHeaders.Name.appID, value: Array(app.id.utf8)),
            KafkaHeader(key: "received-at", value: Array(String(receivedAt).utf8)),
        ]
        let whole = KafkaProducerRecord(
            topic: topics.ingressDeadLetter, key: Array(app.id.utf8), value: body, headers: headers)
        do {
            do {
                try await publisher.publish([whole])
            } catch let error as KafkaError where !error.isRetriable {
                let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
                let reference = #"{"body_bytes":\#(body.count),"body_sha256":"\#(digest)","stored":false}"#
                let stub = KafkaProducerRecord(
                    topic: topics.ingressDeadLetter, key: Array(app.id.utf8), value: Array(reference.utf8),
                    headers: headers + [KafkaHeader(key: "body-stored", value: Array("false".utf8))])
                try await publisher.publish([stub])
            }
        } catch {
            logger.warning("broker did not acknowledge a dead-letter record in time", metadata: ["app.id": "\(app.id)"])
            return .brokerUnavailable
        }
        metrics.deadLettered()
        rejections.rejected(
            "dead_lettered", message: "signed body kept on the dead-letter topic",
            metadata: ["app.id": "\(app.id)", "detail": "\(reason)"])
        return .deadLettered(reason: reason)
    }

    static func verifies(_ body: [UInt8], app: MessengerApp, _ signature256: String?, _ signature1: String?) -> Bool {
        // An empty key "verifies" anything signed with an empty key; configuration refuses one,
        // and this keeps a programmatic configuration from running on one.
        guard !app.secret.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return false }
        return WebhookSignature.verify(
            body: body, signature256: signature256, signature1: signature1, secret: app.secret.value,
            allowSHA1: app.allowSHA1
        ).isValid
    }
}
