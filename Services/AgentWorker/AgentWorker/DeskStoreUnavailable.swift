import ServiceKit

/// The desk's database server did not answer at start-up (exit 69: the orchestrator retries).
public struct DeskStoreUnavailable: UnavailableError, CustomStringConvertible {
    /// What the driver said (never the URL: it may hold a password).
    public let reason: String

    /// An error for `reason`.
    public init(reason: String) { self.reason = reason }

    public var description: String { "AGENT_STORE_URL: the store does not answer: \(reason)" }
}
