import Kafka
import Logging
import MessengerPlatform
import ServiceKit

extension StackConfiguration {
    /// The stack's topics: the four event topics, their dead-letter twins and the ingress's, under
    /// ``topicPrefix``.
    public var topics: MessengerTopics { MessengerTopics(prefix: topicPrefix) }

    /// Creates the stack's topics on the broker at `bootstrapServers` through the admin API
    /// (CreateTopics) with ``partitions`` partitions each; topics that exist are left as they are.
    /// Nothing is ever deleted.
    func ensureTopics(bootstrapServers: String) async throws(StackError) {
        let kafka = KafkaConfiguration(
            bootstrapServers: bootstrapServers,
            properties: KafkaConfiguration.properties(fromEnvironment: kafkaPropertyVariables))
        var logger = Logger(label: "handover-stack.kafka-admin")
        logger.logLevel = .warning
        do {
            try await KafkaAdmin.ensureTopics(
                topics.allTopics, partitions: Int32(partitions), configuration: kafka, timeout: .seconds(15),
                logger: logger)
        } catch {
            throw StackError(.broker, "cannot create the topics on \(bootstrapServers): \(error)")
        }
    }
}
