import Foundation

/// What one local stack runs and how: where the executables are, where logs go, ports, the page
/// and its two apps, and the knobs tests turn (bot target, rules file, partitions).
public struct StackConfiguration: Sendable {
    /// The folder holding the `handover-*` executables (the build folder, e.g. `.build/release`).
    public var executablesDirectory: URL
    /// The run folder: one log file per service, the ingress's app file, the broker's address.
    public var runDirectory: URL
    /// Interface every service listens on.
    public var host: String = "127.0.0.1"
    /// HTTP ports.
    public var ports: StackPorts
    /// The simulated page.
    public var pageID: String = "100000000000001"
    /// Protocol generation of the simulated page: `routing` (Conversation Routing, what every page
    /// runs today) or `handover` (the first-generation Handover Protocol).
    public var simulatorMode: String = "routing"
    /// The Kafka broker: the development broker by default, tansu, or one someone else runs.
    public var broker: StackBroker = .development
    /// Extra `KAFKA_PROPERTY_*` variables every service gets (security settings for an external
    /// broker, for example); they also configure the admin client that ensures the topics.
    public var kafkaPropertyVariables: [String: String] = [:]
    /// The primary (default) app, run by the bot worker (the audit worker uses it too).
    public var botApp: StackApp
    /// The secondary app, run by the agent worker.
    public var agentApp: StackApp
    /// The agent API's service token (an external desk's).
    public var agentAPIToken: String
    /// The desk's agents (the desk file `agent-desk.json` in the run folder). The first signs in
    /// when the stack starts, so handoffs are offered to someone.
    public var deskAgents: [StackAgent]
    /// `agent_silence_seconds` of the desk file.
    public var deskAgentSilenceSeconds = 600
    /// Where the bot passes threads on `/help` (`HANDOVER_TARGET_APP_ID`); nil: the Page Inbox.
    public var handoverTarget: String?
    /// A rules file for the bot (`BOT_RULES_FILE`); nil: its built-in rules.
    public var botRulesFile: URL?
    /// Partitions of every topic (`DEVBROKER_PARTITIONS`).
    public var partitions: Int = 4
    /// Topic prefix (`KAFKA_TOPIC_PREFIX`).
    public var topicPrefix: String = "messenger."
    /// When the simulator retries a webhook that did not get a 200 (milliseconds): quick first
    /// retries, as Meta's, but capped at 10 s so a stalled local run catches up soon.
    public var webhookRetryDelaysMilliseconds: [Int] = [100, 250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]
    /// `LOG_LEVEL` of every service.
    public var logLevel: String = "info"
    /// How long a service may take to answer `/readyz` with 200 (the broker: to print its address).
    public var readinessTimeout: Duration = .seconds(60)
    /// How long a service may drain after SIGTERM before it gets SIGKILL.
    public var stopGrace: Duration = .seconds(10)
    /// Extra environment per service; wins over the stack's own values.
    public var extraEnvironment: [StackService: [String: String]] = [:]

    /// A configuration with fresh credentials.
    /// - Parameters:
    ///   - executablesDirectory: where the `handover-*` executables are.
    ///   - runDirectory: the folder for logs and generated files (created when missing).
    ///   - ports: the services' HTTP ports.
    public init(executablesDirectory: URL, runDirectory: URL, ports: StackPorts) {
        self.executablesDirectory = executablesDirectory
        self.runDirectory = runDirectory
        self.ports = ports
        botApp = .random(id: "710000000000001", name: "Shop Bot")
        agentApp = .random(id: "720000000000002", name: "Agent Desk")
        agentAPIToken = "agent-" + StackApp.randomToken()
        deskAgents = [.random(id: "alex", name: "Alex"), .random(id: "sam", name: "Sam")]
    }

    /// The Page Inbox's app id.
    public static let pageInboxID = "263902037430900"

    /// A new run folder under `parent` named after the current time: `.stack/20260124-193012`.
    public static func newRunDirectory(under parent: URL, now: Date = Date()) -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        var candidate = parent.appendingPathComponent(formatter.string(from: now))
        var suffix = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = parent.appendingPathComponent(formatter.string(from: now) + "-\(suffix)")
            suffix += 1
        }
        return candidate
    }
}
