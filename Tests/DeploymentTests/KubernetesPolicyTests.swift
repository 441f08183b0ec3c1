import Testing

/// The Kubernetes manifests follow the operating rules of issue 6: bounded resources, probes,
/// graceful termination longer than the drain, non-root read-only pods, disruption budgets,
/// CPU scaling for the ingress, and a kustomization that applies every manifest.
@Suite struct KubernetesPolicyTests {
    /// Bytes in a Kubernetes memory quantity (`256Mi`, `1G`, `134217728`).
    static func bytes(_ quantity: String) -> Double? {
        let units: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1024 * 1024), ("Gi", 1024 * 1024 * 1024), ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9),
        ]
        for (suffix, factor) in units where quantity.hasSuffix(suffix) {
            return Double(quantity.dropLast(suffix.count)).map { $0 * factor }
        }
        return Double(quantity)
    }

    @Test func everyServiceContainerRequestsResourcesAndIsLimitedToAtMost256MiB() throws {
        let files = try DeploymentFiles.shared.get()
        for (_, container, raw) in files.kubernetes.containers where container.executable != nil {
            let resources = raw["resources"]
            #expect(resources?.at("requests", "cpu")?.string != nil, "\(container.origin) requests no CPU (the HPA and scheduler need it)")
            #expect(resources?.at("requests", "memory")?.string != nil, "\(container.origin) requests no memory")
            let limit = resources?.at("limits", "memory")?.string.flatMap(Self.bytes)
            #expect(limit != nil && limit! <= 256 * 1024 * 1024, "\(container.origin): memory limit \(resources?.at("limits", "memory")?.string ?? "unset") is not at most 256Mi")
        }
    }

    @Test func everyPodRunsNonRootWithAReadOnlyRootFilesystemAndNoPrivilegeEscalation() throws {
        let files = try DeploymentFiles.shared.get()
        for (workload, container, raw) in files.kubernetes.containers {
            let pod = KubernetesManifests.podSpec(of: workload)?["securityContext"]
            let own = raw["securityContext"]
            let nonRoot = own?["runAsNonRoot"]?.string ?? pod?["runAsNonRoot"]?.string
            #expect(nonRoot == "true", "\(container.origin) may run as root")
            let uid = (own?["runAsUser"] ?? pod?["runAsUser"])?.int
            #expect(uid != nil && uid! > 0, "\(container.origin): runAsUser should be a numeric non-root id")
            #expect(own?["readOnlyRootFilesystem"]?.string == "true", "\(container.origin): root filesystem is writable")
            #expect(own?["allowPrivilegeEscalation"]?.string == "false", "\(container.origin) allows privilege escalation")
            #expect(own?.at("capabilities", "drop")?.array?.contains(.scalar("ALL")) == true, "\(container.origin) keeps Linux capabilities")
        }
    }

    @Test func workersGetMoreTerminationGraceThanTheirDrainTimeout() throws {
        let files = try DeploymentFiles.shared.get()
        for (executable, containers) in files.kubernetes.handoverContainers where ServiceContract.workers.contains(executable) {
            for (workload, container, _) in containers {
                let drain = container.value(of: "WORKER_DRAIN_TIMEOUT_SECONDS").flatMap { Int($0) } ?? 20
                let grace = KubernetesManifests.podSpec(of: workload)?["terminationGracePeriodSeconds"]?.int ?? 30
                #expect(grace > drain, "\(workload.label): terminationGracePeriodSeconds \(grace) is not more than WORKER_DRAIN_TIMEOUT_SECONDS \(drain)")
            }
        }
    }

    @Test func ingressDrainsEndpointsBeforeStoppingAndScalesOnCPU() throws {
        let files = try DeploymentFiles.shared.get()
        let ingress = try #require(files.kubernetes.handoverContainers["handover-ingress"], "no Kubernetes workload runs handover-ingress")
        for (workload, container, raw) in ingress {
            let preStop = raw.at("lifecycle", "preStop")
            let sleep = preStop?.at("sleep", "seconds")?.int
                ?? preStop?.at("exec", "command")?.words.last.flatMap { Int($0) }
            #expect(sleep != nil && sleep! > 0, "\(container.origin) has no preStop sleep, so endpoints still route to a stopping pod")
            let ackMilliseconds = container.value(of: "INGRESS_ACK_TIMEOUT_MS").flatMap { Int($0) } ?? 3000
            let ackTimeout = (ackMilliseconds + 999) / 1000
            let grace = KubernetesManifests.podSpec(of: workload)?["terminationGracePeriodSeconds"]?.int ?? 30
            #expect(grace > (sleep ?? 0) + ackTimeout, "\(workload.label): grace \(grace) s leaves no time after the \(sleep ?? 0) s preStop sleep and \(ackTimeout) s acknowledgement bound")

            let autoscalers = files.kubernetes.resources(ofKind: "HorizontalPodAutoscaler").filter {
                $0.value.at("spec", "scaleTargetRef", "name")?.string == workload.name
            }
            #expect(autoscalers.count == 1, "\(workload.label) should have one HorizontalPodAutoscaler")
            for autoscaler in autoscalers {
                let metrics = autoscaler.value.at("spec", "metrics")?.array ?? []
                #expect(metrics.contains { $0.at("resource", "name")?.string == "cpu" }, "\(autoscaler.label) does not scale on CPU")
                #expect((autoscaler.value.at("spec", "minReplicas")?.int ?? 1) >= 2, "\(autoscaler.label): one replica leaves webhooks unanswered during a restart")
            }
            #expect(workload.value.at("spec", "replicas") == nil, "\(workload.label) sets replicas, which every apply resets under the HPA")
        }
    }

    @Test func everyDeploymentHasAPodDisruptionBudgetSelectingItsPods() throws {
        let files = try DeploymentFiles.shared.get()
        let budgets = files.kubernetes.resources(ofKind: "PodDisruptionBudget")
        for deployment in files.kubernetes.resources(ofKind: "Deployment") where deployment.name != "handover-simulator" {
            let labels = KubernetesManifests.podLabels(of: deployment)
            let covering = budgets.filter { budget in
                let selector = (budget.value.at("spec", "selector", "matchLabels")?.dictionary ?? [:]).compactMapValues(\.string)
                return !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
            }
            #expect(covering.count == 1, "\(deployment.label) is covered by \(covering.count) PodDisruptionBudgets")
        }
    }

    @Test func kustomizationsListEveryManifestBesideThemExceptExamples() throws {
        let files = try DeploymentFiles.shared.get()
        let kustomizations = files.kubernetes.resources(ofKind: "Kustomization")
        for overlay in ["base", "production", "staging"] {
            let file = KubernetesManifests.folder + "/\(overlay)/kustomization.yaml"
            #expect(kustomizations.contains { $0.file == file }, "no \(file)")
        }
        for kustomization in kustomizations {
            let folder = String(kustomization.file.split(separator: "/").dropLast().joined(separator: "/"))
            let listed = kustomization.value["resources"]?.array?.compactMap(\.string) ?? []
            for entry in listed where !entry.hasPrefix("..") {
                #expect(files.layout.exists(folder + "/" + entry), "\(kustomization.file) lists \(entry), which does not exist")
            }
            let beside = files.layout.files(under: folder, endingWith: [".yaml", ".yml"]).filter {
                !$0.dropFirst(folder.count + 1).contains("/")
            }
            for file in beside {
                let name = String(file.dropFirst(folder.count + 1))
                if name.hasPrefix("kustomization.") || name.contains(".example.") { continue }
                #expect(listed.contains(name), "\(kustomization.file) does not list \(name)")
            }
        }
    }

    @Test func ingressConfigFileNamesTheAppsAndMountedSecretFilesOfTheManifests() throws {
        let files = try DeploymentFiles.shared.get()
        let ingress = try #require(files.kubernetes.handoverContainers["handover-ingress"]?.first)
        let configPath = try #require(ingress.container.value(of: "HANDOVER_CONFIG"), "the Kubernetes ingress sets no HANDOVER_CONFIG")
        // Find the ConfigMap volume mounted at the folder of HANDOVER_CONFIG.
        let spec = KubernetesManifests.podSpec(of: ingress.workload)
        var mounted: [String: YAMLValue] = [:]
        for mount in ingress.raw["volumeMounts"]?.array ?? [] {
            guard let path = mount["mountPath"]?.string, let name = mount["name"]?.string,
                let volume = spec?["volumes"]?.array?.first(where: { $0["name"]?.string == name })
            else { continue }
            mounted[path] = volume
        }
        let folder = String(configPath.split(separator: "/").dropLast().joined(separator: "/"))
        let fileName = String(configPath.split(separator: "/").last ?? "")
        let mapName = try #require(mounted["/" + folder]?.at("configMap", "name")?.string, "no ConfigMap is mounted at /\(folder)")
        let json = try #require(files.kubernetes.configMaps[mapName]?[fileName], "ConfigMap \(mapName) has no \(fileName)")
        let config = try YAMLValue.json(json)
        let appIDs = Set(config["apps"]?.array?.compactMap { $0["id"]?.string } ?? [])
        let apps = files.kubernetes.configMaps["handover-apps"] ?? [:]
        let expected = Set(["bot-app-id", "agent-app-id"].compactMap { apps[$0] })
        #expect(appIDs == expected, "the ingress accepts apps \(appIDs.sorted()), the manifests' apps are \(expected.sorted())")
        for app in config["apps"]?.array ?? [] {
            for field in ["secret_file", "verify_token_file"] {
                guard let path = app[field]?.string else { continue }
                let secretFolder = String(path.split(separator: "/").dropLast().joined(separator: "/"))
                let key = String(path.split(separator: "/").last ?? "")
                let volume = mounted["/" + secretFolder]
                let items = volume?.at("secret", "items")?.array?.compactMap { $0["path"]?.string }
                #expect(volume?.at("secret", "secretName") != nil, "\(field) \(path) is in no mounted Secret")
                #expect(items == nil || items!.contains(key), "\(field) \(path): the Secret volume does not project \(key)")
            }
            #expect(app["secret"] == nil, "the ingress config inlines an app secret")
        }
    }
}
