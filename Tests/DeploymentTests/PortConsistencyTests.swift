import Testing

/// Every port a deployment file names for a service is that service's default `PORT`.
@Suite struct PortConsistencyTests {
    @Test func composeServicesListenHealthCheckAndPublishOnTheirDefaultPort() throws {
        let files = try DeploymentFiles.shared.get()
        for (executable, services) in files.compose.handoverServices {
            let expected = try #require(ServiceContract.defaultPorts[executable], "\(executable) has no contract port")
            for service in services {
                let container = service.container
                #expect(container.value(of: "PORT") == String(expected), "\(container.origin): PORT is \(container.value(of: "PORT") ?? "unset"), expected \(expected)")
                #expect(container.containerPorts == [expected], "\(container.origin): publishes container ports \(container.containerPorts), expected [\(expected)]")
                #expect(!container.probes.isEmpty, "\(container.origin) has no healthcheck (depends_on conditions need one)")
                for probe in container.probes {
                    #expect(probe.port == expected, "\(container.origin): healthcheck connects to \(probe.portText ?? "no port"), expected \(expected)")
                    #expect(["/healthz", "/readyz"].contains(probe.path ?? ""), "\(container.origin): healthcheck requests \(probe.path ?? "nothing")")
                }
            }
        }
    }

    @Test func kubernetesContainersListenAndAreProbedOnTheirDefaultPort() throws {
        let files = try DeploymentFiles.shared.get()
        for (executable, containers) in files.kubernetes.handoverContainers {
            let expected = try #require(ServiceContract.defaultPorts[executable], "\(executable) has no contract port")
            for (workload, container, _) in containers {
                #expect(container.value(of: "PORT") == String(expected), "\(container.origin): PORT is \(container.value(of: "PORT") ?? "unset"), expected \(expected)")
                #expect(container.containerPorts == [expected], "\(container.origin): containerPorts \(container.containerPorts), expected [\(expected)]")
                let readiness = container.probes.first { $0.kind == "readinessProbe" }
                let liveness = container.probes.first { $0.kind == "livenessProbe" }
                #expect(readiness?.path == "/readyz", "\(container.origin): readinessProbe should GET /readyz")
                #expect(liveness?.path == "/healthz", "\(container.origin): livenessProbe should GET /healthz")
                for probe in container.probes {
                    #expect(probe.port == expected, "\(container.origin): \(probe.kind) port \(probe.portText ?? "none") is not \(expected)")
                }
                let annotations = workload.value.at("spec", "template", "metadata", "annotations")
                if let scrapePort = annotations?["prometheus.io/port"]?.string {
                    #expect(scrapePort == String(expected), "\(workload.label): prometheus.io/port \(scrapePort), expected \(expected)")
                }
            }
        }
    }

    @Test func kubernetesServicesForwardToTheContainerPortOfThePodsTheySelect() throws {
        let files = try DeploymentFiles.shared.get()
        let containers = files.kubernetes.containers
        for service in files.kubernetes.resources(ofKind: "Service") {
            let selector = (service.value.at("spec", "selector")?.dictionary ?? [:]).compactMapValues(\.string)
            let selected = containers.filter { entry in
                let labels = KubernetesManifests.podLabels(of: entry.workload)
                return !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
            }
            #expect(!selected.isEmpty, "\(service.label) selects no pods")
            for port in service.value.at("spec", "ports")?.array ?? [] {
                let target = port["targetPort"]?.string ?? port["port"]?.string ?? ""
                for (_, container, _) in selected {
                    let resolved = Int(target) ?? container.namedPorts[target]
                    #expect(
                        resolved != nil && container.containerPorts.contains(resolved!),
                        "\(service.label): targetPort \(target) is not a port of \(container.origin)")
                }
            }
        }
    }

    @Test func prometheusScrapesEveryComposeServiceOnItsPort() throws {
        let files = try DeploymentFiles.shared.get()
        let config = try #require(try YAMLValue.documents(ofYAML: try files.layout.text("deploy/prometheus/prometheus.yml")).first)
        var scraped: [String: [Int]] = [:]
        for job in config["scrape_configs"]?.array ?? [] {
            #expect((job["metrics_path"]?.string ?? "/metrics") == "/metrics", "scrape job \(job["job_name"]?.string ?? "?") scrapes another path")
            for group in job["static_configs"]?.array ?? [] {
                for target in group["targets"]?.array?.compactMap(\.string) ?? [] {
                    let parts = target.split(separator: ":")
                    scraped[String(parts[0]), default: []].append(parts.count > 1 ? Int(parts[1]) ?? -1 : 80)
                }
            }
        }
        for (host, ports) in scraped {
            let service = try #require(files.compose.services[host], "Prometheus scrapes \(host), which is no compose service")
            let expected = service.container.executable.flatMap { ServiceContract.defaultPorts[$0] }
            #expect(ports.allSatisfy { $0 == expected }, "Prometheus scrapes \(host) on \(ports), its PORT is \(expected.map(String.init) ?? "unknown")")
        }
        for (name, service) in files.compose.services where service.container.executable != nil {
            #expect(scraped[name] != nil, "Prometheus does not scrape compose service \(name)")
        }
    }

    @Test func eachServicesSourcesNameTheDefaultPortTheDeploymentUses() throws {
        let files = try DeploymentFiles.shared.get()
        for executable in files.deployedExecutables {
            let port = try #require(ServiceContract.defaultPorts[executable], "\(executable) has no contract port")
            let folder = try #require(ServiceContract.sourceFolders[executable])
            let texts = files.sources.files.filter { $0.path.hasPrefix(folder + "/") }.map(\.text)
            let named = texts.contains { !TextPattern.all(#"(?<![0-9])(\#(port))(?![0-9])"#, in: $0).isEmpty }
            #expect(named, "no source under \(folder) names port \(port), the default the deployment files assume")
        }
    }
}
