import Foundation
import Kafka
import Launcher

extension StackConfiguration {
    /// The Graph API version the workers use against the simulator.
    static let graphAPIVersion = "v23.0"

    /// The variable every child carries, naming its run folder, so a test can find any process of
    /// the run that outlived the stack (orphans) by reading `/proc/<pid>/environ`.
    public static let runMarkerVariable = "HANDOVER_STACK_RUN"

    /// Where the ingress's two-app file goes.
    var ingressAppsFile: URL { runDirectory.appendingPathComponent("ingress-apps.json") }
    /// The run's credentials as `NAME=value` lines, for a person calling the agent API by hand.
    public var credentialsFile: URL { runDirectory.appendingPathComponent("credentials.env") }
    /// Where the broker writes its bootstrap address.
    var brokerAddressFile: URL { runDirectory.appendingPathComponent("devbroker.address") }

    /// The log file of `service`.
    public func logURL(_ service: StackService) -> URL {
        runDirectory.appendingPathComponent("\(service.rawValue).log")
    }

    /// How to start `service`: the stack's environment for it (plus ``extraEnvironment``).
    /// - Parameter brokers: the broker's bootstrap address, known once it runs (nil for the broker).
    public func launch(_ service: StackService, brokers: String?) -> ChildLaunch {
        let endpoints = StackEndpoints(host: host, ports: ports, brokers: brokers)
        var environment = baseEnvironment()
        environment["LOG_LEVEL"] = logLevel
        environment["KAFKA_TOPIC_PREFIX"] = topicPrefix
        if let brokers { environment["KAFKA_BROKERS"] = brokers }
        if service != .devbroker {
            if case .tansu = broker {
                for (name, value) in TansuBroker.clientProperties {
                    environment[KafkaConfiguration.environmentVariable(forProperty: name)] = value
                }
            }
            environment.merge(kafkaPropertyVariables) { _, property in property }
        }
        if let port = ports[service] {
            environment["PORT"] = String(port)
            environment["HOST"] = host
        }
        switch service {
        case .devbroker:
            environment["DEVBROKER_BOOTSTRAP_FILE"] = brokerAddressFile.path
            environment["DEVBROKER_PARTITIONS"] = String(partitions)
            environment["DEVBROKER_HOST"] = host
        case .simulator:
            environment["SIMULATOR_HOST"] = host
            environment["SIMULATOR_PAGE_ID"] = pageID
            environment["SIMULATOR_MODE"] = simulatorMode
            environment["SIMULATOR_WEBHOOK_RETRY_DELAYS_MS"] =
                webhookRetryDelaysMilliseconds.map(String.init).joined(separator: ",")
            for (prefix, app) in [("SIMULATOR_BOT", botApp), ("SIMULATOR_AGENT", agentApp)] {
                environment[prefix + "_APP_ID"] = app.id
                environment[prefix + "_APP_NAME"] = app.name
                environment[prefix + "_APP_SECRET"] = app.secret
                environment[prefix + "_PAGE_TOKEN"] = app.pageToken
                environment[prefix + "_WEBHOOK_URL"] = endpoints.webhookURL(appID: app.id)
            }
        case .ingress:
            environment["HANDOVER_CONFIG"] = ingressAppsFile.path
        case .botWorker, .agentWorker, .auditWorker:
            let app = service == .agentWorker ? agentApp : botApp
            environment["MESSENGER_APP_ID"] = app.id
            environment["MESSENGER_APP_SECRET"] = app.secret
            environment["MESSENGER_PAGE_ID"] = pageID
            environment["MESSENGER_PAGE_ACCESS_TOKEN"] = app.pageToken
            environment["GRAPH_API_URL"] = endpoints.simulatorURL
            // The simulator listens on loopback; its tokens are the demo's.
            environment["GRAPH_API_ALLOW_PLAIN_HTTP"] = "loopback"
            environment["GRAPH_API_VERSION"] = Self.graphAPIVersion
            environment["KAFKA_GROUP_ID"] = service.executableName
            // Short drains keep Ctrl-C quick; nothing is lost (at-least-once, offsets committed).
            environment["WORKER_DRAIN_TIMEOUT_SECONDS"] = "5"
            // A crashed worker's partitions move to its restarted self in seconds, not librdkafka's 45.
            environment["KAFKA_PROPERTY_SESSION_TIMEOUT_MS"] = "6000"
            environment["KAFKA_PROPERTY_HEARTBEAT_INTERVAL_MS"] = "1000"
            if service == .botWorker {
                environment["HANDOVER_TARGET_APP_ID"] = handoverTarget ?? Self.pageInboxID
                if let botRulesFile { environment["BOT_RULES_FILE"] = botRulesFile.path }
            }
            if service == .agentWorker {
                environment["PRIMARY_APP_ID"] = botApp.id
                environment["THREAD_CONTROL_MODE"] = simulatorMode
                environment["AGENT_API_TOKEN"] = agentAPIToken
                environment["AGENT_DESK_FILE"] = deskFile.path
                // The console is reached over plain HTTP on this machine.
                environment["AGENT_CONSOLE_SECURE_COOKIE"] = "false"
                // The desk's state survives restarts of the agent worker within the run.
                environment["AGENT_STORE_URL"] =
                    "sqlite:" + runDirectory.appendingPathComponent("agent-desk.sqlite").path
            }
        }
        environment.merge(extraEnvironment[service] ?? [:]) { _, extra in extra }
        return ChildLaunch(
            name: service.description,
            executable: executablesDirectory.appendingPathComponent(service.executableName),
            environment: environment,
            logURL: logURL(service)
        )
    }

