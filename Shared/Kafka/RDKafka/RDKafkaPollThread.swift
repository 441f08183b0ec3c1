import CRdKafka
import Dispatch
import Foundation
import Synchronization

/// A dedicated thread serving a handle's main queue with blocking `rd_kafka_poll(rk, 100)`:
/// delivery reports, statistics and error callbacks run here as soon as they arrive (the poll
/// returns on the first event; the 100 ms only bounds how late a stop request is noticed).
final class RDKafkaPollThread: Sendable {
    private let stopRequested = Atomic<Bool>(false)
    private let exited = DispatchSemaphore(value: 0)

    /// Starts polling `handle`; `afterPoll` runs after every poll on the same thread.
    init(name: String, handle: RDKafkaHandle, afterPoll: (@Sendable () -> Void)? = nil) {
        let thread = Thread { [self] in run(handle: handle, afterPoll: afterPoll) }
        thread.name = name
        thread.start()
    }

    private func run(handle: RDKafkaHandle, afterPoll: (@Sendable () -> Void)?) {
        while !stopRequested.load(ordering: .acquiring) {
            rd_kafka_poll(handle.pointer, 100)
            afterPoll?()
        }
        exited.signal()
    }

    /// Asks the thread to stop and blocks until it has (at most one poll interval). Call it off the
    /// cooperative pool, at most once.
    func stopAndWait() {
        stopRequested.store(true, ordering: .releasing)
        exited.wait()
    }
}
