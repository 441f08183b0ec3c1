import Hummingbird
import MessengerPlatform
import WorkerKit

/// The tests' handler: records every call in a ``HandlerJournal`` and runs the test's action
/// (by default, answering a user message with its own text, the event id as metadata).
struct RecordingHandler: EventHandler {
    var kinds: Set<EventKind> = [.messages, .standby, .handovers, .appRole]
    var receivesPassiveEvents = false
    let journal: HandlerJournal
    var action: @Sendable (WorkerEvent, WorkerContext) async throws -> Void = RecordingHandler.answer

    func handle(_ event: WorkerEvent, context: WorkerContext) async throws {
        let entry = journal.started(event)
        do {
            try await action(event, context)
            journal.finished(entry, success: true)
        } catch {
            journal.finished(entry, success: false)
            throw error
        }
    }

    /// Sends the message's text back into its thread with the event id as metadata.
    @Sendable static func answer(_ event: WorkerEvent, _ context: WorkerContext) async throws {
        guard event.type == .message, let thread = event.thread else { return }
        try await context.sendText(event.messaging?.message?.text ?? "", to: thread, metadata: event.id)
    }
}
