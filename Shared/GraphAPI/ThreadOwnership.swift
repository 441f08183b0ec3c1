/// Who controls a thread: nobody (idle), one app this app may see, or an app it may not.
public enum ThreadOwnership: Sendable, Hashable {
    /// No app controls the thread.
    case idle
    /// One app controls the thread, and the answer named it.
    case owned(ThreadOwner)
    /// Conversation Routing: an app controls the thread, but the answer does not say which, as Meta
    /// answers an app that is neither the owner nor the default app. Never this app's own thread:
    /// Meta names the owner to the owner itself.
    case ownedByAnotherApp(expiration: Int64?)

    /// The owner when the answer named it; `nil` when idle or hidden.
    public var owner: ThreadOwner? {
        if case .owned(let owner) = self { return owner }
        return nil
    }

    /// Whether some app controls the thread (named or not).
    public var isOwned: Bool {
        if case .idle = self { return false }
        return true
    }

    /// When control lapses (ms since 1970), when the answer said.
    public var expiration: Int64? {
        switch self {
        case .idle: nil
        case .owned(let owner): owner.expiration
        case .ownedByAnotherApp(let expiration): expiration
        }
    }
}
