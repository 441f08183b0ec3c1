import CRdKafka
import Logging
import Synchronization

/// Owns one `rd_kafka_t` and the context its callbacks use.
///
/// Creating it builds the librdkafka configuration (properties, callbacks, opaque); ``destroy()``
/// must be called exactly once, off the cooperative pool, after every user of the handle is done.
final class RDKafkaClient: Sendable {
    /// Producer or consumer.
    enum Kind {
        case producer
        case consumer
    }

    /// The handle.
    let handle: RDKafkaHandle
    /// The context reachable from callbacks.
    let context: RDKafkaClientContext
    private let isDestroyed = Atomic<Bool>(false)

    /// A client of `kind` with every property of `properties`.
    ///
    /// Callbacks: log and error always; statistics when the context has a handler; rebalance for a
    /// consumer with a handler; delivery reports for a producer.
    init(kind: Kind, properties: [String: String], context: RDKafkaClientContext) throws(KafkaError) {
        try KafkaLibrary.requireSupportedVersion()
        guard let configuration = rd_kafka_conf_new() else {
            throw KafkaError(code: RD_KAFKA_RESP_ERR__CRIT_SYS_RESOURCE, message: "cannot allocate a configuration")
        }
        var text = [CChar](repeating: 0, count: 512)
        // Sorted so that the first failing property is the same on every run.
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(configuration, name, value, &text, text.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(configuration)
                // librdkafka's message quotes the value; a secret must not end up in an error.
                let message =
                    KafkaConfiguration.isSensitive(property: name)
                    ? "invalid value for configuration property \"\(name)\"" : String(errorBuffer: text)
                throw .invalidConfiguration(message)
            }
        }
        rd_kafka_conf_set_log_cb(configuration, RDKafkaCallbacks.log)
        rd_kafka_conf_set_error_cb(configuration, RDKafkaCallbacks.error)
        if context.onStatistics != nil {
            rd_kafka_conf_set_stats_cb(configuration, RDKafkaCallbacks.statistics)
        }
        switch kind {
        case .producer:
            rd_kafka_conf_set_dr_msg_cb(configuration, RDKafkaCallbacks.deliveryReport)
        case .consumer:
            if context.onRebalance != nil {
                rd_kafka_conf_set_rebalance_cb(configuration, RDKafkaCallbacks.rebalance)
            }
        }
        let opaque = Unmanaged.passRetained(context).toOpaque()
        rd_kafka_conf_set_opaque(configuration, opaque)

        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let pointer = rd_kafka_new(type, configuration, &text, text.count) else {
            // On failure the configuration stays ours.
            rd_kafka_conf_destroy(configuration)
            Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).release()
            throw .invalidConfiguration(String(errorBuffer: text))
        }
        self.handle = RDKafkaHandle(pointer: pointer)
        self.context = context
    }

    /// Destroys the handle (blocking: joins librdkafka's threads) and releases the context.
    func destroy() {
        guard !isDestroyed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        rd_kafka_destroy(handle.pointer)
        Unmanaged.passUnretained(context).release()
    }
}
