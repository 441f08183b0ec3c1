/// Logging metadata keys of the Kafka layer, the same in every log line.
enum KafkaLogKey {
    static let facility = "kafka.facility"
    static let topic = "kafka.topic"
    static let partition = "kafka.partition"
    static let groupID = "kafka.group.id"
    static let error = "kafka.error"
    static let clientName = "kafka.client"
    static let partitions = "kafka.partitions"
}
