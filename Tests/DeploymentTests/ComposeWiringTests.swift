import Testing

/// docker-compose.yml wires the services to each other the way the demo needs: startup order on
/// health, the simulator's webhooks into the ingress with matching secrets, the workers' Graph
/// API calls into the simulator, and mounted files that exist.
@Suite struct ComposeWiringTests {
    /// Our services get their secrets as files under /run/secrets, never as environment values.
    @Test func secretsReachOurServicesAsFilesOnly() throws {
        let files = try DeploymentFiles.shared.get()
        let compose = files.compose
        for service in compose.services.values where service.container.executable != nil {
            let mounted = Set(service.raw["secrets"]?.array?.compactMap(\.string) ?? [])
            for variable in service.container.environment where variable.source == "literal" {
                let name = variable.name
                let secretLike = ["SECRET", "TOKEN", "PASSWORD"].contains { name.hasSuffix($0) }
                #expect(!secretLike, "\(service.name) sets \(name) as an environment value; use \(name)_FILE")
                if name.hasSuffix("_FILE"), let path = variable.value, path.hasPrefix("/run/secrets/") {
                    let secret = String(path.dropFirst("/run/secrets/".count))
                    #expect(mounted.contains(secret), "\(service.name): \(name) names \(secret), which it does not mount")
                    #expect(compose.secretFiles[secret].map(files.layout.exists) == true, "no file for secret \(secret)")
                }
            }
        }
    }

