/// The offsets of one partition that were handed to handlers and are not finished yet.
///
/// Records of one partition finish out of order (different threads run concurrently), but the
/// committed offset must never pass an unfinished record, or a crash would lose it. So the offset
/// to store is the lowest unfinished offset, or one past the highest begun offset when none is
/// unfinished (at-least-once, as Confluent's parallel consumer does).
struct PartitionProgress {
    /// Begun offsets in ascending order, from `head` on.
    private var pending: [Int64] = []
    private var head = 0
    /// Offsets at or after `head` that finished while an older one is still running.
    private var finished: Set<Int64> = []
    /// The highest offset begun so far.
    private(set) var highestBegun: Int64?
    /// The last offset handed to the consumer's store (initially the first offset handed out).
    private(set) var stored: Int64?

    /// The number of begun, unfinished records.
    var unfinishedCount: Int { pending.count - head - finished.count }

    /// Notes that the record at `offset` was handed out.
    mutating func begin(_ offset: Int64) {
        // Nothing before the first record handed out is ours to store.
        if stored == nil { stored = offset }
        if let highest = highestBegun, offset <= highest {
            // Redelivered within one assignment (a seek): keep `pending` sorted.
            var low = head
            var high = pending.count
            while low < high {
                let mid = (low + high) / 2
                if pending[mid] < offset { low = mid + 1 } else { high = mid }
            }
            pending.insert(offset, at: low)
        } else {
            pending.append(offset)
            highestBegun = offset
        }
    }

    /// Notes that the record at `offset` is done; returns the offset to store when it advanced.
    mutating func finish(_ offset: Int64) -> Int64? {
        finished.insert(offset)
        while head < pending.count, finished.remove(pending[head]) != nil {
            head += 1
        }
        if head > 256, head > pending.count / 2 {
            pending.removeFirst(head)
            head = 0
        }
        let next = head < pending.count ? pending[head] : (highestBegun ?? offset) + 1
        guard next > (stored ?? Int64.min) else { return nil }
        stored = next
        return next
    }
}
