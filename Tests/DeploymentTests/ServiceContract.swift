/// The fixed names the deployment files must agree with (the contracts in the README: topics, record key and value, executables, variables).
enum ServiceContract {
    /// Each deployed executable's default `PORT`.
    static let defaultPorts: [String: Int] = [
        "handover-ingress": 8080,
        "handover-bot-worker": 8081,
        "handover-agent-worker": 8082,
        "handover-audit-worker": 8083,
        "handover-simulator": 8070,
    ]

    /// Executables that run only on a developer's machine, never in compose or Kubernetes.
    static let localOnlyExecutables: Set<String> = ["handover-devbroker", "handover-stack", "handover-bench"]

    /// The workers: consumer-group members scaled on lag.
    static let workers: Set<String> = ["handover-bot-worker", "handover-agent-worker", "handover-audit-worker"]

    /// The folder holding each executable's own sources (its library and its `main`); the
    /// variables it reads live there or in Shared/.
    static let sourceFolders: [String: String] = [
        "handover-ingress": "Services/Ingress",
        "handover-bot-worker": "Services/BotWorker",
        "handover-agent-worker": "Services/AgentWorker",
        "handover-audit-worker": "Services/AuditWorker",
        "handover-simulator": "Services/Simulator",
    ]

    /// Source folders that name variables without reading them: they start the services and set
    /// their environment, so a name found there proves nothing about what a service reads.
    static let launcherFolders: [String] = ["Services/LocalStack", "Services/Benchmarks"]

    /// `KAFKA_TOPIC_PREFIX`'s default.
    static let defaultTopicPrefix = "messenger."

    /// The event topics' names after the prefix.
    static let eventTopicSuffixes = ["messages", "standby", "handovers", "app_role"]

    /// The four event topics under `prefix`.
    static func eventTopics(prefix: String) -> Set<String> {
        Set(eventTopicSuffixes.map { prefix + $0 })
    }

    /// Every topic of the contract: the event topics, their `.dlq` twins and the ingress DLQ.
    static func allTopics(prefix: String) -> Set<String> {
        let events = eventTopics(prefix: prefix)
        return events.union(events.map { $0 + ".dlq" }).union([prefix + "ingress.dlq"])
    }

    /// A worker's consumer group when `KAFKA_GROUP_ID` is not set: its executable's name.
    static func defaultGroupID(of executable: String) -> String { executable }
}
