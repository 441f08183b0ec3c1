/// Records of sends that met a full producer queue (`_QUEUE_FULL`), waiting in arrival order
/// until delivery reports make room. The poll thread retries them after every poll.
struct ProducerBacklog {
    /// The rest of one send.
    struct Entry {
        var ticket: DeliveryTicket
        var records: ArraySlice<KafkaProducerRecord>
        /// After this the remaining records fail with `_QUEUE_FULL` instead of waiting longer.
        var deadline: ContinuousClock.Instant
    }

    private(set) var entries: [Entry] = []

    /// Whether no send is waiting.
    var isEmpty: Bool { entries.isEmpty }

    /// Queues the rest of a send behind the others.
    mutating func append(_ entry: Entry) {
        entries.append(entry)
    }

    /// Puts back an entry that still did not fit, ahead of the others.
    mutating func pushFront(_ entry: Entry) {
        entries.insert(entry, at: 0)
    }

    /// Takes the oldest entry.
    mutating func popFirst() -> Entry? {
        entries.isEmpty ? nil : entries.removeFirst()
    }

    /// Takes every entry (shutdown).
    mutating func removeAll() -> [Entry] {
        defer { entries = [] }
        return entries
    }
}
