import CRdKafka
import Logging

/// The C callbacks installed on every configuration. They cannot capture context, so they find the
/// ``RDKafkaClientContext`` through the handle's opaque pointer.
enum RDKafkaCallbacks {
    /// Used when a log line arrives before the handle has its context.
    static let fallbackLogger = Logger(label: "kafka")

    /// syslog levels (librdkafka's) to swift-log levels.
    static func logLevel(syslog level: Int32) -> Logger.Level {
        switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }

    /// librdkafka's `log_cb`: may run on any librdkafka thread.
    static let log: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
        handle, level, facility, line in
        let logger = RDKafkaClientContext.of(handle)?.logger ?? RDKafkaCallbacks.fallbackLogger
        let swiftLevel = RDKafkaCallbacks.logLevel(syslog: level)
        guard logger.logLevel <= swiftLevel else { return }
        let text = line.map { String(cString: $0) } ?? ""
        let facilityName = facility.map { String(cString: $0) } ?? ""
        logger.log(level: swiftLevel, "\(text)", metadata: [KafkaLogKey.facility: "\(facilityName)"])
    }

    /// librdkafka's `error_cb`: client-level errors (brokers down, fatal idempotence errors).
    static let error: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void =
        { handle, code, reason, opaque in
            let logger = RDKafkaClientContext.of(opaque: opaque)?.logger ?? RDKafkaCallbacks.fallbackLogger
            var error = KafkaError(
                code: rd_kafka_resp_err_t(rawValue: code), message: reason.map { String(cString: $0) })
            if code == RD_KAFKA_RESP_ERR__FATAL.rawValue, let handle {
                // The callback's code only says "fatal"; the underlying error is kept on the handle.
                var text = [CChar](repeating: 0, count: 512)
                let underlying = rd_kafka_fatal_error(handle, &text, text.count)
                error = KafkaError(
                    code: underlying.rawValue, name: String(cString: rd_kafka_err2name(underlying)),
                    message: String(errorBuffer: text), isRetriable: false, isFatal: true)
                logger.critical("librdkafka raised a fatal error", metadata: [KafkaLogKey.error: "\(error)"])
                return
            }
            // Connection trouble is expected to heal; it is worth a warning, not an error page.
            let level: Logger.Level = error.isRetriable ? .warning : .error
            logger.log(level: level, "librdkafka reported an error", metadata: [KafkaLogKey.error: "\(error)"])
        }

    /// librdkafka's `stats_cb`: returns 0 so librdkafka frees the JSON.
    static let statistics:
        @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 =
            { _, json, length, opaque in
                guard let json, let handler = RDKafkaClientContext.of(opaque: opaque)?.onStatistics else { return 0 }
                let bytes = [UInt8](UnsafeRawBufferPointer(start: json, count: length))
                handler(bytes)
                return 0
            }

    /// librdkafka's `rebalance_cb`, run by the thread that polls the consumer queue.
    static let rebalance:
        @convention(c) (
            OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
            UnsafeMutableRawPointer?
        ) -> Void = { handle, code, partitions, opaque in
            guard let handle, let partitions else { return }
            guard let handler = RDKafkaClientContext.of(opaque: opaque)?.onRebalance else {
                // Without a handler librdkafka would not assign at all; keep the default behaviour.
                if code == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
                    rd_kafka_assign(handle, partitions)
                } else {
                    rd_kafka_assign(handle, nil)
                }
                return
            }
            handler(handle, code, partitions)
        }

    /// librdkafka's `dr_msg_cb`: completes the record's ``DeliveryTicket`` (its per-message opaque).
    static let deliveryReport:
        @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
            _, message, _ in
            guard let message, let opaque = message.pointee._private else { return }
            let ticket = Unmanaged<DeliveryTicket>.fromOpaque(opaque).takeRetainedValue()
            let code = message.pointee.err
            if code == RD_KAFKA_RESP_ERR_NO_ERROR {
                ticket.complete(nil)
            } else {
                // Not rd_kafka_message_errstr: for a delivery report it returns the record's payload.
                ticket.complete(KafkaError(code: code))
            }
        }
}
