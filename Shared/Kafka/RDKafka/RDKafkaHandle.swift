import CRdKafka

/// An `rd_kafka_t *`, which librdkafka documents as safe to use from any thread.
struct RDKafkaHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
