/// Sends that must be answered by a deadline, checked by the producer's poll thread after every
/// poll (at most 100 ms apart). Answered sends are dropped at the next check, so the list holds
/// about the sends in flight.
struct AnswerDeadlines {
    private struct Entry {
        let ticket: DeliveryTicket
        let deadline: ContinuousClock.Instant
        let error: KafkaError
    }

    private var entries: [Entry] = []
    private var lastCheck: ContinuousClock.Instant?

    /// Answers `ticket` with `error` at `deadline` unless it is answered before.
    mutating func add(_ ticket: DeliveryTicket, at deadline: ContinuousClock.Instant, error: KafkaError) {
        entries.append(Entry(ticket: ticket, deadline: deadline, error: error))
    }

    /// Abandons the sends whose deadline passed and forgets the answered ones; does the work at
    /// most every 10 ms however often the poll thread wakes.
    mutating func expire(now: ContinuousClock.Instant) {
        guard !entries.isEmpty else { return }
        if let lastCheck, now - lastCheck < .milliseconds(10) { return }
        lastCheck = now
        entries.removeAll { entry in
            if entry.ticket.isAnswered { return true }
            guard entry.deadline <= now else { return false }
            entry.ticket.abandon(entry.error)
            return true
        }
    }
}
