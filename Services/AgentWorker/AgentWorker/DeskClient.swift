import CurlHTTP
import GraphAPI
import Logging
import MessengerPlatform
import Metrics
import ServiceKit

/// Posts ``DeskEvent``s to the agent desk, signed, retried with exponential backoff and full
/// jitter; with no desk configured, logs them instead.
public final class DeskClient: Sendable {
    /// The desk, or nil when events are only logged.
    public let configuration: DeskConfiguration?
    private let http: CurlHTTPClient

    /// A client posting to `configuration` (nil: log only) over `http`.
    public init(configuration: DeskConfiguration?, http: CurlHTTPClient) {
        self.configuration = configuration
        self.http = http
    }

    /// Delivers `event`; returns when the desk answered 2xx (or, without a desk, once logged).
    /// Throws ``DeskDeliveryError`` when every attempt failed or the desk refused the event.
    /// Outcomes are counted in `agent_desk_events_total{outcome}` through `metrics`.
    public func deliver(_ event: DeskEvent, metrics: any MetricsFactory, logger: Logger) async throws(DeskDeliveryError)
    {
        try await deliver(body: event.encoded(), eventID: event.eventID, metrics: metrics, logger: logger)
    }

    /// Delivers an encoded desk event (from the outbox), as ``deliver(_:metrics:logger:)``.
    public func deliver(body: [UInt8], eventID: String, metrics: any MetricsFactory, logger: Logger)
        async throws(DeskDeliveryError)
    {
        let count = { (outcome: String) in
            Counter(label: "agent_desk_events_total", dimensions: [("outcome", outcome)], factory: metrics).increment()
        }
        guard let configuration else {
            logger.info(
                "desk event (no AGENT_DESK_URL configured)",
                metadata: ["event.id": "\(eventID)"])
            count("logged")
            return
        }
        var headers = [
            CurlHeader(name: "Content-Type", value: "application/json"),
            CurlHeader(
                name: DeskSignature.headerName, value: DeskSignature.sign(body, secret: configuration.secret.value)),
            CurlHeader(name: DeskSignature.eventIDHeaderName, value: eventID),
        ]
        if let trace = TraceParent.outgoingHeader { headers.append(CurlHeader(name: trace.name, value: trace.value)) }
        let request = CurlRequest(
            method: "POST",
            url: configuration.url,
            headers: headers,
            body: body,
            timeout: configuration.timeout
        )
        let start = ContinuousClock.now
        let policy = configuration.retry.effective
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            let outcome: Outcome
            do {
                let response = try await http.execute(request)
                outcome = Self.outcome(of: response)
            } catch {
                outcome =
                    error.isRetriable
                    ? .retry(status: nil, reason: Self.reason(error), after: nil)
                    : .fail(status: nil, reason: Self.reason(error))
            }
            switch outcome {
            case .delivered:
                Metrics.Timer(label: "agent_desk_delivery_duration_seconds", factory: metrics)
                    .record(ContinuousClock.now - start)
                count("delivered")
                logger.debug(
                    "desk event delivered",
                    metadata: ["event.id": "\(eventID)", "attempts": "\(attempt)"])
                return
            case .fail(let status, let reason):
                count("failed")
                throw DeskDeliveryError(status: status, attempts: attempt, reason: reason, isRetriable: false)
            case .retry(let status, let reason, let retryAfter):
                guard attempt < policy.maxAttempts, retryAfter.map({ $0 <= policy.maxRetryAfter }) ?? true else {
                    count("failed")
                    throw DeskDeliveryError(
                        status: status, attempts: attempt, reason: reason, isRetriable: true, retryAfter: retryAfter)
                }
                let delay = policy.delay(beforeRetry: attempt, retryAfter: retryAfter, using: &generator)
                logger.notice(
                    "desk did not accept an event; retrying",
                    metadata: ["event.id": "\(eventID)", "attempt": "\(attempt)", "reason": "\(reason)"])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    count("failed")
                    throw DeskDeliveryError(status: status, attempts: attempt, reason: "cancelled", isRetriable: false)
                }
            }
        }
    }

    private enum Outcome {
        case delivered
        case retry(status: Int?, reason: String, after: Duration?)
        case fail(status: Int?, reason: String)
    }

    /// 2xx delivered; 408, 429 and 5xx worth another attempt; any other status a refusal.
    private static func outcome(of response: CurlResponse) -> Outcome {
        switch response.status {
        case 200..<300:
            return .delivered
        case 408, 429, 500..<600:
            let retryAfter = response.header("Retry-After").flatMap(Int.init).map { Duration.seconds($0) }
            return .retry(status: response.status, reason: "HTTP \(response.status)", after: retryAfter)
        default:
            return .fail(status: response.status, reason: "HTTP \(response.status)")
        }
    }

    private static func reason(_ error: CurlError) -> String {
        if error.isTimeout { return "timeout" }
        if error.isConnectFailure { return "connection failed" }
        return "transport error \(error.code)"
    }
}
