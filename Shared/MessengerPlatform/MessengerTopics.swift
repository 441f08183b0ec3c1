/// The Kafka topic names of the contract, under one configurable prefix.
///
/// `messages`, `standby`, `handovers` and `app_role` carry webhook events by kind; the ingress
/// dead-letter topic keeps signed bodies it could not parse; every worker topic has a `.dlq` twin for
/// records that can never succeed.
public struct MessengerTopics: Sendable, Hashable {
    /// The prefix, `messenger.` by default (`KAFKA_TOPIC_PREFIX`).
    public let prefix: String

    /// Topics under `prefix`.
    public init(prefix: String = "messenger.") {
        self.prefix = prefix
    }

    public var messages: String { prefix + "messages" }
    public var standby: String { prefix + "standby" }
    public var handovers: String { prefix + "handovers" }
    public var appRole: String { prefix + "app_role" }

    /// The four event topics, in contract order.
    public var eventTopics: [String] { [messages, standby, handovers, appRole] }

    /// Where the ingress keeps correctly signed bodies that are not a webhook it can split.
    public var ingressDeadLetter: String { prefix + "ingress.dlq" }

    /// The dead-letter twin of an event topic.
    public func deadLetter(for topic: String) -> String { topic + ".dlq" }

    /// Every topic the system uses: the event topics, their dead-letter twins and the ingress DLQ.
    public var allTopics: [String] { eventTopics + eventTopics.map(deadLetter(for:)) + [ingressDeadLetter] }
}

extension MessengerTopics {
    /// The topic of events of `kind`: the routing rule's destination.
    public func topic(for kind: EventKind) -> String {
        switch kind {
        case .messages: messages
        case .standby: standby
        case .handovers: handovers
        case .appRole: appRole
        }
    }
}
