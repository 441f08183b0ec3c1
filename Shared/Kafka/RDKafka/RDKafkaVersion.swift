import CRdKafka

/// The loaded librdkafka's version (`KafkaLibrary`).
enum RDKafkaVersion {
    /// `rd_kafka_version()`: `0xMMmmrrpp`.
    static var number: Int { Int(rd_kafka_version()) }
    /// `rd_kafka_version_str()`, e.g. `2.8.0`.
    static var text: String { String(cString: rd_kafka_version_str()) }
}
