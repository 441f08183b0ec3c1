import Foundation

/// A service executable as its command-line tests see it: a few variables its `--help` must list,
/// and the sources of its configuration, whose every variable `--help` must list.
struct ServiceExecutable: Sendable, CustomStringConvertible {
    let name: String
    let someVariables: [String]
    /// Files and folders, relative to the package, that read its configuration.
    let configurationSources: [String]

    var description: String { name }

    /// The shared readers every HTTP service uses.
    static let serviceSources = [
        "Shared/ServiceKit/LogBootstrap.swift", "Shared/ServiceKit/HTTPServerLimits.swift",
        "Shared/ServiceKit/MessengerTopics+Environment.swift", "Shared/Kafka/KafkaConfiguration+Environment.swift",
    ]
    /// What every worker reads.
    static let workerSources = serviceSources + ["Shared/WorkerKit/WorkerConfiguration+Environment.swift"]

    static let all = [
        ServiceExecutable(
            name: "handover-ingress",
            someVariables: [
                "INGRESS_ACK_TIMEOUT_MS", "KAFKA_BROKERS", "MESSENGER_APP_SECRET_FILE", "HTTP_IDLE_TIMEOUT_MS",
            ],
            configurationSources: serviceSources + ["Services/Ingress/Ingress/IngressConfiguration.swift"]),
        ServiceExecutable(
            name: "handover-bot-worker",
            someVariables: ["BOT_HELP_WORDS", "WORKER_CONCURRENCY", "GRAPH_API_URL", "KAFKA_GROUP_ID"],
            configurationSources: workerSources + ["Services/BotWorker/BotWorker"]),
        ServiceExecutable(
            name: "handover-agent-worker",
            someVariables: ["AGENT_API_TOKEN", "AGENT_DESK_URL", "THREAD_CONTROL_MODE", "WORKER_BATCH_SIZE"],
            configurationSources: workerSources + ["Services/AgentWorker/AgentWorker"]),
        ServiceExecutable(
            name: "handover-audit-worker",
            someVariables: ["PORT", "KAFKA_BROKERS", "WORKER_DRAIN_TIMEOUT_SECONDS", "LOG_FORMAT"],
            configurationSources: workerSources + ["Services/AuditWorker"]),
        ServiceExecutable(
            name: "handover-simulator",
            someVariables: ["PORT", "SIMULATOR_MODE", "SIMULATOR_BOT_APP_ID", "SIMULATOR_AGENT_PAGE_TOKEN_FILE"],
            configurationSources: ["Shared/ServiceKit/LogBootstrap.swift", "Services/Simulator/Simulator"]),
        ServiceExecutable(
            name: "handover-devbroker",
            someVariables: ["DEVBROKER_PARTITIONS", "KAFKA_TOPIC_PREFIX", "LOG_LEVEL"],
            configurationSources: [
                "Shared/ServiceKit/LogBootstrap.swift", "Shared/ServiceKit/MessengerTopics+Environment.swift", "Services/DevBroker",
            ]),
    ]
}

/// The package's sources, read by the tests that hold `--help` to what the code reads.
enum PackageSources {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The Swift files at `paths` (files, or folders searched recursively), leaving out the files
    /// that describe variables for `--help` (they would prove nothing).
    static func swiftFiles(_ paths: [String]) -> [URL] {
        paths.flatMap { path -> [URL] in
            let url = root.appendingPathComponent(path)
            guard path.hasSuffix(".swift") else {
                let names = FileManager.default.subpaths(atPath: url.path) ?? []
                return names.filter { $0.hasSuffix(".swift") }.map { url.appendingPathComponent($0) }
            }
            return [url]
        }
        .filter { !isHelpDescription($0.lastPathComponent) }
    }

    static func isHelpDescription(_ file: String) -> Bool {
        file.hasSuffix("+Command.swift") || file.hasSuffix("+Variables.swift") || file == "EnvironmentVariable.swift"
    }

    /// The text of every Swift file under `Shared` and `Services` but the `--help` descriptions.
    static var all: String {
        swiftFiles(["Shared", "Services"]).compactMap { try? String(contentsOf: $0, encoding: .utf8) }
            .joined(separator: "\n")
    }

    /// Every upper-case string literal (`"PORT"`, `"_FILE"`) in `text`.
    static func upperCaseLiterals(_ text: String) throws -> Set<String> {
        let literal = try Regex(#""([A-Z_][A-Z0-9_]*)""#)
        return Set(text.matches(of: literal).compactMap { $0.output[1].substring.map(String.init) })
    }

    /// The variables `text` reads through `ServiceEnvironment` (and `KafkaConfiguration`'s
    /// dictionary) by a literal name, and `PORT` when it reads the port.
    static func variablesRead(_ text: String) throws -> Set<String> {
        let call = try Regex(
            #"\.(?:string|requiredString|int|bool|choice|milliseconds|seconds|list|secret|requiredSecret)\(\s*"([A-Z][A-Z0-9_]*)""#
        )
        let lookup = try Regex(#"(?:environment|variables)\[\s*"([A-Z][A-Z0-9_]*)"\s*\]"#)
        var names = Set(text.matches(of: call).compactMap { $0.output[1].substring.map(String.init) })
        names.formUnion(text.matches(of: lookup).compactMap { $0.output[1].substring.map(String.init) })
        if text.contains(".port(default:") { names.insert("PORT") }
        return names
    }
}