    @Test func everyDependencyExistsAndHealthConditionsHaveAHealthCheck() throws {
        let files = try DeploymentFiles.shared.get()
        let conditions: Set<String> = ["service_started", "service_healthy", "service_completed_successfully"]
        for service in files.compose.services.values {
            for (dependency, condition) in service.dependsOn {
                let target = try #require(
                    files.compose.services[dependency], "\(service.name) depends on unknown service \(dependency)")
                #expect(
                    conditions.contains(condition),
                    "\(service.name) waits for \(dependency) with unknown condition \(condition)")
                if condition == "service_healthy" {
                    #expect(
                        target.raw["healthcheck"] != nil,
                        "\(service.name) waits for \(dependency) to be healthy, but it has no healthcheck")
                }
            }
            if let restart = service.raw["restart"]?.string {
                #expect(
                    ["no", "always", "on-failure", "unless-stopped"].contains(restart),
                    "\(service.name): restart \(restart)")
            }
        }
    }

    @Test func simulatorDeliversEachAppsWebhooksToTheIngressPathOfThatApp() throws {
        let files = try DeploymentFiles.shared.get()
        let simulator = try #require(files.compose.handoverServices["handover-simulator"]?.first?.container)
        let ingress = try #require(files.compose.handoverServices["handover-ingress"]?.first)
        let ingressPort = ingress.container.value(of: "PORT") ?? "8080"
        for app in ["BOT", "AGENT"] {
            let id = try #require(
                simulator.value(of: "SIMULATOR_\(app)_APP_ID"), "simulator sets no SIMULATOR_\(app)_APP_ID")
            let url = simulator.value(of: "SIMULATOR_\(app)_WEBHOOK_URL")
            #expect(
                url == "http://\(ingress.name):\(ingressPort)/webhook/\(id)",
                "SIMULATOR_\(app)_WEBHOOK_URL is \(url ?? "unset")")
        }
    }

    @Test func ingressAcceptsTheSimulatedAppsWithTheSecretsTheSimulatorSignsWith() throws {
        let files = try DeploymentFiles.shared.get()
        let simulator = try #require(files.compose.handoverServices["handover-simulator"]?.first?.container)
        let ingress = try #require(files.compose.handoverServices["handover-ingress"]?.first)
        var accepted: [String: String?] = [:]
        if let path = ingress.container.value(of: "HANDOVER_CONFIG") {
            let mount = try #require(
                ingress.bindMounts.first { $0.container == path },
                "HANDOVER_CONFIG \(path) is not a file mounted from the repository")
            let config = try YAMLValue.json(try files.layout.text(mount.host))
            for app in config["apps"]?.array ?? [] {
                if let id = app["id"]?.string { accepted[id] = app["secret"]?.string }
            }
        }
        if let id = ingress.container.value(of: "MESSENGER_APP_ID") {
            accepted[id] = ingress.container.value(of: "MESSENGER_APP_SECRET")
        }
        for app in ["BOT", "AGENT"] {
            let id = simulator.value(of: "SIMULATOR_\(app)_APP_ID") ?? "?"
            #expect(
                accepted[id] != nil,
                "the ingress does not accept webhooks of the simulator's \(app.lowercased()) app \(id)")
            #expect(
                accepted[id] == simulator.value(of: "SIMULATOR_\(app)_APP_SECRET"),
                "the ingress verifies app \(id) with another secret than the simulator signs with")
        }
    }

    @Test func workersActForTheSimulatedAppsAndCallTheSimulatorAsGraphAPI() throws {
        let files = try DeploymentFiles.shared.get()
        let simulatorService = try #require(files.compose.handoverServices["handover-simulator"]?.first)
        let simulator = simulatorService.container
        let simulatorURL = "http://\(simulatorService.name):\(simulator.value(of: "PORT") ?? "8070")"
        let roles = ["handover-bot-worker": "BOT", "handover-agent-worker": "AGENT"]
        for (executable, app) in roles {
            let worker = try #require(
                files.compose.handoverServices[executable]?.first?.container, "no compose service runs \(executable)")
            #expect(
                worker.value(of: "MESSENGER_APP_ID") == simulator.value(of: "SIMULATOR_\(app)_APP_ID"),
                "\(worker.origin) acts for another app than the simulator's \(app.lowercased()) app")
            #expect(
                worker.value(of: "MESSENGER_APP_SECRET") == simulator.value(of: "SIMULATOR_\(app)_APP_SECRET"),
                "\(worker.origin): app secret differs from the simulator's (appsecret_proof would fail)")
            #expect(
                worker.value(of: "MESSENGER_PAGE_ACCESS_TOKEN") == simulator.value(of: "SIMULATOR_\(app)_PAGE_TOKEN"),
                "\(worker.origin): page token differs from the simulator's")
            #expect(
                worker.value(of: "MESSENGER_PAGE_ID") == simulator.value(of: "SIMULATOR_PAGE_ID"),
                "\(worker.origin): another page than the simulator's")
            #expect(
                worker.value(of: "GRAPH_API_URL") == simulatorURL,
                "\(worker.origin): GRAPH_API_URL \(worker.value(of: "GRAPH_API_URL") ?? "unset") is not the simulator (\(simulatorURL))"
            )
        }
        let agent = try #require(files.compose.handoverServices["handover-agent-worker"]?.first?.container)
        #expect(
            agent.value(of: "PRIMARY_APP_ID") == simulator.value(of: "SIMULATOR_BOT_APP_ID"),
            "the agent worker hands threads back to another app than the bot")
    }

    @Test func everyFileComposeMountsFromTheRepositoryExists() throws {
        let files = try DeploymentFiles.shared.get()
        var mounts = 0
        for service in files.compose.services.values {
            for mount in service.bindMounts {
                mounts += 1
                #expect(files.layout.exists(mount.host), "\(service.name) mounts \(mount.host), which does not exist")
            }
        }
        #expect(mounts >= 3, "expected the ingress config, Prometheus and Grafana mounts")
    }

    /// Only the ingress faces the network: Kafka, the simulator's unauthenticated control API, the
    /// workers' agent and metrics ports, Prometheus and Grafana are published on loopback only.
    @Test func onlyTheIngressIsPublishedBeyondLoopback() throws {
        let files = try DeploymentFiles.shared.get()
        var published = 0
        for service in files.compose.services.values {
            for item in service.raw["ports"]?.array ?? [] {
                let mapping = try #require(item.string, "\(service.name): ports given in the long form")
                published += 1
                if service.container.executable == "handover-ingress" { continue }
                #expect(mapping.hasPrefix("127.0.0.1:"), "\(service.name) publishes \(mapping) on every interface")
            }
        }
        #expect(published >= 8, "compose publishes \(published) ports")
    }
}