    /// The few variables a child inherits from the launcher: nothing else, so a stray
    /// `KAFKA_BROKERS` or `MESSENGER_APP_ID` in the person's shell cannot change the stack.
    private func baseEnvironment() -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] = [Self.runMarkerVariable: runDirectory.path]
        for name in ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER"] {
            if let value = inherited[name] { environment[name] = value }
        }
        environment["PATH"] = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return environment
    }

    /// The desk file the agent worker reads (`AGENT_DESK_FILE`).
    public var deskFile: URL { runDirectory.appendingPathComponent("agent-desk.json") }

    /// Writes ``deskFile``: the demo agents (tokens inline, readable by this user only), offers to
    /// the least-loaded online agent, presence for a day so the signed-in demo agent stays online.
    func writeDeskFile() throws(StackError) {
        struct Agent: Encodable {
            var id: String
            var name: String
            var token: String
            var capacity = 5
        }
        struct DeskFile: Encodable {
            var agents: [Agent]
            var assignment = "auto"
            var offer_timeout_seconds = 120
            var agent_silence_seconds: Int
            var presence_timeout_seconds = 86_400
        }
        let file = DeskFile(
            agents: deskAgents.map { Agent(id: $0.id, name: $0.name, token: $0.token) },
            agent_silence_seconds: deskAgentSilenceSeconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(file),
            FileManager.default.createFile(
                atPath: deskFile.path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw StackError(.launch(.files), "cannot write \(deskFile.path)") }
    }

    /// Writes ``credentialsFile`` (readable by this user only).
    func writeCredentialsFile() throws(StackError) {
        let lines =
            [
                "# handover-stack: this run's generated credentials (local only)",
                "AGENT_API_TOKEN=\(agentAPIToken)",
            ] + deskAgents.map { "\($0.tokenVariable)=\($0.token)" } + [
                "BOT_APP_ID=\(botApp.id)", "BOT_APP_SECRET=\(botApp.secret)", "BOT_PAGE_TOKEN=\(botApp.pageToken)",
                "BOT_VERIFY_TOKEN=\(botApp.verifyToken)",
                "AGENT_APP_ID=\(agentApp.id)", "AGENT_APP_SECRET=\(agentApp.secret)",
                "AGENT_PAGE_TOKEN=\(agentApp.pageToken)",
                "AGENT_VERIFY_TOKEN=\(agentApp.verifyToken)",
                "PAGE_ID=\(pageID)",
            ]
        let written = FileManager.default.createFile(
            atPath: credentialsFile.path, contents: Data((lines.joined(separator: "\n") + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        guard written else { throw StackError(.launch(.files), "cannot write \(credentialsFile.path)") }
    }

    /// Writes the ingress's `HANDOVER_CONFIG` file (both apps; readable by this user only).
    func writeIngressAppsFile() throws(StackError) {
        let apps = [botApp, agentApp].map { app -> [String: String] in
            ["id": app.id, "secret": app.secret, "verify_token": app.verifyToken]
        }
        do {
            let data = try JSONSerialization.data(
                withJSONObject: ["apps": apps], options: [.prettyPrinted, .sortedKeys])
            _ = FileManager.default.createFile(
                atPath: ingressAppsFile.path, contents: data, attributes: [.posixPermissions: 0o600])
            guard FileManager.default.fileExists(atPath: ingressAppsFile.path) else {
                throw StackError(.launch(.files), "cannot write \(ingressAppsFile.path)")
            }
        } catch let error as StackError {
            throw error
        } catch {
            throw StackError(.launch(.files), "cannot write \(ingressAppsFile.path)")
        }
    }
}
