import AgentDesk
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Tells the console's open pages when the desk changed, in every replica.
///
/// One poll per replica, not per page: while anyone listens, it reads the store's
/// ``DeskStore/changeMark()`` every `interval` and passes a new mark to every listener; every
/// few seconds it passes a tick (a keep-alive for the event stream, and the moment each page's
/// session is checked again). Changes made through any replica show within one interval. At
/// shutdown every listener's stream ends, so the event streams close and the server can stop.
final class DeskChangeFeed: Service, Sendable {
    /// What a listener hears.
    enum Signal: Sendable, Equatable {
        /// The desk changed; the mark identifies the new state.
        case changed(String)
        /// Nothing changed for a while.
        case tick
    }

    private struct Listeners {
        var next = 0
        var continuations: [Int: AsyncStream<Signal>.Continuation] = [:]
        var closed = false
    }

    private let store: DeskStore
    private let interval: Duration
    private let logger: Logger
    private let listeners = Mutex(Listeners())
    /// Ticks this often.
    static let tickInterval: Duration = .seconds(10)

    init(store: DeskStore, interval: Duration, logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    /// A stream of signals until `stop(_:)` or shutdown; its id for `stop(_:)`.
    func listen() -> (id: Int, signals: AsyncStream<Signal>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(4))
        let id = listeners.withLock { listeners -> Int in
            if listeners.closed {
                continuation.finish()
                return -1
            }
            listeners.next += 1
            listeners.continuations[listeners.next] = continuation
            return listeners.next
        }
        return (id, stream)
    }

    /// Ends listener `id`'s stream.
    func stop(_ id: Int) {
        listeners.withLock { $0.continuations.removeValue(forKey: id) }?.finish()
    }

    /// How many listen now.
    var count: Int { listeners.withLock { $0.continuations.count } }

    func run() async throws {
        var mark: String?
        var lastSignal = ContinuousClock.now
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if count > 0 {
                do {
                    let now = try await store.changeMark()
                    if now != mark {
                        mark = now
                        broadcast(.changed(now))
                        lastSignal = .now
                    }
                } catch {
                    logger.warning("console live updates could not read the store", metadata: ["error": "\(error)"])
                }
            } else {
                mark = nil
            }
            if ContinuousClock.now - lastSignal >= Self.tickInterval {
                broadcast(.tick)
                lastSignal = .now
            }
            try? await gracefulShutdownOrSleep(interval)
        }
        let continuations = listeners.withLock { listeners in
            listeners.closed = true
            defer { listeners.continuations = [:] }
            return Array(listeners.continuations.values)
        }
        for continuation in continuations { continuation.finish() }
    }

    private func broadcast(_ signal: Signal) {
        for continuation in listeners.withLock({ Array($0.continuations.values) }) { continuation.yield(signal) }
    }
}
