/// A thread did not reach the expected state in time.
public struct ConversationTimeout: Error, CustomStringConvertible {
    /// The user.
    public let psid: String
    /// The last view of the thread.
    public let last: String

    public var description: String { "thread \(psid) did not reach the expected state; last seen:\n\(last)" }
}
