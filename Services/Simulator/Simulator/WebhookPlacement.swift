/// Which array of a webhook entry an event travels in: `messaging` for the thread's owner (and for
/// handover events), `standby` for the other apps.
public enum WebhookPlacement: String, Sendable, Hashable {
    case messaging
    case standby
}
