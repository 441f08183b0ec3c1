import SimulatorClient

/// One event queued for one app's webhook.
struct WebhookDelivery: Sendable {
    /// The record the dispatcher reports attempts to.
    let id: Int
    /// The receiving app.
    let appID: String
    /// `messaging` or `standby`.
    let placement: WebhookPlacement
    /// The event item, exactly as it goes into the array.
    let item: JSONValue
    /// The simulator generation it belongs to; `POST /_sim/reset` starts a new one and drops the rest.
    let epoch: Int
}
