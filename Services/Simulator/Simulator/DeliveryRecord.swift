import SimulatorClient

/// What became of one webhook event sent to one app: every attempt with its HTTP status.
struct DeliveryRecord: Sendable {
    /// Where a delivery stands.
    typealias State = WebhookDeliveryView.State
    /// One POST of the event: when, the receiver's status (nil: no answer), and why not.
    typealias Attempt = WebhookDeliveryView.Attempt

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

    /// The form the control API shows.
    var view: WebhookDeliveryView {
        WebhookDeliveryView(
            id: id, appID: appID, psid: psid, placement: placement.rawValue, event: event, mid: mid,
            createdAt: createdAt, state: state, attempts: attempts)
    }
}
