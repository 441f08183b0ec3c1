import AgentWorker
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A small agent desk for tests: a Hummingbird server on a free port that accepts
/// `POST /desk/events`, verifies `X-Desk-Signature` with the shared secret, and records each
/// event. Answers 401 to a bad signature (the event is not recorded), and the statuses queued in
/// ``failNext(_:)`` before 200s.
final class DeskReceiver: Sendable {
    struct State {
        var events: [DeskEvent] = []
        var eventIDHeaders: [String] = []
        /// The `traceparent` header of each recorded event ("" when absent).
        var traceparents: [String] = []
        var rejectedSignatures = 0
        var attempts = 0
        var queuedStatuses: [Int] = []
    }

    let secret: String
    private let state = Mutex(State())
    private let running: RunningApplication

    private init(secret: String, running: RunningApplication) {
        self.secret = secret
        self.running = running
    }

    /// Starts a desk verifying with `secret`.
    static func start(secret: String, logger: Logger) async throws -> DeskReceiver {
        let box = Box()
        let running = try await RunningApplication.start(logger: logger) { onRunning in
            let router = Router()
            router.post("/desk/events") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                let bytes = Array(body.readableBytesView)
                guard let desk = box.desk else { return Response(status: .serviceUnavailable) }
                return desk.receive(
                    bytes, signature: request.headers[HTTPField.Name("X-Desk-Signature")!],
                    eventID: request.headers[HTTPField.Name("X-Desk-Event-ID")!],
                    traceparent: request.headers[HTTPField.Name("traceparent")!])
            }
            return Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: logger)
        }
        let desk = DeskReceiver(secret: secret, running: running)
        box.desk = desk
        return desk
    }

    /// The desk's events URL.
    var url: String { running.baseURL + "/desk/events" }

    /// The next `statuses.count` deliveries are answered with these statuses.
    func failNext(_ statuses: [Int]) {
        state.withLock { $0.queuedStatuses += statuses }
    }

    /// What the desk saw so far.
    var snapshot: State { state.withLock { $0 } }

    /// Waits until the recorded events satisfy `condition` (at most `timeout`); returns them.
    @discardableResult
    func waitForEvents(timeout: Duration = .seconds(30), until condition: ([DeskEvent]) -> Bool) async throws
        -> [DeskEvent]
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let events = state.withLock { $0.events }
            if condition(events) { return events }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DeskTimeout(events: state.withLock { $0.events })
    }

    func stop() async {
        await running.stop()
    }

    private func receive(_ body: [UInt8], signature: String?, eventID: String?, traceparent: String?) -> Response {
        let verified = DeskSignature.verify(body, header: signature, secret: secret)
        let status: Int = state.withLock { state in
            state.attempts += 1
            guard verified else {
                state.rejectedSignatures += 1
                return 401
            }
            if !state.queuedStatuses.isEmpty { return state.queuedStatuses.removeFirst() }
            guard let event = try? DeskEvent.decode(body) else { return 400 }
            state.events.append(event)
            state.eventIDHeaders.append(eventID ?? "")
            state.traceparents.append(traceparent ?? "")
            return 200
        }
        return Response(status: .init(code: status))
    }

    /// Lets the route reach the desk created after the server started.
    private final class Box: Sendable {
        private let value = Mutex<DeskReceiver?>(nil)
        var desk: DeskReceiver? {
            get { value.withLock { $0 } }
            set { value.withLock { $0 = newValue } }
        }
    }

    struct DeskTimeout: Error, CustomStringConvertible {
        let events: [DeskEvent]
        var description: String {
            "the desk did not receive the expected events; got: \(events.map { "\($0.type.rawValue)(\($0.text ?? "-"))" })"
        }
    }
}
