import Kafka
import MessengerPlatform

extension EventRecord {
    /// The Kafka record of this event: keyed by thread, value the contract JSON, and the headers
    /// consumers filter on without parsing (`kind`, `type`, `app-id`, `event-id`, `traceparent`).
    func producerRecord(topic: String, traceparent: TraceParent) -> KafkaProducerRecord {
        KafkaProducerRecord(
            topic: topic,
            key: Array(recordKey.utf8),
            value: encoded(),
            headers: RecordHeaders(record: self, traceparent: traceparent).fields.map {
                KafkaHeader(key: $0.name, value: $0.value)
            }
        )
    }
}
