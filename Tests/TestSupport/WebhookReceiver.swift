import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MessengerPlatform
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real webhook endpoint for tests: a Hummingbird server on 127.0.0.1 (its own free port) that
/// checks `X-Hub-Signature-256` (and `X-Hub-Signature` when asked) over the raw body with the app
/// secret, records every request and every event, and answers 200 (or the statuses queued with
/// `answers`, first). Bodies with a bad signature are answered 403 and their events not recorded.
///
/// ```swift
/// let receiver = WebhookReceiver(secret: "s")
/// let url = try await receiver.start()
/// defer { Task { await receiver.stop() } }
/// let events = try await receiver.waitUntil { $0.contains { $0.type == "message" } }
/// ```
public final class WebhookReceiver: Sendable {
    /// One event of a received body, with the fields tests look at (ids always as strings).
    public struct Event: Sendable, CustomStringConvertible {
        /// `messaging` or `standby`.
        public let placement: String
        /// `message`, `echo`, `postback`, `pass_thread_control`, `take_thread_control`,
        /// `request_thread_control`, `app_roles` or `other`.
        public let type: String
        /// The user: `sender.id`, or `recipient.id` for echoes; `nil` for `app_roles`.
        public let psid: String?
        /// `message.mid` or `postback.mid`.
        public let mid: String?
        /// `message.text`.
        public let text: String?
        /// Echo `app_id`.
        public let appID: String?
        /// Handover `previous_owner_app_id` (nil when absent or JSON null).
        public let previousOwner: String?
        /// Handover `new_owner_app_id`.
        public let newOwner: String?
        /// `requested_owner_app_id`.
        public let requestedOwner: String?
        /// `metadata` of a handover event or echo.
        public let metadata: String?
        /// `postback.payload`.
        public let payload: String?
        /// `app_roles` map.
        public let roles: [String: [String]]
        /// `timestamp`.
        public let timestamp: Int64?
        /// The item as JSON text.
        public let raw: String

        public var description: String { "\(placement)/\(type)(\(psid ?? "-"))" }
    }

    /// One HTTP request that reached the receiver.
    public struct Delivery: Sendable {
        /// The raw body.
        public let body: [UInt8]
        /// The status answered.
        public let status: Int
        /// Whether `X-Hub-Signature-256` verified.
        public let signatureValid: Bool
        /// Whether `X-Hub-Signature` (sha1) verified; `nil` when the header was absent.
        public let sha1Valid: Bool?
        /// Number of events in the body.
        public let eventCount: Int
    }

    /// Thrown by ``waitUntil(timeout:_:)`` when the events never satisfy the condition.
    public struct Timeout: Error, CustomStringConvertible {
        public let events: [String]
        public var description: String { "webhook receiver timed out; events so far: \(events)" }
    }

    private struct Waiter: Sendable {
        let isSatisfied: @Sendable (State) -> Bool
        let continuation: CheckedContinuation<[Event], any Error>
    }

    private struct State: Sendable {
        var events: [Event] = []
        var deliveries: [Delivery] = []
        var answers: [Int]
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
        var port: Int?
        var portWaiters: [CheckedContinuation<Int, Never>] = []
        var server: Task<Void, any Error>?
        /// While set, requests wait in `held` until `release()`.
        var holding = false
        var held: [CheckedContinuation<Void, Never>] = []
        var serviceGroup: ServiceGroup?
    }

    private let secret: String
    private let requireSHA1: Bool
    private let state: Mutex<State>
    private let logger: Logger

    /// A receiver for the app with `secret`; `answers` are the statuses of the first requests
    /// (e.g. `[500, 500]`), 200 after them. With `requireSHA1`, a request without a valid
    /// `X-Hub-Signature` is rejected too.
    public init(secret: String, requireSHA1: Bool = false, answers: [Int] = [], logger: Logger? = nil) {
        self.secret = secret
        self.requireSHA1 = requireSHA1
        self.state = Mutex(State(answers: answers))
        var fallback = Logger(label: "webhook-receiver")
        fallback.logLevel = .warning
        self.logger = logger ?? fallback
    }

