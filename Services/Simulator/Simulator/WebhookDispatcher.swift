import Logging
import ServiceLifecycle
import SimulatorClient
import Synchronization

/// Delivers webhook events to each app's callback URL: one queue and one sender per app, so every
/// app sees its events in order; signed with the app secret; a non-200 answer is retried per the
/// ``WebhookRetryPolicy`` (the queue waits meanwhile, as ordering requires), and every attempt is
/// reported back for the transcript.
final class WebhookDispatcher: Service, Sendable {
    /// Where and how one app's webhooks are sent.
    struct Target: Sendable {
        let appID: String
        let url: String
        let secret: String
        let signSHA1: Bool
    }

    /// Receives the outcome of each attempt: the deliveries of the batch, their generation, the
    /// attempt, and the final state once there is one.
    typealias AttemptReport =
        @Sendable (
            _ deliveryIDs: [Int], _ epoch: Int, _ attempt: DeliveryRecord.Attempt, _ final: DeliveryRecord.State?
        ) ->
        Void

    private let targets: [String: Target]
    private let queues: [String: DeliveryQueue]
    private let transport: any WebhookTransport
    private let payload: WebhookPayload
    private let retry: WebhookRetryPolicy
    private let timeout: Duration
    private let batchSize: Int
    private let stats: SimulatorStats
    private let currentEpoch = Mutex(0)
    private let now: @Sendable () -> Int64
    private let report: AttemptReport
    private let logger: Logger

    init(
        configuration: SimulatorConfiguration, transport: any WebhookTransport, stats: SimulatorStats,
        now: @escaping @Sendable () -> Int64, report: @escaping AttemptReport, logger: Logger
    ) {
        var targets: [String: Target] = [:]
        for app in configuration.effectiveApps {
            guard let url = app.webhookURL else { continue }
            targets[app.id] = Target(appID: app.id, url: url, secret: app.secret, signSHA1: app.signSHA1)
        }
        self.targets = targets
        self.queues = targets.mapValues { _ in DeliveryQueue() }
        self.transport = transport
        self.payload = WebhookPayload(pageID: configuration.pageID, idStyle: configuration.idStyle)
        self.retry = configuration.webhookRetry
        self.timeout = configuration.webhookTimeout
        self.batchSize = configuration.webhookBatchSize
        self.stats = stats
        self.now = now
        self.report = report
        self.logger = logger
    }

    /// Queues events; never blocks.
    func enqueue(_ deliveries: [WebhookDelivery]) {
        guard !deliveries.isEmpty else { return }
        var byApp: [String: [WebhookDelivery]] = [:]
        for delivery in deliveries { byApp[delivery.appID, default: []].append(delivery) }
        for (appID, items) in byApp { queues[appID]?.push(items) }
    }

    /// Starts a new generation: queued and retrying events of older ones are dropped.
    func startEpoch(_ epoch: Int) {
        currentEpoch.withLock { $0 = epoch }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for (appID, queue) in self.queues {
                    guard let target = self.targets[appID] else { continue }
                    group.addTask { await self.drain(queue, to: target) }
                }
                // Returning early would end the application's service group; with no webhook to
                // send (no app has a URL) the service still lives until shutdown.
                group.addTask { try? await gracefulShutdown() }
            }
        }
    }

    private func drain(_ queue: DeliveryQueue, to target: Target) async {
        while let batch = await queue.next(limit: batchSize) {
            let epoch = currentEpoch.withLock { $0 }
            let live = batch.filter { $0.epoch == epoch }
            if live.isEmpty { continue }
            await send(live, to: target, epoch: epoch)
        }
    }

    private func send(_ batch: [WebhookDelivery], to target: Target, epoch: Int) async {
        // Built once: a retry carries the same bytes and signature, as Meta's do.
        let body = payload.envelope(batch.map { ($0.placement, $0.item) }, time: now()).serialized(metaEscaping: true)
        var headers: [(String, String)] = [
            ("Content-Type", "application/json"),
            ("User-Agent", "facebookexternalua"),
            ("X-Hub-Signature-256", WebhookSigner.signature256(body: body, secret: target.secret)),
        ]
        if target.signSHA1 {
            headers.append(("X-Hub-Signature", WebhookSigner.signature1(body: body, secret: target.secret)))
        }
        let ids = batch.map(\.id)
        for attemptIndex in 0..<retry.maxAttempts {
            if Task.isCancelled || currentEpoch.withLock({ $0 }) != epoch { return }
            let result = await transport.post(url: target.url, headers: headers, body: body, timeout: timeout)
            let isLast = attemptIndex == retry.maxAttempts - 1
            let attempt: DeliveryRecord.Attempt
            let success: Bool
            switch result {
            case .answered(let status):
                attempt = .init(at: now(), status: status, error: nil)
                success = status == 200
            case .failed(let reason):
                attempt = .init(at: now(), status: nil, error: reason)
                success = false
            }
            let final: DeliveryRecord.State? = success ? .delivered : (isLast ? .failed : nil)
            stats.webhookAttempt(success: success, isRetry: attemptIndex > 0, gaveUp: final == .failed)
            report(ids, epoch, attempt, final)
            if success { return }
            if isLast {
                logger.warning(
                    "webhook delivery failed after every retry",
                    metadata: ["simulator.app_id": "\(target.appID)", "simulator.attempts": "\(retry.maxAttempts)"])
                return
            }
            do {
                try await Task.sleep(for: retry.delays[attemptIndex])
            } catch {
                return
            }
        }
    }
}
