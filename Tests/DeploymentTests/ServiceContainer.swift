/// One container of ours (or a third party's) as a compose service or a Kubernetes pod spec
/// declares it: what it runs, its environment, its ports and its health checks.
struct ServiceContainer: Sendable {
    /// One environment variable.
    struct Variable: Sendable {
        /// The variable's name.
        var name: String
        /// Its value when the file says it (a literal, or a ConfigMap key it resolves); `nil` for
        /// a Secret reference or a reference that does not resolve.
        var value: String?
        /// Where the value comes from, for messages: "literal", "configMap x/key", "secret x/key".
        var source: String
    }

    /// A health check: a Kubernetes probe or a compose healthcheck.
    struct Probe: Sendable {
        /// "readinessProbe", "livenessProbe", "startupProbe" or "healthcheck".
        var kind: String
        /// The HTTP path it requests, if it is an HTTP check.
        var path: String?
        /// The port it connects to, resolved from a port name when given one.
        var port: Int?
        /// The port as written (a number or a name).
        var portText: String?
    }

    /// Where it is declared, for failure messages.
    var origin: String
    /// The `handover-*` executable it runs, `nil` for third-party containers.
    var executable: String?
    /// Its command words.
    var command: [String]
    /// Every variable set on it (envFrom ConfigMap keys included).
    var environment: [Variable]
    /// Ports it declares (compose: the container side of `ports`).
    var containerPorts: [Int]
    /// Named container ports (Kubernetes).
    var namedPorts: [String: Int]
    /// Its health checks.
    var probes: [Probe]

    /// The value of variable `name`, if set to a known value.
    func value(of name: String) -> String? {
        environment.last(where: { $0.name == name })?.value
    }

    /// Whether variable `name` is set at all.
    func sets(_ name: String) -> Bool {
        environment.contains { $0.name == name }
    }

    /// Finds the `handover-*` executable among command words (first word, or after a shell).
    static func executable(in command: [String]) -> String? {
        command.first.flatMap { word in
            let name = word.split(separator: "/").last.map(String.init) ?? word
            return name.hasPrefix("handover-") ? name : nil
        }
    }
}
