import CRdKafka

/// The librdkafka this process runs with.
public enum KafkaLibrary {
    /// The version as `rd_kafka_version()` gives it: `0xMMmmrrpp` (2.3.0 is `0x020300ff`).
    public static var versionNumber: Int { Int(rd_kafka_version()) }

    /// The version as text, e.g. `2.0.2`.
    public static var version: String { String(cString: rd_kafka_version_str()) }

    /// Whether the consumer has `fetch.queue.backoff.ms` (librdkafka 2.2 and later). Before it, a
    /// partition whose prefetch queue is full stops fetching for a fixed second.
    public static var hasFetchQueueBackoff: Bool { versionNumber >= 0x0202_0000 }
}
