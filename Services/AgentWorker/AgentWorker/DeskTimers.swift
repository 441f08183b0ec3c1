import AgentDesk
import Logging
import MessengerPlatform
import ServiceKit
import ServiceLifecycle
import WorkerKit

/// Runs the desk's timers (``LiveDesk/sweep(runtime:)``) every `interval` until shutdown. A
/// failing pass (the database away) is logged and the next one tries again.
struct DeskTimers: Service {
    let desk: LiveDesk
    let runtime: WorkerRuntime
    let interval: Duration

    /// Ended console sessions, day-old reply keys and ended runs of sign-in attempts are deleted
    /// this often.
    static let forgetInterval: Int64 = 60_000
    /// How long a reply's `Idempotency-Key` is remembered.
    static let replyKeyLifetime: Int64 = 24 * 3600 * 1000

    func run() async throws {
        var failures = 0
        var forgotAt: Int64 = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await desk.sweep(runtime: runtime)
                let now = desk.clock()
                if now - forgotAt >= Self.forgetInterval {
                    try await desk.store.forgetExpired(
                        sessionsBefore: now, replyKeysBefore: now - Self.replyKeyLifetime,
                        signInAttemptsBefore: now - SignInThrottle.window)
                    forgotAt = now
                }
                if failures > 0 { runtime.logger.notice("desk timers work again") }
                failures = 0
            } catch {
                failures += 1
                if failures == 1 || failures % 60 == 0 {
                    runtime.logger.error(
                        "desk timers failed", metadata: ["error": "\(error)", "failures": "\(failures)"])
                }
            }
            try? await gracefulShutdownOrSleep(interval)
        }
    }
}

/// Sends the outbox's desk events to the desk webhook, at least once: an event stays queued until
/// the desk answers 2xx (or refuses it for good, which is logged), leased while in flight so
/// another replica does not send it at the same moment.
struct DeskOutbox: Service {
    let store: DeskStore
    let client: DeskClient
    let runtime: WorkerRuntime
    let clock: @Sendable () -> Int64
    /// How long an event is leased to one sender.
    static let lease: Int64 = 30_000

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var sent = 0
            do {
                let now = clock()
                for event in try await store.leaseDeskEvents(now: now, leaseUntil: now + Self.lease, limit: 20) {
                    let id = event.id
                    do {
                        // The event continues the trace of the work that caused it.
                        try await TraceParent.$current.withValue(event.trace.flatMap(TraceParent.init)) {
                            try await client.deliver(
                                body: Array(event.body.utf8), eventID: id, metrics: runtime.metrics.factory,
                                logger: runtime.logger)
                        }
                        try await store.deskEventDelivered(id: id, at: clock())
                        sent += 1
                    } catch let error as DeskDeliveryError where !error.isRetriable {
                        runtime.logger.error(
                            "the desk refused an event; it is dropped from the outbox",
                            metadata: ["event.id": "\(id)", "error": "\(error)"])
                        try await store.deskEventDelivered(id: id, at: clock())
                    } catch {
                        runtime.logger.warning(
                            "desk event not delivered; it stays in the outbox",
                            metadata: ["event.id": "\(id)", "error": "\(error)"])
                    }
                }
            } catch {
                runtime.logger.error("desk outbox failed", metadata: ["error": "\(error)"])
            }
            if sent == 0 { try? await gracefulShutdownOrSleep(.milliseconds(200)) }
        }
    }
}

/// Sleeps for `duration`, or less when a graceful shutdown begins.
func gracefulShutdownOrSleep(_ duration: Duration) async throws {
    try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
}
