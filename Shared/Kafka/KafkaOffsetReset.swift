/// Where a consumer group starts on a partition it has no committed offset for
/// (`auto.offset.reset`).
public enum KafkaOffsetReset: String, Sendable, Hashable {
    /// From the oldest record still kept: nothing produced before the group's first start is lost.
    case earliest
    /// Only records produced from now on.
    case latest
}
