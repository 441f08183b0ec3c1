import Logging

/// Reads given offset ranges of partitions once, outside any consumer group: a short-lived
/// consumer assigned to the ranges' starts, polled until each range is read or the time is up.
/// It never joins a group and never commits, so it does not disturb the group whose partitions
/// it reads.
///
/// Workers use it on assignment to look ahead of their committed offsets (see WorkerKit's
/// side-effect recovery).
public enum KafkaRangeReader {
    /// What one read covered.
    public struct Summary: Sendable, Hashable {
        /// Records passed to the visitor.
        public var records: Int
        /// Whether every range was read to its end (false: the time ran out first).
        public var complete: Bool
    }

    /// Reads `ranges` (per partition, the offsets to read) and passes each record to `visit`, on
    /// a thread off the cooperative pool, in offset order within a partition.
    ///
    /// Ranges whose records were deleted are read from the first offset still stored. Records
    /// past a range's end (fetched in the same batch) are not visited.
    public static func read(
        _ ranges: [KafkaTopicPartition: Range<Int64>], configuration: KafkaConfiguration, clientID: String,
        timeout: Duration, logger: Logger, visit: @escaping @Sendable (KafkaConsumerRecord) -> Void
    ) async throws(KafkaError) -> Summary {
        let ranges = ranges.filter { !$0.value.isEmpty }
        guard !ranges.isEmpty else { return Summary(records: 0, complete: true) }
        var properties = configuration.properties
        properties["bootstrap.servers"] = configuration.bootstrapServers
        // A group id is needed to create a consumer; this one is never joined nor committed to.
        properties["group.id"] = clientID + ".range-reader"
        properties["client.id"] = clientID + ".range-reader"
        properties["enable.auto.commit"] = "false"
        properties["enable.auto.offset.store"] = "false"
        properties["enable.partition.eof"] = "true"
        properties["auto.offset.reset"] = "earliest"
        let client = try RDKafkaClient(
            kind: .consumer, properties: properties, context: RDKafkaClientContext(logger: logger))
        return await BlockingCall.run {
            defer { client.destroy() }
            return client.handle.readAssigned(ranges, timeout: timeout, logger: logger, visit: visit)
        }
    }
}
