import Synchronization

/// A byte budget shared by concurrent requests: what request bodies may hold in memory together.
///
/// A request reserves each chunk before keeping it and releases everything when it is answered;
/// a reservation that would pass the limit is refused, so many slow bodies cannot add up to more
/// memory than the limit however many connections carry them.
public final class ByteBudget: Sendable {
    /// The most bytes reserved at once.
    public let limit: Int
    private let used = Atomic<Int>(0)

    /// A budget of `limit` bytes.
    public init(limit: Int) {
        self.limit = limit
    }

    /// Reserves `count` bytes; false (and nothing reserved) when that would pass the limit.
    public func reserve(_ count: Int) -> Bool {
        var current = used.load(ordering: .relaxed)
        while true {
            guard current + count <= limit else { return false }
            let (exchanged, original) = used.compareExchange(
                expected: current, desired: current + count, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    /// Returns `count` reserved bytes.
    public func release(_ count: Int) {
        used.subtract(count, ordering: .relaxed)
    }

    /// Bytes reserved now.
    public var inUse: Int { used.load(ordering: .relaxed) }
}
