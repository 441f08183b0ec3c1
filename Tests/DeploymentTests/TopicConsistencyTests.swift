import Foundation
import Testing

/// The topics the deployment creates and scales on are exactly the contract's, under the prefix
/// the services are configured with, and all have one partition count that bounds the workers.
@Suite struct TopicConsistencyTests {
    /// The compose kafka-init script, as bash will run it (compose's `$$` is a literal `$`).
    private static func composeScript(_ files: DeploymentFiles) throws -> String {
        let service = try #require(files.compose.services["kafka-init"], "docker-compose.yml has no kafka-init service")
        let command = service.raw["command"]?.allScalars ?? []
        return command.joined(separator: "\n").replacingOccurrences(of: "$$", with: "$")
    }

    /// The Kubernetes topic Job's script.
    private static func kubernetesScript(_ files: DeploymentFiles) throws -> String {
        let jobs = files.kubernetes.containers.filter { entry in
            entry.container.command.joined(separator: " ").contains("kafka-topics")
        }
        try #require(!jobs.isEmpty, "no Kubernetes workload runs kafka-topics to create the topics")
        return try #require(jobs.first?.container.command.last)
    }

    /// Runs a topic-creating `script` (`who`) with `kafka-topics.sh` recorded, and expects
    /// exactly the contract's topics under `prefix`, all with one partition count.
    private func expectContractTopics(script: String, prefix: String, brokers: String, who: String) throws {
        let run = try TopicScriptRun(
            script: script, environment: ["KAFKA_TOPIC_PREFIX": prefix, "KAFKA_BROKERS": brokers])
        let contract = ServiceContract.allTopics(prefix: prefix)
        #expect(run.status == 0, "\(who) failed: \(run.errorOutput)")
        #expect(
            Set(run.topics) == contract, "\(who) creates \(run.topics.sorted()); the contract is \(contract.sorted())")
        #expect(
            run.partitions.count == 1,
            "\(who) uses partition counts \(run.partitions.sorted()); every topic needs the same")
    }

    @Test func composeInitJobCreatesExactlyTheContractTopicsWithOnePartitionCount() throws {
        let files = try DeploymentFiles.shared.get()
        try expectContractTopics(
            script: try Self.composeScript(files), prefix: files.composeTopicPrefix, brokers: "kafka:19092",
            who: "kafka-init")
        let service = try #require(files.compose.services["kafka-init"])
        #expect(service.dependsOn["kafka"] == "service_healthy", "kafka-init must wait for a healthy broker")
        for (name, dependent) in files.compose.services
        where dependent.container.executable != nil && name != "simulator" {
            let waits =
                dependent.dependsOn["kafka-init"] == "service_completed_successfully"
                || dependent.dependsOn.keys.contains {
                    files.compose.services[$0]?.dependsOn["kafka-init"] == "service_completed_successfully"
                }
            #expect(waits, "compose service \(name) starts before the topics exist")
        }
    }

    @Test func kubernetesTopicJobCreatesExactlyTheContractTopicsWithOnePartitionCount() throws {
        let files = try DeploymentFiles.shared.get()
        try expectContractTopics(
            script: try Self.kubernetesScript(files), prefix: files.kubernetesTopicPrefix, brokers: "kafka:9092",
            who: "the topic Job")
    }

    /// Both topic scripts follow `KAFKA_TOPIC_PREFIX`; the Job writes the JAAS login module of the
    /// SASL mechanism in use and refuses one it does not know.
    @Test func topicScriptsHonourThePrefixAndTheSASLMechanism() throws {
        let files = try DeploymentFiles.shared.get()
        for script in [try Self.composeScript(files), try Self.kubernetesScript(files)] {
            let run = try TopicScriptRun(
                script: script, environment: ["KAFKA_TOPIC_PREFIX": "acme.", "KAFKA_BROKERS": "k:1"])
            #expect(Set(run.topics) == ServiceContract.allTopics(prefix: "acme."))
        }
        let job = try Self.kubernetesScript(files)
        for (mechanism, module) in [
            ("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
            ("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule"),
            ("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
        ] {
            let run = try TopicScriptRun(
                script: job,
                environment: [
                    "KAFKA_BROKERS": "k:1", "KAFKA_PROPERTY_SECURITY_PROTOCOL": "SASL_SSL",
                    "KAFKA_PROPERTY_SASL_MECHANISMS": mechanism, "KAFKA_PROPERTY_SASL_USERNAME": "u",
                    "KAFKA_PROPERTY_SASL_PASSWORD": "p",
                ])
            #expect(run.status == 0)
            #expect(run.clientConfig.contains("sasl.mechanism=\(mechanism)"))
            #expect(
                run.clientConfig.contains("sasl.jaas.config=\(module) required"), "\(mechanism): \(run.clientConfig)")
            #expect(run.clientConfig.contains("security.protocol=SASL_SSL"))
        }
        // In the cluster the credentials are mounted files.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sasl-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "file-user\n".write(to: folder.appendingPathComponent("user"), atomically: true, encoding: .utf8)
        try "file-password".write(to: folder.appendingPathComponent("password"), atomically: true, encoding: .utf8)
        let fromFiles = try TopicScriptRun(
            script: job,
            environment: [
                "KAFKA_BROKERS": "k:1", "KAFKA_PROPERTY_SASL_MECHANISMS": "PLAIN",
                "KAFKA_PROPERTY_SASL_USERNAME_FILE": folder.appendingPathComponent("user").path,
                "KAFKA_PROPERTY_SASL_PASSWORD_FILE": folder.appendingPathComponent("password").path,
            ])
        #expect(fromFiles.status == 0)
        #expect(
            fromFiles.clientConfig.contains(#"username="file-user" password="file-password";"#),
            "\(fromFiles.clientConfig)")
        let unknown = try TopicScriptRun(
            script: job, environment: ["KAFKA_BROKERS": "k:1", "KAFKA_PROPERTY_SASL_MECHANISMS": "GSSAPI"])
        #expect(unknown.status != 0)
        #expect(unknown.errorOutput.contains("unsupported SASL mechanism: GSSAPI"))
        #expect(unknown.topics.isEmpty, "nothing is created with a mechanism the Job cannot configure")
    }

    @Test func kedaScalesEachWorkerOnItsOwnGroupAndContractTopicsWithinThePartitionCount() throws {
        let files = try DeploymentFiles.shared.get()
        let job = try TopicScriptRun(
            script: try Self.kubernetesScript(files),
            environment: ["KAFKA_TOPIC_PREFIX": files.kubernetesTopicPrefix, "KAFKA_BROKERS": "kafka:9092"])
        let partitions = try #require(job.partitions.first, "no partition count found")
        let eventTopics = ServiceContract.eventTopics(prefix: files.kubernetesTopicPrefix)
        let containers = files.kubernetes.handoverContainers
        var scaled: Set<String> = []
        for object in files.kubernetes.resources(ofKind: "ScaledObject") {
            let target = object.value.at("spec", "scaleTargetRef", "name")?.string ?? ""
            let targetKind = object.value.at("spec", "scaleTargetRef", "kind")?.string ?? "Deployment"
            let entry = try #require(
                containers.values.flatMap { $0 }.first { $0.workload.name == target && $0.workload.kind == targetKind },
                "\(object.label) scales \(targetKind)/\(target), which runs none of our executables")
            let executable = entry.container.executable!
            #expect(
                ServiceContract.workers.contains(executable), "\(object.label) scales \(executable), which is no worker"
            )
            #expect(!scaled.contains(executable), "two ScaledObjects scale \(executable)")
            scaled.insert(executable)

            let maxReplicas = object.value.at("spec", "maxReplicaCount")?.int
            #expect(
                maxReplicas != nil && maxReplicas! <= partitions,
                "\(object.label): maxReplicaCount \(maxReplicas.map(String.init) ?? "unset (KEDA default 100)") exceeds the \(partitions) partitions"
            )
            let group = entry.container.value(of: "KAFKA_GROUP_ID") ?? ServiceContract.defaultGroupID(of: executable)
            let triggers = object.value.at("spec", "triggers")?.array ?? []
            #expect(!triggers.isEmpty, "\(object.label) has no trigger")
            var topics: Set<String> = []
            for trigger in triggers {
                #expect(
                    trigger["type"]?.string == "kafka",
                    "\(object.label): trigger of type \(trigger["type"]?.string ?? "?")")
                let metadata = trigger["metadata"]
                #expect(
                    metadata?["consumerGroup"]?.string == group,
                    "\(object.label): consumerGroup \(metadata?["consumerGroup"]?.string ?? "unset"), the worker's group is \(group)"
                )
                let topic = metadata?["topic"]?.string ?? ""
                #expect(
                    eventTopics.contains(topic), "\(object.label): topic \(topic) is not an event topic of the contract"
                )
                #expect(!topics.contains(topic), "\(object.label): two triggers on \(topic)")
                topics.insert(topic)
                #expect(
                    metadata?["bootstrapServers"]?.string == entry.container.value(of: "KAFKA_BROKERS"),
                    "\(object.label): bootstrapServers differ from the worker's KAFKA_BROKERS")
                #expect(
                    metadata?["allowIdleConsumers"]?.string != "true",
                    "\(object.label): allowIdleConsumers lets replicas exceed the partitions")
                if let threshold = metadata?["lagThreshold"]?.string {
                    #expect((Int(threshold) ?? 0) > 0, "\(object.label): lagThreshold \(threshold)")
                }
            }
        }
        let workers = Set(containers.keys).intersection(ServiceContract.workers)
        #expect(scaled == workers, "workers without a ScaledObject: \(workers.subtracting(scaled).sorted())")
    }

    /// `EventKind` case names and the topic suffixes they stand for.
    private static let kindSuffixes = [
        "messages": "messages", "standby": "standby", "handovers": "handovers", "appRole": "app_role",
    ]

    @Test func kedaTriggersAreExactlyTheTopicsEachWorkersHandlerConsumes() throws {
        let files = try DeploymentFiles.shared.get()
        let prefix = files.kubernetesTopicPrefix
        for object in files.kubernetes.resources(ofKind: "ScaledObject") {
            let target = object.value.at("spec", "scaleTargetRef", "name")?.string ?? ""
            guard
                let executable = files.kubernetes.handoverContainers.first(where: {
                    $0.value.contains { $0.workload.name == target }
                })?.key,
                let folder = ServiceContract.sourceFolders[executable]
            else { continue }
            let texts = files.sources.files.filter { $0.path.hasPrefix(folder + "/") }.map(\.text)
            // A worker declares its topics as `var kinds: Set<EventKind> { [.messages, ...] }`
            // (or `= [...]`, or `{ return [...] }`).
            let declaration = #"kinds\s*:\s*Set<EventKind>\s*(?:=|\{)\s*(?:return\s+)?\[([^\]]*)\]"#
            let declared = texts.compactMap { TextPattern.first(declaration, in: $0) }.first
            let kinds = try #require(
                declared,
                "no `kinds: Set<EventKind>` declaration under \(folder), so the topics \(executable) consumes are unknown"
            )
            let consumed = Set(
                TextPattern.all(#"\.([A-Za-z]+)"#, in: kinds).compactMap { Self.kindSuffixes[$0] }.map { prefix + $0 })
            let triggered = Set(
                (object.value.at("spec", "triggers")?.array ?? []).compactMap { $0.at("metadata", "topic")?.string })
            #expect(
                triggered == consumed,
                "\(object.label) triggers on \(triggered.sorted()); \(executable) consumes \(consumed.sorted())")
        }
    }

    @Test func theSourcesNameEveryTopicOfTheContract() throws {
        let files = try DeploymentFiles.shared.get()
        let texts = files.sources.texts(for: nil)
        for name in ServiceContract.eventTopicSuffixes + ["ingress.dlq", ".dlq", ServiceContract.defaultTopicPrefix] {
            #expect(
                SwiftSources.quote(name, in: texts),
                "no source names \"\(name)\", which the deployment's topic names are built from")
        }
    }
}
