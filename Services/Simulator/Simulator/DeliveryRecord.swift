/// What became of one webhook event sent to one app: every attempt with its HTTP status.
struct DeliveryRecord: Sendable {
    /// Where a delivery stands.
    enum State: String, Sendable {
        /// Queued or between attempts.
        case pending
        /// A 200 arrived.
        case delivered
        /// Every attempt of the retry policy failed.
        case failed
    }

    /// One POST of the event.
    struct Attempt: Sendable {
        /// When it was answered or failed (ms since 1970).
        let at: Int64
        /// The receiver's HTTP status, or `nil` when there was no answer.
        let status: Int?
        /// Why there was no answer (timeout, refused connection), short and secret-free.
        let error: String?
    }

    let id: Int
    let appID: String
    let psid: String?
    let placement: WebhookPlacement
    /// Event type (`message`, `echo`, `pass_thread_control`, …).
    let event: String
    /// `message.mid` when the event has one.
    let mid: String?
    let createdAt: Int64
    var state: State = .pending
    var attempts: [Attempt] = []

    /// The JSON form shown by the control API.
    var json: JSONValue {
        .members([
            ("id", .int(Int64(id))),
            ("app_id", .string(appID)),
            ("psid", psid.map { .string($0) }),
            ("placement", .string(placement.rawValue)),
            ("event", .string(event)),
            ("mid", mid.map { .string($0) }),
            ("created_at", .int(createdAt)),
            ("state", .string(state.rawValue)),
            (
                "attempts",
                .array(
                    attempts.map { attempt in
                        .members([
                            ("at", .int(attempt.at)),
                            ("status", attempt.status.map { .int(Int64($0)) } ?? .null),
                            ("error", attempt.error.map { .string($0) }),
                        ])
                    })
            ),
        ])
    }
}
