import Foundation

/// docker-compose.yml, parsed: its services as containers plus the compose-only wiring.
struct ComposeFile: Sendable {
    /// One compose service.
    struct Service: Sendable {
        var name: String
        var image: String?
        var container: ServiceContainer
        /// Services it waits for, with the condition (`service_started` for the list form).
        var dependsOn: [String: String]
        /// Bind mounts: host path (relative to the repository root) -> container path.
        var bindMounts: [(host: String, container: String)]
        /// The raw service value, for checks not modelled here.
        var raw: YAMLValue
    }

    /// The services by name.
    let services: [String: Service]

    /// The top-level `secrets`: name -> file (relative to the repository root).
    let secretFiles: [String: String]

    /// Parses the compose file's text; `readFile` reads a repository file (the secrets' files), so
    /// a variable `X_FILE=/run/secrets/<name>` also shows as `X` with the secret's value.
    init(text: String, readFile: (String) -> String? = { _ in nil }) throws {
        let documents = try YAMLValue.documents(ofYAML: text)
        guard documents.count == 1, let services = documents[0]["services"]?.dictionary else {
            throw RepositoryLayout.LayoutError(message: "docker-compose.yml: expected one document with `services`")
        }
        var files: [String: String] = [:]
        for (name, value) in documents[0]["secrets"]?.dictionary ?? [:] {
            if let file = value["file"]?.string { files[name] = file.hasPrefix("./") ? String(file.dropFirst(2)) : file }
        }
        secretFiles = files
        var parsed: [String: Service] = [:]
        for (name, value) in services {
            var service = Self.service(name: name, value: value)
            let mounted = Set(value["secrets"]?.array?.compactMap(\.string) ?? [])
            for variable in service.container.environment where variable.name.hasSuffix("_FILE") {
                guard let path = variable.value, path.hasPrefix("/run/secrets/") else { continue }
                let secret = String(path.dropFirst("/run/secrets/".count))
                guard mounted.contains(secret), let file = files[secret] else { continue }
                let content = readFile(file)?.trimmingCharacters(in: .whitespacesAndNewlines)
                service.container.environment.append(
                    .init(name: String(variable.name.dropLast("_FILE".count)), value: content, source: "secret \(secret)"))
            }
            parsed[name] = service
        }
        self.services = parsed
    }

    /// Services running one of our executables, by executable.
    var handoverServices: [String: [Service]] {
        Dictionary(grouping: services.values.filter { $0.container.executable != nil }) { $0.container.executable! }
    }

    private static func service(name: String, value: YAMLValue) -> Service {
        let command = value["command"]?.words ?? []
        var environment: [ServiceContainer.Variable] = []
        switch value["environment"] {
        case .mapping(let mapping)?:
            for key in mapping.keys.sorted() {
                environment.append(.init(name: key, value: mapping[key]?.string, source: "literal"))
            }
        case .sequence(let items)?:
            for item in items.compactMap(\.string) {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                environment.append(.init(name: parts[0], value: parts.count > 1 ? parts[1] : nil, source: "literal"))
            }
        default:
            break
        }
        var ports: [Int] = []
        for item in value["ports"]?.array ?? [] {
            if let text = item.string {
                // "8080", "8080:8080", "127.0.0.1:8080:8080/tcp": the container side is last.
                let withoutProtocol = text.split(separator: "/").first.map(String.init) ?? text
                if let port = withoutProtocol.split(separator: ":").last.flatMap({ Int($0) }) { ports.append(port) }
            } else if let target = item["target"]?.int {
                ports.append(target)
            }
        }
        var probes: [ServiceContainer.Probe] = []
        if let test = value.at("healthcheck", "test") {
            let text = test.words.joined(separator: " ")
            let port = TextPattern.first(#"/dev/tcp/[^/\s]+/([0-9]+)"#, in: text) ?? TextPattern.first(#"https?://[^/:\s]+:([0-9]+)"#, in: text)
            let path = TextPattern.first(#"GET (/[^\s\\]*)"#, in: text) ?? TextPattern.first(#"https?://[^/\s]+(/[^\s'"]*)"#, in: text)
            probes.append(.init(kind: "healthcheck", path: path, port: port.flatMap { Int($0) }, portText: port))
        }
        var dependsOn: [String: String] = [:]
        switch value["depends_on"] {
        case .sequence(let items)?:
            for item in items.compactMap(\.string) { dependsOn[item] = "service_started" }
        case .mapping(let mapping)?:
            for (dependency, detail) in mapping { dependsOn[dependency] = detail["condition"]?.string ?? "service_started" }
        default:
            break
        }
        var mounts: [(host: String, container: String)] = []
        for item in value["volumes"]?.array ?? [] {
            guard let text = item.string else { continue }
            let parts = text.split(separator: ":").map(String.init)
            if parts.count >= 2, parts[0].hasPrefix("./") || parts[0].hasPrefix("/") {
                let host = parts[0].hasPrefix("./") ? String(parts[0].dropFirst(2)) : parts[0]
                mounts.append((host, parts[1]))
            }
        }
        let container = ServiceContainer(
            origin: "docker-compose.yml services.\(name)",
            executable: ServiceContainer.executable(in: command),
            command: command, environment: environment, containerPorts: ports, namedPorts: [:], probes: probes)
        return Service(
            name: name, image: value["image"]?.string, container: container, dependsOn: dependsOn,
            bindMounts: mounts, raw: value)
    }
}
