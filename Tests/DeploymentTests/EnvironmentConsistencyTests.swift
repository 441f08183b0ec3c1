import Testing

/// Every variable the deployment files set is one the service it is set on reads, secrets are
/// referenced rather than written into manifests, and every reference resolves.
@Suite struct EnvironmentConsistencyTests {
    @Test func everyVariableComposeSetsOnAServiceIsReadByThatServicesSources() throws {
        let files = try DeploymentFiles.shared.get()
        for (executable, services) in files.compose.handoverServices {
            for service in services {
                for variable in service.container.environment {
                    let read = files.sources.reads(variable: variable.name, executable: executable)
                    #expect(
                        read,
                        "\(service.container.origin) sets \(variable.name), which no source of \(executable) (its Services folder or Shared/) reads")
                }
            }
        }
    }

    @Test func everyVariableKubernetesSetsOnAContainerIsReadByThatServicesSources() throws {
        let files = try DeploymentFiles.shared.get()
        for (executable, containers) in files.kubernetes.handoverContainers {
            for (_, container, _) in containers {
                for variable in container.environment {
                    let read = files.sources.reads(variable: variable.name, executable: executable)
                    #expect(
                        read,
                        "\(container.origin) sets \(variable.name) (\(variable.source)), which no source of \(executable) reads")
                }
            }
        }
    }

    @Test func kubernetesSecretsAreReferencedNeverWrittenIntoAManifest() throws {
        let files = try DeploymentFiles.shared.get()
        let secretLike = ["SECRET", "TOKEN", "PASSWORD"]
        for (_, container, _) in files.kubernetes.containers {
            for variable in container.environment
            where secretLike.contains(where: { variable.name.contains($0) }) && !variable.name.hasSuffix("_FILE") {
                #expect(
                    variable.source.hasPrefix("secret "),
                    "\(container.origin): \(variable.name) comes from \(variable.source), not from a Secret")
            }
        }
        // The only Secret object is the clearly named example, and kustomize does not apply it.
        for secret in files.kubernetes.resources(ofKind: "Secret") {
            #expect(secret.file.hasSuffix(".example.yaml"), "\(secret.label): a Secret with values outside an example file")
        }
        for kustomization in files.kubernetes.resources(ofKind: "Kustomization") {
            let listed = kustomization.value["resources"]?.array?.compactMap(\.string) ?? []
            #expect(!listed.contains { $0.contains("example") }, "\(kustomization.file) applies an example file")
        }
    }

    @Test func everySecretAndConfigMapReferenceInKubernetesResolves() throws {
        let files = try DeploymentFiles.shared.get()
        let secrets = files.kubernetes.secretKeys
        let maps = files.kubernetes.configMaps
        #expect(!secrets.isEmpty, "no example Secret declares the keys the manifests use")
        for (workload, container, raw) in files.kubernetes.containers {
            for entry in raw["env"]?.array ?? [] {
                if let reference = entry.at("valueFrom", "secretKeyRef"), let name = reference["name"]?.string,
                    let key = reference["key"]?.string
                {
                    #expect(secrets[name]?.contains(key) == true, "\(container.origin): Secret \(name) has no key \(key)")
                }
                if let reference = entry.at("valueFrom", "configMapKeyRef"), let name = reference["name"]?.string,
                    let key = reference["key"]?.string
                {
                    #expect(maps[name]?[key] != nil, "\(container.origin): ConfigMap \(name) has no key \(key)")
                }
            }
            for source in raw["envFrom"]?.array ?? [] {
                if let name = source.at("configMapRef", "name")?.string {
                    #expect(maps[name] != nil, "\(container.origin): no ConfigMap \(name)")
                }
            }
            for volume in KubernetesManifests.podSpec(of: workload)?["volumes"]?.array ?? [] {
                if let name = volume.at("secret", "secretName")?.string {
                    #expect(secrets[name] != nil, "\(workload.label): volume of unknown Secret \(name)")
                    for item in volume.at("secret", "items")?.array ?? [] {
                        let key = item["key"]?.string ?? ""
                        #expect(secrets[name]?.contains(key) == true, "\(workload.label): Secret \(name) has no key \(key)")
                    }
                }
                if let name = volume.at("configMap", "name")?.string {
                    #expect(maps[name] != nil, "\(workload.label): volume of unknown ConfigMap \(name)")
                }
            }
        }
        for authentication in files.kubernetes.resources(ofKind: "TriggerAuthentication") {
            for reference in authentication.value.at("spec", "secretTargetRef")?.array ?? [] {
                let name = reference["name"]?.string ?? ""
                let key = reference["key"]?.string ?? ""
                #expect(secrets[name]?.contains(key) == true, "\(authentication.label): Secret \(name) has no key \(key)")
            }
        }
    }

    @Test func everyServiceUsesOneTopicPrefixAndOneBrokerListPerEnvironment() throws {
        let files = try DeploymentFiles.shared.get()
        let composeContainers = files.compose.handoverServices.values.flatMap { $0 }.map(\.container)
        let kubernetesContainers = files.kubernetes.handoverContainers.values.flatMap { $0 }.map(\.container)
        for (environment, containers) in [("compose", composeContainers), ("kubernetes", kubernetesContainers)] {
            let kafkaUsers = containers.filter { $0.executable != "handover-simulator" }
            let prefixes = Set(kafkaUsers.map { $0.value(of: "KAFKA_TOPIC_PREFIX") ?? ServiceContract.defaultTopicPrefix })
            #expect(prefixes.count == 1, "\(environment): services disagree on KAFKA_TOPIC_PREFIX: \(prefixes.sorted())")
            for container in kafkaUsers {
                #expect(container.value(of: "KAFKA_BROKERS") != nil, "\(container.origin) sets no KAFKA_BROKERS")
            }
            let brokers = Set(kafkaUsers.compactMap { $0.value(of: "KAFKA_BROKERS") })
            #expect(brokers.count == 1, "\(environment): services disagree on KAFKA_BROKERS: \(brokers.sorted())")
        }
    }
}
