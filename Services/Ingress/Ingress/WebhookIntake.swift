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
    let apps: [IngressApp]
    let appsByID: [String: IngressApp]
    let topics: MessengerTopics
    let publisher: EventPublisher
    let metrics: IngressMetrics
    let logger: Logger

    init(configuration: IngressConfiguration, publisher: EventPublisher, metrics: IngressMetrics, logger: Logger) {
        apps = configuration.apps
        appsByID = Dictionary(configuration.apps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        topics = configuration.topics
        self.publisher = publisher
        self.metrics = metrics
        self.logger = logger
    }

    /// Handles one POST: `pathAppID` is the `{app_id}` of `/webhook/{app_id}`, or `nil` on `/webhook`
    /// (then the app is the one whose secret verifies the body).
    public func receive(
        body: [UInt8], pathAppID: String?, signature256: String?, signature1: String?, traceparent: String?
    ) async -> IngressAnswer {
        let candidates: [IngressApp]
        if let pathAppID {
            guard let app = appsByID[pathAppID] else {
                logger.notice("webhook for unknown app", metadata: ["app.id": "\(pathAppID)"])
                return .unknownApp
            }
            candidates = [app]
        } else {
            candidates = apps
        }
        guard signature256 != nil || signature1 != nil else {
            metrics.signatureFailure(reason: "missing")
            logger.notice("webhook without signature", metadata: ["app.id": "\(pathAppID ?? "-")"])
            return .signatureMissing
        }
        guard let app = candidates.first(where: { Self.verifies(body, app: $0, signature256, signature1) }) else {
            metrics.signatureFailure(reason: "invalid")
            logger.notice("webhook with a signature that does not verify", metadata: ["app.id": "\(pathAppID ?? "-")"])
            return .signatureInvalid
        }

        let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
        let items: [WebhookItem]
        do {
            items = try WebhookBody.split(body)
        } catch {
            return await deadLetter(body: body, app: app, reason: "\(error)", receivedAt: receivedAt)
        }

        // Keep the caller's trace when it sent one; every record is a span of its own.
        let trace = traceparent.flatMap(TraceParent.init) ?? .random()
        let records = items.map { item in
            EventRecord(item: item, appID: AppID(app.id), receivedAt: receivedAt).producerRecord(
                topic: topics.topic(for: item.kind), traceparent: trace.child())
        }
        do {
            try await publisher.publish(records)
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

    /// Keeps a correctly signed body we cannot split, byte for byte, with the reason in headers.
    private func deadLetter(body: [UInt8], app: IngressApp, reason: String, receivedAt: Int64) async -> IngressAnswer {
        let record = KafkaProducerRecord(
            topic: topics.ingressDeadLetter,
            key: Array(app.id.utf8),
            value: body,
            headers: [
                KafkaHeader(key: "reason", value: Array(reason.utf8)),
                KafkaHeader(key: "app-id", value: Array(app.id.utf8)),
                KafkaHeader(key: "received-at", value: Array(String(receivedAt).utf8)),
            ]
        )
        do {
            try await publisher.publish([record])
        } catch {
            logger.warning("broker did not acknowledge a dead-letter record in time", metadata: ["app.id": "\(app.id)"])
            return .brokerUnavailable
        }
        metrics.deadLettered()
        logger.warning("signed body is not a webhook; kept on the dead-letter topic", metadata: ["app.id": "\(app.id)", "reason": "\(reason)"])
        return .deadLettered(reason: reason)
    }

    static func verifies(_ body: [UInt8], app: IngressApp, _ signature256: String?, _ signature1: String?) -> Bool {
        WebhookSignature.verify(
            body: body, signature256: signature256, signature1: signature1, secret: app.secret.value,
            allowSHA1: app.allowSHA1
        ).isValid
    }
}
