import CRdKafka

/// CreateTopics (`KafkaAdmin.ensureTopics`), the admin API behind the wall.
extension RDKafkaHandle {
    /// What a CreateTopics request came to.
    enum CreateTopicsOutcome: Sendable {
        case created(Int)
        case tolerated(KafkaError)
        case failed(KafkaError)
    }

    /// Codes meaning "this broker cannot do it (now)" rather than "the request is wrong".
    private static let toleratedCreateTopicsCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE, RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION,
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
    ].reduce(into: []) { $0.insert($1.rawValue) }

    /// The blocking part: one CreateTopics request and its result event.
    func createTopics(
        _ names: [String], partitions: Int32, replicationFactor: Int32, timeout: Duration
    ) -> CreateTopicsOutcome {
        var text = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for name in names {
            guard let topic = rd_kafka_NewTopic_new(name, partitions, replicationFactor, &text, text.count) else {
                return .failed(.invalidConfiguration(String(errorBuffer: text)))
            }
            newTopics.append(topic)
        }
        guard let options = rd_kafka_AdminOptions_new(pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS) else {
            return .failed(.invalidConfiguration("cannot create admin options"))
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        rd_kafka_AdminOptions_set_request_timeout(options, timeout.kafkaMilliseconds, &text, text.count)
        rd_kafka_AdminOptions_set_operation_timeout(options, timeout.kafkaMilliseconds, &text, text.count)
        let queue = rd_kafka_queue_new(pointer)
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(pointer, buffer.baseAddress, buffer.count, options, queue)
        }
        // librdkafka enforces the request timeout itself; the extra second only guards the wait.
        guard let event = rd_kafka_queue_poll(queue, timeout.kafkaMilliseconds &+ 1000) else {
            return .tolerated(KafkaError(code: RD_KAFKA_RESP_ERR__TIMED_OUT, message: "CreateTopics timed out"))
        }
        defer { rd_kafka_event_destroy(event) }
        let eventCode = rd_kafka_event_error(event)
        if eventCode != RD_KAFKA_RESP_ERR_NO_ERROR {
            let error = KafkaError(
                code: eventCode, message: rd_kafka_event_error_string(event).map { String(cString: $0) })
            return Self.toleratedCreateTopicsCodes.contains(error.code) ? .tolerated(error) : .failed(error)
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            return .failed(KafkaError(code: RD_KAFKA_RESP_ERR__BAD_MSG, message: "unexpected admin result"))
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return .created(0) }
        var created = 0
        var tolerated: KafkaError?
        for index in 0..<count {
            let code = rd_kafka_topic_result_error(results[index])
            if code == RD_KAFKA_RESP_ERR_NO_ERROR {
                created += 1
                continue
            }
            if code == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { continue }
            let error = KafkaError(
                code: code, message: rd_kafka_topic_result_error_string(results[index]).map { String(cString: $0) })
            if Self.toleratedCreateTopicsCodes.contains(error.code) {
                tolerated = tolerated ?? error
            } else {
                return .failed(error)
            }
        }
        if let tolerated { return .tolerated(tolerated) }
        return .created(created)
    }
}
