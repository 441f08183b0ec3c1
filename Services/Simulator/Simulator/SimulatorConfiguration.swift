/// Everything the simulated Messenger Platform needs: the page, its apps, the protocol generation
/// and how webhooks are delivered. Defaults describe Meta's behaviour; tests shorten the times.
public struct SimulatorConfiguration: Sendable {
    /// Which generation of the thread-control protocol the page runs (docs/protocol.md, "Two generations").
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// Handover Protocol: the primary receiver holds every new thread.
        case handover
        /// Conversation Routing: new threads are idle, the default app answers idle threads, owners
        /// lose control after the idle timeout, `release`/`extend` exist.
        case routing
    }

    /// The answer to a successful `take_thread_control` (Meta has sent both shapes).
    public enum TakeAnswer: String, Sendable, Codable, CaseIterable {
        /// `{"success":true}`
        case success
        /// `{"data":[{"thread_owner":{"app_id":…,"expiration":…}}]}`
        case threadOwner = "thread_owner"
        /// The two shapes in turn, starting with `success`.
        case alternating
    }

    /// Who receives `take_thread_control` under Conversation Routing: Meta's Instagram page says the
    /// previous owner only, its Messenger page says every subscribed app. Both are supported.
    public enum TakeReceivers: String, Sendable, Codable, CaseIterable {
        /// Only the app control was taken from.
        case previousOwner = "previous_owner"
        /// Every app with a role (the Messenger reading).
        case everyApp = "every_app"
    }

    /// How app ids are written in webhook payloads and `thread_owner` answers.
    public enum IDStyle: String, Sendable, Codable, CaseIterable {
        /// As Meta's documentation shows them: strings in pass/take and `thread_owner`, numbers in
        /// `request_thread_control` and echo `app_id`.
        case meta
        /// Always JSON strings.
        case string
        /// Always JSON numbers (for ids made of digits).
        case number
    }

    /// Interface to listen on.
    public var host: String
    /// TCP port; 0 picks a free one (see ``Simulator/port``).
    public var port: Int
    /// The page id (`recipient.id` of user messages, `entry[].id`).
    public var pageID: String
    /// The page's name (`GET /me?fields=name`).
    public var pageName: String
    /// The protocol generation.
    public var mode: Mode
    /// Conversation Routing: an owned thread becomes idle this long after the user's last message
    /// (the apps' own sends do not count), unless its owner extended it.
    public var idleTimeout: Duration
    /// Conversation Routing: whether the page has a default app (the primary receiver plays it).
    /// Without one, every app receives `messaging`, any app may reply, `take` is refused and
    /// `request` works.
    public var hasDefaultApp: Bool
    /// Conversation Routing: who receives `take_thread_control`.
    public var takeReceivers: TakeReceivers
    /// The page's apps. The Page Inbox is added as a secondary when absent.
    public var apps: [App]
    /// Whether Graph calls must carry `appsecret_proof` ("Require App Secret" in the app settings).
    public var requireAppSecretProof: Bool
    /// The shape of a successful take answer.
    public var takeAnswer: TakeAnswer
    /// How ids are written in payloads.
    public var idStyle: IDStyle
    /// When failed webhook deliveries are retried.
    public var webhookRetry: WebhookRetryPolicy
    /// How long one webhook POST may take before it counts as failed (Meta: 5 s today, 20 s before).
    public var webhookTimeout: Duration
    /// Up to this many pending events for one app go into one POST (Meta batches under load).
    public var webhookBatchSize: Int

    /// Creates a configuration; every value has Meta's default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8070,
        pageID: String = "100000000000001",
        pageName: String = "Simulated Page",
        mode: Mode = .routing,
        idleTimeout: Duration = .seconds(24 * 3600),
        hasDefaultApp: Bool = true,
        takeReceivers: TakeReceivers = .everyApp,
        apps: [App] = [],
        requireAppSecretProof: Bool = true,
        takeAnswer: TakeAnswer = .success,
        idStyle: IDStyle = .meta,
        webhookRetry: WebhookRetryPolicy = .meta,
        webhookTimeout: Duration = .seconds(10),
        webhookBatchSize: Int = 1
    ) {
        self.host = host
        self.port = port
        self.pageID = pageID
        self.pageName = pageName
        self.mode = mode
        self.idleTimeout = idleTimeout
        self.hasDefaultApp = hasDefaultApp
        self.takeReceivers = takeReceivers
        self.apps = apps
        self.requireAppSecretProof = requireAppSecretProof
        self.takeAnswer = takeAnswer
        self.idStyle = idStyle
        self.webhookRetry = webhookRetry
        self.webhookTimeout = webhookTimeout
        self.webhookBatchSize = webhookBatchSize
    }

    /// The apps including the Page Inbox, each id once (the first definition wins).
    public var effectiveApps: [App] {
        var seen: Set<String> = []
        var result: [App] = []
        for app in apps where seen.insert(app.id).inserted { result.append(app) }
        if !seen.contains(App.pageInboxID) { result.append(.pageInbox) }
        return result
    }
}
