/// When a webhook delivery that did not get a 200 is tried again.
///
/// Meta retries "immediately a few times, then less often" and gives up after about an hour; the
/// default follows that shape, bounded so a dead receiver does not hold its queue forever.
public struct WebhookRetryPolicy: Sendable, Hashable {
    /// Pause before each retry; the number of attempts is `delays.count + 1`.
    public var delays: [Duration]

    /// Creates a policy from the pauses before each retry.
    public init(delays: [Duration]) {
        self.delays = delays
    }

    /// Meta-like: three quick retries, then slower ones, for about 20 minutes in all.
    public static let meta = WebhookRetryPolicy(delays: [
        .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30), .seconds(120),
        .seconds(300), .seconds(900),
    ])

    /// Quick retries for tests: the same shape, in milliseconds.
    public static let fast = WebhookRetryPolicy(delays: [
        .milliseconds(10), .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(200),
    ])

    /// Never retry.
    public static let none = WebhookRetryPolicy(delays: [])

    /// The most attempts a delivery gets.
    public var maxAttempts: Int { delays.count + 1 }
}
