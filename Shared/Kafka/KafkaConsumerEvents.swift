/// The events of a ``KafkaConsumer`` as an `AsyncSequence`: record batches and assignment changes,
/// in the order they happened. Back-pressured: fetching pauses while the application is behind.
///
/// Iterate it from one task at a time. The sequence ends after ``KafkaConsumer/shutdown()``; records
/// still buffered then are dropped (their offsets were not stored, so they are delivered again).
/// Cancelling the iterating task ends that iteration.
public struct KafkaConsumerEvents: AsyncSequence, Sendable {
    /// The element type.
    public typealias Element = KafkaConsumerEvent
    /// The sequence never throws.
    public typealias Failure = Never

    let buffer: ConsumerEventBuffer

    /// An iterator over the events.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let buffer: ConsumerEventBuffer
        private var isDone = false

        init(buffer: ConsumerEventBuffer) {
            self.buffer = buffer
        }

        /// The next event, or `nil` at the end.
        public mutating func next() async -> KafkaConsumerEvent? {
            guard !isDone else { return nil }
            let event = await buffer.next()
            if event == nil { isDone = true }
            return event
        }

        /// The next event, or `nil` at the end (the form `for await` uses in isolated code).
        public mutating func next(isolation actor: isolated (any Actor)?) async -> KafkaConsumerEvent? {
            guard !isDone else { return nil }
            let event = await buffer.next()
            if event == nil { isDone = true }
            return event
        }
    }

    /// Makes an iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer)
    }
}
