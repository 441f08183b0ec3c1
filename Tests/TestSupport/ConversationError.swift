/// A control-API call the simulator refused.
public struct ConversationError: Error, CustomStringConvertible {
    /// The call, e.g. `POST /_sim/inbox/u1/done`.
    public let call: String
    /// The simulator's status.
    public let status: Int
    /// Its answer.
    public let body: [UInt8]

    public var description: String { "\(call) answered \(status): \(String(decoding: body, as: UTF8.self))" }
}
