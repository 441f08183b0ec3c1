import AgentDesk
import Foundation
import MessengerPlatform
import ServiceKit
import WorkerKit

/// Everything `handover-agent-worker` needs: the runtime's settings, the app it hands threads back
/// to, the agent desk and the agent API's token.
public struct AgentWorkerConfiguration: Sendable {
    /// The executable's name, also its default consumer group (`KAFKA_GROUP_ID`).
    public static let serviceName = "handover-agent-worker"
    /// The default `PORT` (agent API, health, metrics).
    public static let defaultPort = 8082

    /// Kafka, Graph API, pages, concurrency: see WorkerKit.
    public var worker: WorkerConfiguration
    /// The primary (default) app, the bot, that `handback` passes control to (`PRIMARY_APP_ID`).
    public var primaryAppID: AppID
    /// The desk events go to (`AGENT_DESK_URL`, `AGENT_DESK_SECRET`); nil: events are logged.
    public var desk: DeskConfiguration?
    /// The agent API's bearer token (`AGENT_API_TOKEN` or `AGENT_API_TOKEN_FILE`).
    public var apiToken: Secret
    /// The page's protocol (`THREAD_CONTROL_MODE`, `PAGE_DEFAULT_APP`): which calls Meta allows.
    public var threadControl: ThreadControlMode
    /// Where the desk keeps its state (`AGENT_STORE_URL` or `AGENT_STORE_URL_FILE`):
    /// `sqlite:PATH` for one replica, `postgres://…` for several.
    public var storeURL: Secret = Secret(Self.defaultStoreURL)
    /// Agents, assignment, timers, business hours and messages (`AGENT_DESK_FILE`); no agents
    /// when unset (the queue is then worked through the service token).
    public var policy = DeskPolicy()
    /// How often the desk's timers run (`AGENT_DESK_SWEEP_MS`).
    public var sweepInterval: Duration = .seconds(1)
    /// The agent console's sessions and live updates (`AGENT_CONSOLE_*`).
    public var console = ConsoleConfiguration()

    /// The default store: a SQLite file in the working folder.
    public static let defaultStoreURL = "sqlite:agent-desk.sqlite"
    /// Now, in ms since 1970, for the messaging window (the wall clock; tests move it with the
    /// simulator's).
    public var clock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// A configuration from its parts (tests).
    public init(
        worker: WorkerConfiguration, primaryAppID: AppID, desk: DeskConfiguration?, apiToken: Secret,
        threadControl: ThreadControlMode = .routing(hasDefaultApp: true)
    ) {
        self.worker = worker
        self.primaryAppID = primaryAppID
        self.desk = desk
        self.apiToken = apiToken
        self.threadControl = threadControl
    }

    /// Reads the environment; throws a ``ConfigurationError`` naming the first bad variable.
    /// `AGENT_API_TOKEN` is required: an agent API without a token would let anyone speak for the page.
    public init(environment: ServiceEnvironment) throws {
        let worker = try WorkerConfiguration(
            serviceName: Self.serviceName, defaultPort: Self.defaultPort, environment: environment)
        let primary = try environment.requiredString("PRIMARY_APP_ID")
        guard primary.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ConfigurationError(variable: "PRIMARY_APP_ID", problem: "must be a numeric app id")
        }
        let token = try environment.requiredSecret("AGENT_API_TOKEN")
        guard token.value.count >= 16 else {
            throw ConfigurationError(variable: "AGENT_API_TOKEN", problem: "must be at least 16 characters")
        }
        self.init(
            worker: worker, primaryAppID: AppID(primary), desk: try DeskConfiguration.fromEnvironment(environment),
            apiToken: token, threadControl: try ThreadControlMode(environment: environment))
        if let url = try environment.secret("AGENT_STORE_URL") {
            guard
                url.value.hasPrefix("sqlite:") || url.value.hasPrefix("postgres://")
                    || url.value.hasPrefix("postgresql://")
            else {
                throw ConfigurationError(
                    variable: "AGENT_STORE_URL", problem: "must be sqlite:PATH or postgres://user:password@host:port/db"
                )
            }
            storeURL = url
        }
        if let path = environment.string("AGENT_DESK_FILE") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError(variable: "AGENT_DESK_FILE", problem: "cannot read \(path)")
            }
            do {
                policy = try DeskPolicy(json: data)
            } catch {
                throw ConfigurationError(variable: "AGENT_DESK_FILE", problem: error.description)
            }
        }
        sweepInterval = try environment.milliseconds(
            "AGENT_DESK_SWEEP_MS", default: sweepInterval, in: 50...60_000)
        console = try ConsoleConfiguration(environment: environment)
    }
}
