/// The librdkafka this process runs with.
///
/// The project needs librdkafka 2.2 or newer: from 2.2 a consumer whose prefetch queue is full
/// checks again after `fetch.queue.backoff.ms` (before, it stopped that partition for a fixed
/// second, which a bounded prefetch turned into a throttle), and tansu and other independent
/// brokers can complete the first handshake (2.0 misparses their tagged fields). Every client this
/// module creates refuses an older library with a clear error.
public enum KafkaLibrary {
    /// The version as `rd_kafka_version()` gives it: `0xMMmmrrpp` (2.3.0 is `0x020300ff`).
    public static var versionNumber: Int { RDKafkaVersion.number }

    /// The version as text, e.g. `2.8.0`.
    public static var version: String { RDKafkaVersion.text }

    /// The oldest version the project supports, as text.
    public static let minimumVersion = "2.2.0"

    /// The oldest version the project supports, as a version number.
    public static let minimumVersionNumber = 0x0202_0000

    /// Whether the loaded library is new enough.
    public static var isSupported: Bool { versionNumber >= minimumVersionNumber }

    /// Throws when the loaded library is older than ``minimumVersion``.
    public static func requireSupportedVersion() throws(KafkaError) {
        guard isSupported else {
            throw .invalidConfiguration(
                "librdkafka \(version) is older than \(minimumVersion), the oldest this program supports "
                    + "(scripts/install-deps builds a newer one)")
        }
    }
}
