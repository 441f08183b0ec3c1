/// Who controls a thread: nobody (idle, Conversation Routing) or one app.
public enum ThreadOwnership: Sendable, Hashable {
    /// No app controls the thread; any app may take it.
    case idle
    /// One app controls the thread.
    case owned(ThreadOwner)

    /// The owner, or `nil` when idle.
    public var owner: ThreadOwner? {
        if case .owned(let owner) = self { return owner }
        return nil
    }
}