    /// Starts listening and returns the callback URL (`http://127.0.0.1:<port>/webhook`).
    public func start() async throws -> String {
        let router = Router()
        router.post("/webhook") { [self] request, context in
            await passGate()
            let buffer = try await request.body.collect(upTo: 4 << 20)
            let body = Array(buffer.readableBytesView)
            let status = receive(
                body, signature256: request.headers[HTTPField.Name("X-Hub-Signature-256")!],
                signature1: request.headers[HTTPField.Name("X-Hub-Signature")!])
            return Response(status: .init(code: status))
        }
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { [self] channel in
                guard let port = channel.localAddress?.port else { return }
                let waiters = state.withLock { state -> [CheckedContinuation<Int, Never>] in
                    state.port = port
                    defer { state.portWaiters = [] }
                    return state.portWaiters
                }
                for waiter in waiters { waiter.resume(returning: port) }
            },
            logger: logger
        )
        // A service group so that stop() is a graceful shutdown rather than a cancellation.
        let group = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: logger)
        let task = Task { try await group.run() }
        state.withLock {
            $0.server = task
            $0.serviceGroup = group
        }
        let port = await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            let port = state.withLock { state -> Int? in
                if let port = state.port { return port }
                state.portWaiters.append(continuation)
                return nil
            }
            if let port { continuation.resume(returning: port) }
        }
        return "http://127.0.0.1:\(port)/webhook"
    }

    /// Stops the server and fails pending waits.
    public func stop() async {
        let (task, group, waiters) = state.withLock { state in
            defer {
                state.server = nil
                state.serviceGroup = nil
                state.waiters = [:]
            }
            return (state.server, state.serviceGroup, Array(state.waiters.values))
        }
        for waiter in waiters { waiter.continuation.resume(throwing: CancellationError()) }
        release()
        await group?.triggerGracefulShutdown()
        _ = await task?.result
    }

    /// Every event with a valid signature, in arrival order.
    public var events: [Event] { state.withLock { $0.events } }

    /// Every request, valid or not, in arrival order.
    public var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    /// Waits (at most `timeout`) until `predicate` holds for the events received so far.
    public func waitUntil(timeout: Duration = .seconds(30), _ predicate: @escaping @Sendable ([Event]) -> Bool)
        async throws -> [Event]
    {
        try await withThrowingTaskGroup(of: [Event].self) { group in
            group.addTask { try await self.wait { predicate($0.events) } }
            group.addTask { [self] in
                try await Task.sleep(for: timeout)
                throw Timeout(events: events.map(\.description))
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Waits until at least `count` events have arrived; returns all of them.
    public func waitForEvents(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [Event] {
        try await waitUntil(timeout: timeout) { $0.count >= count }
    }

    /// Makes the following requests wait unanswered until ``release()`` (to queue events up in the
    /// sender deterministically).
    public func hold() {
        state.withLock { $0.holding = true }
    }

    /// Lets held and future requests through.
    public func release() {
        let held = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.holding = false
            defer { state.held = [] }
            return state.held
        }
        for request in held { request.resume() }
    }

    /// Waits (at most `timeout`) until `count` requests are held by ``hold()``.
    public func waitUntilHolding(_ count: Int = 1, timeout: Duration = .seconds(30)) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await self.wait { $0.held.count >= count } }
            group.addTask { [self] in
                try await Task.sleep(for: timeout)
                throw Timeout(events: events.map(\.description))
            }
            defer { group.cancelAll() }
            try await group.next()!
        }
    }

    private func passGate() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> [(Waiter, [Event])]? in
                guard state.holding else { return nil }
                state.held.append(continuation)
                return Self.satisfiedWaiters(&state)
            }
            guard let ready else { return continuation.resume() }
            for (waiter, events) in ready { waiter.continuation.resume(returning: events) }
        }
    }

    /// Removes and returns the waiters whose condition now holds.
    private static func satisfiedWaiters(_ state: inout State) -> [(Waiter, [Event])] {
        var ready: [(Waiter, [Event])] = []
        for (id, waiter) in state.waiters where waiter.isSatisfied(state) {
            ready.append((waiter, state.events))
            state.waiters[id] = nil
        }
        return ready
    }

    private func wait(_ isSatisfied: @escaping @Sendable (State) -> Bool) async throws -> [Event] {
        let id = state.withLock { state -> Int in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[Event], any Error>) in
                // Decided under the lock, so the cancellation handler and this code never both resume.
                enum Registration { case ready([Event]), cancelled, waiting }
                let registration = state.withLock { state -> Registration in
                    if isSatisfied(state) { return .ready(state.events) }
                    if Task.isCancelled { return .cancelled }
                    state.waiters[id] = Waiter(isSatisfied: isSatisfied, continuation: continuation)
                    return .waiting
                }
                switch registration {
                case .ready(let events): continuation.resume(returning: events)
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .waiting: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Verifies, records, and picks the answer.
    private func receive(_ body: [UInt8], signature256: String?, signature1: String?) -> Int {
        let verdict256 = WebhookSignature.verify(
            body: body, signature256: signature256, signature1: nil, secret: secret, allowSHA1: false)
        let sha1Valid: Bool? = signature1.map {
            WebhookSignature.verify(body: body, signature256: nil, signature1: $0, secret: secret, allowSHA1: true)
                .isValid
        }
        let valid = verdict256.isValid && (!requireSHA1 || sha1Valid == true)
        let parsed = valid ? Self.parse(body) : []
        let (status, ready) = state.withLock { state -> (Int, [(Waiter, [Event])]) in
            let status = valid ? (state.answers.isEmpty ? 200 : state.answers.removeFirst()) : 403
            state.deliveries.append(
                Delivery(
                    body: body, status: status, signatureValid: verdict256.isValid, sha1Valid: sha1Valid,
                    eventCount: parsed.count))
            // Events count only when the receiver accepted them, as an app would process them.
            if status == 200 { state.events.append(contentsOf: parsed) }
            return (status, Self.satisfiedWaiters(&state))
        }
        for (waiter, events) in ready { waiter.continuation.resume(returning: events) }
        return status
    }

    /// The events of a body: every item of every entry's `messaging` and `standby`.
    static func parse(_ body: [UInt8]) -> [Event] {
        guard let root = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let entries = root["entry"] as? [[String: Any]]
        else { return [] }
        var events: [Event] = []
        for entry in entries {
            for placement in ["messaging", "standby"] {
                for item in entry[placement] as? [[String: Any]] ?? [] {
                    events.append(event(item, placement: placement))
                }
            }
        }
        return events
    }

    private static func id(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return String(number.int64Value) }
        return nil
    }

    private static func event(_ item: [String: Any], placement: String) -> Event {
        let message = item["message"] as? [String: Any]
        let postback = item["postback"] as? [String: Any]
        let pass = item["pass_thread_control"] as? [String: Any]
        let take = item["take_thread_control"] as? [String: Any]
        let request = item["request_thread_control"] as? [String: Any]
        let roles = item["app_roles"] as? [String: Any]
        let isEcho = (message?["is_echo"] as? Bool) == true
        let type: String
        if let message {
            type = (message["is_echo"] as? Bool) == true ? "echo" : "message"
        } else if postback != nil {
            type = "postback"
        } else if pass != nil {
            type = "pass_thread_control"
        } else if take != nil {
            type = "take_thread_control"
        } else if request != nil {
            type = "request_thread_control"
        } else if roles != nil {
            type = "app_roles"
        } else {
            type = "other"
        }
        let handover = pass ?? take ?? request
        let sender = id((item["sender"] as? [String: Any])?["id"])
        let recipient = id((item["recipient"] as? [String: Any])?["id"])
        let raw =
            (try? JSONSerialization.data(withJSONObject: item, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Event(
            placement: placement,
            type: type,
            psid: roles != nil ? nil : (isEcho ? recipient : sender),
            mid: (message?["mid"] ?? postback?["mid"]) as? String,
            text: message?["text"] as? String,
            appID: id(message?["app_id"]),
            previousOwner: id(handover?["previous_owner_app_id"]),
            newOwner: id(handover?["new_owner_app_id"]),
            requestedOwner: id(handover?["requested_owner_app_id"]),
            metadata: (handover?["metadata"] ?? message?["metadata"]) as? String,
            payload: postback?["payload"] as? String,
            roles: (roles ?? [:]).reduce(into: [:]) { result, pair in result[pair.key] = pair.value as? [String] ?? []
            },
            timestamp: (item["timestamp"] as? NSNumber)?.int64Value,
            raw: raw
        )
    }
}
