import CRdKafka
import Logging

/// librdkafka's mock cluster API (`rd_kafka_mock_*`), for the `KafkaMockCluster` module: a cluster
/// hosted by a librdkafka producer handle with no brokers of its own. Package access: production
/// code never sees it, and the C calls stay behind this folder's wall.
package final class RDKafkaMockCluster: Sendable {
    private let client: RDKafkaClient
    private let cluster: Pointer
    /// `127.0.0.1:port,…`.
    package let bootstrapServers: String

    /// Starts `brokers` brokers; `properties` and `logger` are the hosting handle's.
    package init(brokers: Int32, properties: [String: String], logger: Logger) throws(KafkaError) {
        client = try RDKafkaClient(
            kind: .producer, properties: properties, context: RDKafkaClientContext(logger: logger))
        guard let pointer = rd_kafka_mock_cluster_new(client.handle.pointer, brokers) else {
            client.destroy()
            throw KafkaError(code: RD_KAFKA_RESP_ERR__FAIL, message: "cannot start the mock cluster")
        }
        cluster = Pointer(pointer: pointer)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(pointer))
    }

    /// Creates a topic; an existing one is fine.
    package func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32) throws(KafkaError) {
        let code = rd_kafka_mock_topic_create(cluster.pointer, name, partitions, replicationFactor)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
            throw KafkaError(code: code)
        }
    }

    /// Takes broker `id` down or up; false when there is no such broker.
    package func setBroker(_ id: Int32, up: Bool) -> Bool {
        let code =
            up ? rd_kafka_mock_broker_set_up(cluster.pointer, id) : rd_kafka_mock_broker_set_down(cluster.pointer, id)
        return code == RD_KAFKA_RESP_ERR_NO_ERROR
    }

    /// Sets broker `id`'s round-trip time; false when there is no such broker.
    package func setRoundTripTime(_ roundTripTime: Duration, broker id: Int32) -> Bool {
        rd_kafka_mock_broker_set_rtt(cluster.pointer, id, roundTripTime.kafkaMilliseconds) == RD_KAFKA_RESP_ERR_NO_ERROR
    }

    /// Queues error codes for the next requests of `apiKey`.
    package func pushRequestErrors(apiKey: Int16, errors: [Int32]) {
        let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0) }
        codes.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster.pointer, apiKey, buffer.count, buffer.baseAddress)
        }
    }

    /// Destroys the cluster and its hosting handle; call once.
    package func destroy() {
        rd_kafka_mock_cluster_destroy(cluster.pointer)
        client.destroy()
    }

    /// An `rd_kafka_mock_cluster_t *`; the mock API is safe to call from any thread.
    private struct Pointer: @unchecked Sendable {
        let pointer: OpaquePointer
    }
}
