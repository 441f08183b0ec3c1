import Foundation

/// Every Kubernetes manifest under deploy/kubernetes (kustomize overlays included), parsed.
struct KubernetesManifests: Sendable {
    /// One object of a manifest file.
    struct Resource: Sendable {
        /// The file it is in, relative to the repository root.
        var file: String
        var kind: String
        var name: String
        var value: YAMLValue

        /// "Kind/name in file", for messages.
        var label: String { "\(kind)/\(name) in \(file)" }
    }

    /// The folder the manifests live in.
    static let folder = "deploy/kubernetes"

    /// Every object with a `kind` (kustomization files included, as kind `Kustomization`).
    let resources: [Resource]

    /// Parses every `.yaml`/`.yml` file under ``folder``.
    init(layout: RepositoryLayout) throws {
        var resources: [Resource] = []
        for file in layout.files(under: Self.folder, endingWith: [".yaml", ".yml"]) {
            for document in try YAMLValue.documents(ofYAML: try layout.text(file)) {
                guard let kind = document["kind"]?.string else { continue }
                let name = document.at("metadata", "name")?.string ?? ""
                resources.append(Resource(file: file, kind: kind, name: name, value: document))
            }
        }
        self.resources = resources
    }

    /// Objects of one kind.
    func resources(ofKind kind: String) -> [Resource] {
        resources.filter { $0.kind == kind }
    }

    /// ConfigMaps' data by name.
    var configMaps: [String: [String: String]] {
        var maps: [String: [String: String]] = [:]
        for map in resources(ofKind: "ConfigMap") {
            maps[map.name, default: [:]].merge(
                (map.value["data"]?.dictionary ?? [:]).compactMapValues(\.string)) { _, new in new }
        }
        return maps
    }

    /// The keys of each Secret declared in the manifests (the example Secret), by name.
    var secretKeys: [String: Set<String>] {
        var keys: [String: Set<String>] = [:]
        for secret in resources(ofKind: "Secret") {
            let data = (secret.value["stringData"]?.dictionary ?? [:]).keys
            let encoded = (secret.value["data"]?.dictionary ?? [:]).keys
            keys[secret.name, default: []].formUnion(data)
            keys[secret.name, default: []].formUnion(encoded)
        }
        return keys
    }

    /// Objects that run pods.
    var workloads: [Resource] {
        resources.filter { ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"].contains($0.kind) }
    }

    /// A workload's pod spec.
    static func podSpec(of workload: Resource) -> YAMLValue? {
        workload.kind == "CronJob"
            ? workload.value.at("spec", "jobTemplate", "spec", "template", "spec")
            : workload.value.at("spec", "template", "spec")
    }

    /// A workload's pod template labels.
    static func podLabels(of workload: Resource) -> [String: String] {
        let template =
            workload.kind == "CronJob"
            ? workload.value.at("spec", "jobTemplate", "spec", "template")
            : workload.value.at("spec", "template")
        return (template?.at("metadata", "labels")?.dictionary ?? [:]).compactMapValues(\.string)
    }

    /// The containers (and init containers) of every workload.
    var containers: [(workload: Resource, container: ServiceContainer, raw: YAMLValue)] {
        let maps = configMaps
        return workloads.flatMap { workload in
            let spec = Self.podSpec(of: workload)
            let raws = (spec?["containers"]?.array ?? []) + (spec?["initContainers"]?.array ?? [])
            return raws.map { raw in (workload, Self.container(raw, in: workload, configMaps: maps), raw) }
        }
    }

    /// Containers running one of our executables, by executable.
    var handoverContainers: [String: [(workload: Resource, container: ServiceContainer, raw: YAMLValue)]] {
        Dictionary(grouping: containers.filter { $0.container.executable != nil }) { $0.container.executable! }
    }

    private static func container(_ raw: YAMLValue, in workload: Resource, configMaps: [String: [String: String]])
        -> ServiceContainer
    {
        let command = (raw["command"]?.words ?? []) + (raw["args"]?.words ?? [])
        var environment: [ServiceContainer.Variable] = []
        for source in raw["envFrom"]?.array ?? [] {
            if let name = source.at("configMapRef", "name")?.string {
                for (key, value) in (configMaps[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    environment.append(.init(name: key, value: value, source: "configMap \(name)"))
                }
            }
            if let name = source.at("secretRef", "name")?.string {
                environment.append(.init(name: "<all keys of Secret \(name)>", value: nil, source: "secret \(name)"))
            }
        }
        for entry in raw["env"]?.array ?? [] {
            guard let name = entry["name"]?.string else { continue }
            if let literal = entry["value"]?.string {
                environment.append(.init(name: name, value: expand(literal, with: environment), source: "literal"))
            } else if let reference = entry.at("valueFrom", "configMapKeyRef"),
                let map = reference["name"]?.string, let key = reference["key"]?.string
            {
                environment.append(.init(name: name, value: configMaps[map]?[key], source: "configMap \(map)/\(key)"))
            } else if let reference = entry.at("valueFrom", "secretKeyRef"),
                let secret = reference["name"]?.string, let key = reference["key"]?.string
            {
                environment.append(.init(name: name, value: nil, source: "secret \(secret)/\(key)"))
            } else {
                environment.append(.init(name: name, value: nil, source: "other"))
            }
        }
        var ports: [Int] = []
        var named: [String: Int] = [:]
        for port in raw["ports"]?.array ?? [] {
            guard let number = port["containerPort"]?.int else { continue }
            ports.append(number)
            if let name = port["name"]?.string { named[name] = number }
        }
        var probes: [ServiceContainer.Probe] = []
        for kind in ["readinessProbe", "livenessProbe", "startupProbe"] {
            guard let probe = raw[kind] else { continue }
            let check = probe["httpGet"] ?? probe["tcpSocket"] ?? probe["grpc"]
            let portText = check?["port"]?.string
            let port = portText.flatMap { Int($0) ?? named[$0] }
            probes.append(.init(kind: kind, path: probe.at("httpGet", "path")?.string, port: port, portText: portText))
        }
        let containerName = raw["name"]?.string ?? "?"
        return ServiceContainer(
            origin: "\(workload.label), container \(containerName)",
            executable: ServiceContainer.executable(in: command),
            command: command, environment: environment, containerPorts: ports, namedPorts: named, probes: probes)
    }

    /// Expands `$(NAME)` the way the kubelet does, from variables defined before.
    private static func expand(_ value: String, with environment: [ServiceContainer.Variable]) -> String? {
        var result = value
        for name in TextPattern.all(#"\$\(([A-Za-z_][A-Za-z0-9_]*)\)"#, in: value) {
            guard let replacement = environment.last(where: { $0.name == name })?.value else { return nil }
            result = result.replacingOccurrences(of: "$(\(name))", with: replacement)
        }
        return result
    }
}
