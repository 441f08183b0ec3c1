import Foundation

/// The part of librdkafka's statistics JSON the consumer reads: per-partition `consumer_lag`
/// (see librdkafka's STATISTICS.md).
struct KafkaStatistics: Decodable {
    struct Topic: Decodable {
        var partitions: [String: Partition]?
    }

    struct Partition: Decodable {
        var partition: Int32
        var consumerLag: Int64?

        enum CodingKeys: String, CodingKey {
            case partition
            case consumerLag = "consumer_lag"
        }
    }

    var topics: [String: Topic]?

    /// Decodes a statistics document.
    init(json: [UInt8]) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(json))
    }

    /// Lag per partition, leaving out the internal partition -1 and unknown lag (-1).
    var consumerLag: [KafkaTopicPartition: Int64] {
        var result: [KafkaTopicPartition: Int64] = [:]
        for (topic, entry) in topics ?? [:] {
            for partition in (entry.partitions ?? [:]).values {
                guard partition.partition >= 0, let lag = partition.consumerLag, lag >= 0 else { continue }
                result[KafkaTopicPartition(topic: topic, partition: partition.partition)] = lag
            }
        }
        return result
    }
}
