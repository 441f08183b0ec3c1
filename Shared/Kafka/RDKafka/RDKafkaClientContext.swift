import CRdKafka
import Logging

/// What librdkafka's callbacks reach through the client's opaque pointer: the logger and the
/// owner's handlers. Retained for the lifetime of the `rd_kafka_t` (released after destroy).
final class RDKafkaClientContext: Sendable {
    /// Where librdkafka's own log lines go.
    let logger: Logger
    /// Receives each statistics JSON document (consumer lag).
    let onStatistics: (@Sendable ([UInt8]) -> Void)?
    /// Handles a consumer group rebalance, on the thread polling the consumer queue.
    let onRebalance:
        (@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)?

    init(
        logger: Logger, onStatistics: (@Sendable ([UInt8]) -> Void)? = nil,
        onRebalance: (
            @Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) ->
                Void
        )? = nil
    ) {
        self.logger = logger
        self.onStatistics = onStatistics
        self.onRebalance = onRebalance
    }

    /// The context of a handle, from its opaque pointer.
    static func of(_ handle: OpaquePointer?) -> RDKafkaClientContext? {
        guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// The context from a callback's `opaque` argument.
    static func of(opaque: UnsafeMutableRawPointer?) -> RDKafkaClientContext? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}
