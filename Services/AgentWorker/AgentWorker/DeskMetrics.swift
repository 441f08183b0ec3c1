import AgentDesk
import Metrics
import ServiceKit

/// The desk's metrics: the queue, agents online, how fast conversations are accepted and
/// answered, and how handoffs end.
///
/// | metric | kind | meaning |
/// |---|---|---|
/// | `agent_desk_conversations{state}` | gauge | open conversations: waiting, offered, active |
/// | `agent_desk_agents_online` | gauge | agents online now |
/// | `agent_desk_time_to_accept_seconds` | summary | from the handoff to an agent's accept |
/// | `agent_desk_time_to_first_reply_seconds` | summary | from the handoff to the agent's first reply |
/// | `agent_desk_handoffs_total{outcome}` | counter | ended conversations by reason |
/// | `agent_desk_transitions_total{reason}` | counter | every state change by reason |
/// | `agent_desk_outbox_pending` | gauge | desk webhook events not yet delivered |
/// | `agent_desk_effect_failures_total{effect}` | counter | hand-backs or user messages Meta refused after a transition |
/// | `agent_console_sign_ins_total{outcome}` | counter | console sign-ins: `signed_in`, `refused`, `throttled` |
/// | `agent_console_event_streams` | gauge | console pages listening for live updates on this replica |
struct DeskMetrics: Sendable {
    let factory: any MetricsFactory

    func signIn(_ outcome: String) {
        Counter(label: "agent_console_sign_ins_total", dimensions: [("outcome", outcome)], factory: factory)
            .increment()
    }

    func eventStreams(_ count: Int) {
        Gauge(label: "agent_console_event_streams", factory: factory).record(count)
    }

    func conversations(_ counts: [Conversation.State: Int]) {
        // The label values are spelled out: the alerts match `state="waiting"`.
        for (label, state) in [("waiting", Conversation.State.waiting), ("offered", .offered), ("active", .active)] {
            Gauge(label: "agent_desk_conversations", dimensions: [("state", label)], factory: factory)
                .record(counts[state] ?? 0)
        }
    }

    func agentsOnline(_ count: Int) {
        Gauge(label: "agent_desk_agents_online", factory: factory).record(count)
    }

    func outboxPending(_ count: Int) {
        Gauge(label: "agent_desk_outbox_pending", factory: factory).record(count)
    }

    func queued() {
        Counter(label: "agent_desk_transitions_total", dimensions: [("reason", "queued")], factory: factory).increment()
    }

    func transition(_ old: Conversation, _ new: Conversation) {
        guard old.state != new.state || old.agentID != new.agentID else { return }
        Counter(label: "agent_desk_transitions_total", dimensions: [("reason", new.reason.rawValue)], factory: factory)
            .increment()
        if new.state == .active, old.state != .active, let accepted = new.acceptedAt {
            Metrics.Timer(label: "agent_desk_time_to_accept_seconds", factory: factory)
                .record(.milliseconds(max(0, accepted - new.queuedAt)))
        }
        if new.state == .ended {
            Counter(
                label: "agent_desk_handoffs_total", dimensions: [("outcome", new.reason.rawValue)], factory: factory
            )
            .increment()
        }
    }

    func firstReply(_ conversation: Conversation) {
        guard let first = conversation.firstReplyAt else { return }
        Metrics.Timer(label: "agent_desk_time_to_first_reply_seconds", factory: factory)
            .record(.milliseconds(max(0, first - conversation.queuedAt)))
    }

    func effectFailed(_ effect: String) {
        Counter(label: "agent_desk_effect_failures_total", dimensions: [("effect", effect)], factory: factory)
            .increment()
    }
}
