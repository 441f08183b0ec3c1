import Foundation
import MessengerPlatform
import Synchronization

/// When each user last wrote, from the `messages` and `standby` records this worker reads (user
/// messages and postbacks of any app's webhook; never echoes): what ``MessagingWindow`` needs.
///
/// Bounded: the threads written longest ago are forgotten first. After a restart it knows only what
/// it reads again (from the committed offsets on): a thread whose user has not written since is
/// unknown, which callers treat as "let Meta decide".
public final class UserActivityView: Sendable {
    private let lastMessage: Mutex<RecencyWindow<ThreadKey, Int64>>

    /// A view of at most `capacity` threads.
    public init(capacity: Int = 100_000) {
        lastMessage = Mutex(RecencyWindow(capacity: capacity))
    }

    /// The messaging window of `thread`.
    public func window(of thread: ThreadKey) -> MessagingWindow {
        MessagingWindow(lastUserMessageAt: lastMessage.withLock { $0.value(for: thread) })
    }

    /// Records that the user of `thread` wrote at `timestamp` (ms since 1970); older news is ignored.
    public func userWrote(_ thread: ThreadKey, at timestamp: Int64) {
        lastMessage.withLock { window in
            if let known = window.value(for: thread), known >= timestamp { return }
            window.insert(timestamp, for: thread)
        }
    }

    /// Learns from a consumed record: a user's message or postback.
    func observe(_ event: WorkerEvent) {
        guard event.kind == .messages || event.kind == .standby, let thread = event.thread else { return }
        guard event.type == .message || event.type == .postback else { return }
        userWrote(thread, at: event.record.timestamp ?? event.record.receivedAt)
    }
}
