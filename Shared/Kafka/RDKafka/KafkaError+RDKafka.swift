import CRdKafka

extension KafkaError {
    /// The error for a raw librdkafka code, with librdkafka's name, message and our retriable
    /// classification (e.g. `KafkaError(code: KafkaError.messageTimedOutCode)`).
    public init(code: Int32) {
        self.init(code: rd_kafka_resp_err_t(rawValue: code))
    }

    /// An error for a plain `rd_kafka_resp_err_t` (no `rd_kafka_error_t` at hand): retriable and
    /// fatal come from ``retriableCodes`` and the `_FATAL` code.
    init(code: rd_kafka_resp_err_t, message: String? = nil) {
        let raw = code.rawValue
        self.init(
            code: raw, name: String(cString: rd_kafka_err2name(code)),
            message: message ?? String(cString: rd_kafka_err2str(code)),
            isRetriable: Self.retriableCodes.contains(raw), isFatal: raw == RD_KAFKA_RESP_ERR__FATAL.rawValue)
    }

    /// An error from an `rd_kafka_error_t`, which it destroys.
    init(consuming error: OpaquePointer) {
        let code = rd_kafka_error_code(error)
        self.init(
            code: code.rawValue, name: String(cString: rd_kafka_error_name(error)),
            message: String(cString: rd_kafka_error_string(error)),
            // librdkafka marks only some transient errors retriable; our table adds the
            // transport-level ones it leaves unmarked.
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || Self.retriableCodes.contains(code.rawValue),
            isFatal: rd_kafka_error_is_fatal(error) != 0)
        rd_kafka_error_destroy(error)
    }

    /// Whether the record was refused for its size (by the producer's `message.max.bytes` or by the
    /// broker's topic limit): sending the same record again can never succeed.
    public var isRecordTooLarge: Bool {
        code == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE.rawValue
    }

    /// Codes after which the same request may succeed: the broker or network was unavailable, a
    /// queue was full, or a timeout ran out.
    static let retriableCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
        RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE,
        RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__RETRY,
        RD_KAFKA_RESP_ERR__NODE_UPDATE, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
        RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR, RD_KAFKA_RESP_ERR_PREFERRED_LEADER_NOT_AVAILABLE,
    ].reduce(into: []) { $0.insert($1.rawValue) }
}
