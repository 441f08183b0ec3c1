import ServiceKit
import WorkerKit

/// Everything `handover-bot-worker` needs: the runtime's settings and the bot's behaviour.
public struct BotWorkerConfiguration: Sendable {
    /// The executable's name, also its default consumer group (`KAFKA_GROUP_ID`).
    public static let serviceName = "handover-bot-worker"
    /// The default `PORT` (health, metrics).
    public static let defaultPort = 8081

    /// Kafka, Graph API, pages, concurrency: see WorkerKit.
    public var worker: WorkerConfiguration
    /// Rules, command words, handover target, request policy, messages.
    public var behaviour: BotBehaviour

    /// A configuration from its parts (tests).
    public init(worker: WorkerConfiguration, behaviour: BotBehaviour) {
        self.worker = worker
        self.behaviour = behaviour
    }

    /// Reads the environment; throws a ``ConfigurationError`` naming the first bad variable.
    public init(environment: ServiceEnvironment) throws {
        self.init(
            worker: try WorkerConfiguration(
                serviceName: Self.serviceName, defaultPort: Self.defaultPort, environment: environment),
            behaviour: try BotBehaviour(environment: environment)
        )
    }
}
