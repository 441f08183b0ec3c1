/// How a consumer group spreads partitions over its members (`partition.assignment.strategy`).
public struct KafkaAssignmentStrategy: Sendable, Hashable, CustomStringConvertible {
    /// The librdkafka property value.
    public let rawValue: String

    /// A strategy by its librdkafka name (comma-separated lists are allowed).
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Partition `n` of every subscribed topic goes to the same member when the topics have equal
    /// partition counts, so one member sees every event of a thread. The default.
    public static let range = KafkaAssignmentStrategy(rawValue: "range")
    /// Partitions dealt round-robin over the members.
    public static let roundRobin = KafkaAssignmentStrategy(rawValue: "roundrobin")
    /// Incremental (cooperative) rebalancing: members keep their partitions while others move.
    public static let cooperativeSticky = KafkaAssignmentStrategy(rawValue: "cooperative-sticky")

    /// The librdkafka name.
    public var description: String { rawValue }
}
