import CRdKafka
import Logging

/// Cluster administration the services need at start-up.
public enum KafkaAdmin {
    /// Makes sure the topics `names` exist with `partitions` partitions, through the CreateTopics
    /// request.
    ///
    /// A topic that already exists counts as success (its partition count is left as it is). When
    /// the broker does not answer within `timeout` or does not support CreateTopics, this logs a
    /// warning and returns: such brokers (librdkafka's mock cluster times out; others auto-create
    /// topics on first use) are tolerated, and producing or consuming will show any real problem.
    /// Other errors (authorization, invalid partition count…) throw the first one.
    ///
    /// - Parameters:
    ///   - partitions: partitions of each topic; -1 takes the broker's default.
    ///   - replicationFactor: copies of each partition; -1 takes the broker's default.
    ///   - configuration: the cluster and any librdkafka properties (security settings…).
    public static func ensureTopics(
        _ names: [String], partitions: Int32, replicationFactor: Int32 = -1, configuration: KafkaConfiguration,
        timeout: Duration = .seconds(10), logger: Logger = Logger(label: "kafka.admin")
    ) async throws(KafkaError) {
        guard !names.isEmpty else { return }
        guard partitions >= 1 || partitions == -1 else {
            throw .invalidConfiguration("a topic needs at least one partition (or -1 for the broker's default)")
        }
        var properties = configuration.properties
        properties["bootstrap.servers"] = configuration.bootstrapServers
        let client = try RDKafkaClient(
            kind: .producer, properties: properties, context: RDKafkaClientContext(logger: logger))
        let outcome = await BlockingCall.run {
            defer { client.destroy() }
            return createTopics(
                names, partitions: partitions, replicationFactor: replicationFactor, handle: client.handle,
                timeout: timeout)
        }
        switch outcome {
        case .created(let created):
            logger.info(
                "Kafka topics ensured",
                metadata: ["kafka.topics": "\(names.joined(separator: ","))", "kafka.topics.created": "\(created)"])
        case .tolerated(let error):
            logger.warning(
                "Kafka topics not verified: the broker did not complete CreateTopics; relying on existing or auto-created topics",
                metadata: ["kafka.topics": "\(names.joined(separator: ","))", KafkaLogKey.error: "\(error)"])
        case .failed(let error):
            throw error
        }
    }

    private enum Outcome: Sendable {
        case created(Int)
        case tolerated(KafkaError)
        case failed(KafkaError)
    }

    /// Codes meaning "this broker cannot do it (now)" rather than "the request is wrong".
    private static let toleratedCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE, RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION,
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
    ].reduce(into: []) { $0.insert($1.rawValue) }

    /// The blocking part: one CreateTopics request and its result event.
    private static func createTopics(
        _ names: [String], partitions: Int32, replicationFactor: Int32, handle: RDKafkaHandle, timeout: Duration
    ) -> Outcome {
        var text = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for name in names {
            guard let topic = rd_kafka_NewTopic_new(name, partitions, replicationFactor, &text, text.count) else {
                return .failed(.invalidConfiguration(String(errorBuffer: text)))
            }
            newTopics.append(topic)
        }
        guard let options = rd_kafka_AdminOptions_new(handle.pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS) else {
            return .failed(.invalidConfiguration("cannot create admin options"))
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        rd_kafka_AdminOptions_set_request_timeout(options, timeout.kafkaMilliseconds, &text, text.count)
        rd_kafka_AdminOptions_set_operation_timeout(options, timeout.kafkaMilliseconds, &text, text.count)
        let queue = rd_kafka_queue_new(handle.pointer)
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(handle.pointer, buffer.baseAddress, buffer.count, options, queue)
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
            return toleratedCodes.contains(error.code) ? .tolerated(error) : .failed(error)
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
            if toleratedCodes.contains(error.code) {
                tolerated = tolerated ?? error
            } else {
                return .failed(error)
            }
        }
        if let tolerated { return .tolerated(tolerated) }
        return .created(created)
    }
}
