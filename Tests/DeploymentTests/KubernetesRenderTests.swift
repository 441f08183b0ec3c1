import Foundation
import Testing

/// Every kustomization renders with `kubectl kustomize` (Debian's kubectl, installed by
/// scripts/install-deps), and what production and staging render to keeps them apart, keeps
/// secrets in files and gives every workload a network policy.
@Suite(
    "Kubernetes overlays, rendered",
    .enabled(if: Kubectl.isInstalled, "no kubectl on this machine (scripts/install-deps says why)"))
struct KubernetesRenderTests {
    static let mountPath = "/var/run/secrets/handover"

    /// `kubectl kustomize <folder>`'s objects.
    static func render(_ folder: String) throws -> [YAMLValue] {
        let layout = try RepositoryLayout()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["kubectl", "kustomize", layout.root.appendingPathComponent(folder).path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RepositoryLayout.LayoutError(message: "kubectl kustomize \(folder) failed: \(message)")
        }
        return try YAMLValue.documents(ofYAML: String(decoding: data, as: UTF8.self)).filter { $0["kind"] != nil }
    }

    static func objects(_ rendered: [YAMLValue], kind: String) -> [YAMLValue] {
        rendered.filter { $0["kind"]?.string == kind }
    }

    static func name(_ object: YAMLValue) -> String { object.at("metadata", "name")?.string ?? "?" }

    @Test func everyKustomizationRenders() throws {
        let layout = try RepositoryLayout()
        let folders = layout.files(under: "deploy/kubernetes", endingWith: ["/kustomization.yaml"])
            .map { String($0.dropLast("/kustomization.yaml".count)) }
        #expect(
            Set(folders) == ["deploy/kubernetes/base", "deploy/kubernetes/production", "deploy/kubernetes/staging"])
        for folder in folders {
            #expect(try !Self.render(folder).isEmpty, "\(folder) renders nothing")
        }
    }

    @Test func stagingHasANamespaceAndASecretOfItsOwn() throws {
        let production = try Self.render("deploy/kubernetes/production")
        let staging = try Self.render("deploy/kubernetes/staging")
        func namespaces(_ rendered: [YAMLValue]) -> Set<String> {
            Set(rendered.compactMap { $0.at("metadata", "namespace")?.string })
                .union(Self.objects(rendered, kind: "Namespace").map(Self.name))
        }
        func secretNames(_ rendered: [YAMLValue]) -> Set<String> {
            var names: Set<String> = []
            for object in rendered {
                for volume in object.at("spec", "template", "spec", "volumes")?.array ?? [] {
                    if let name = volume.at("secret", "secretName")?.string { names.insert(name) }
                }
                for reference in object.at("spec", "secretTargetRef")?.array ?? [] {
                    if let name = reference["name"]?.string { names.insert(name) }
                }
            }
            return names
        }
        #expect(namespaces(production) == ["messenger-handover"])
        #expect(namespaces(staging) == ["messenger-handover-staging"])
        #expect(secretNames(production) == ["handover-secrets"])
        #expect(secretNames(staging) == ["handover-staging-secrets"])
    }

    @Test(arguments: ["deploy/kubernetes/production", "deploy/kubernetes/staging"])
    func secretsReachThePodsAsFilesOnly(_ overlay: String) throws {
        let rendered = try Self.render(overlay)
        let workloads = Self.objects(rendered, kind: "Deployment") + Self.objects(rendered, kind: "Job")
        #expect(workloads.count >= 5)
        for workload in workloads {
            let spec = try #require(workload.at("spec", "template", "spec"))
            let volumes = spec["volumes"]?.array ?? []
            let secretVolume = volumes.first { $0["secret"] != nil }
            let keys = Set((secretVolume?.at("secret", "items")?.array ?? []).compactMap { $0["path"]?.string })
            for container in spec["containers"]?.array ?? [] {
                let environment = container["env"]?.array ?? []
                #expect(
                    !environment.contains { $0.at("valueFrom", "secretKeyRef") != nil },
                    "\(Self.name(workload)) passes a secret as an environment variable")
                let files = environment.filter { $0["name"]?.string?.hasSuffix("_FILE") == true }
                guard !files.isEmpty else { continue }
                let mounted = (container["volumeMounts"]?.array ?? []).contains {
                    $0["name"]?.string == secretVolume?["name"]?.string && $0["mountPath"]?.string == Self.mountPath
                        && $0["readOnly"]?.string == "true"
                }
                #expect(mounted, "\(Self.name(workload)) does not mount its secrets read-only at \(Self.mountPath)")
                for variable in files {
                    let path = variable["value"]?.string ?? ""
                    let key = String(path.dropFirst(Self.mountPath.count + 1))
                    #expect(
                        path.hasPrefix(Self.mountPath + "/") && keys.contains(key),
                        "\(Self.name(workload)): \(variable["name"]?.string ?? "?")=\(path) is not a mounted secret file"
                    )
                }
            }
        }
    }

    @Test(arguments: ["deploy/kubernetes/production", "deploy/kubernetes/staging"])
    func everyWorkloadHasANetworkPolicyBehindADefaultDeny(_ overlay: String) throws {
        let rendered = try Self.render(overlay)
        let policies = Self.objects(rendered, kind: "NetworkPolicy")
        let defaultDeny = policies.contains { policy in
            policy.at("spec", "podSelector")?.dictionary?.isEmpty == true
                && Set(policy.at("spec", "policyTypes")?.array?.compactMap(\.string) ?? []) == ["Ingress", "Egress"]
                && policy.at("spec", "ingress") == nil && policy.at("spec", "egress") == nil
        }
        #expect(defaultDeny, "\(overlay) has no default-deny NetworkPolicy")
        let workloads = Self.objects(rendered, kind: "Deployment") + Self.objects(rendered, kind: "Job")
        for workload in workloads {
            let labels = (workload.at("spec", "template", "metadata", "labels")?.dictionary ?? [:])
                .compactMapValues(\.string)
            let selecting = policies.filter { policy in
                let selector = (policy.at("spec", "podSelector", "matchLabels")?.dictionary ?? [:])
                    .compactMapValues(\.string)
                return !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
            }
            #expect(!selecting.isEmpty, "no NetworkPolicy of its own selects \(Self.name(workload)) in \(overlay)")
        }
    }

    @Test func onlyStagingAllowsPlainHTTPToItsSimulator() throws {
        func workerSettings(_ overlay: String) throws -> [String: String] {
            let maps = Self.objects(try Self.render(overlay), kind: "ConfigMap")
            let workers = try #require(maps.first { Self.name($0) == "handover-workers" })
            return (workers["data"]?.dictionary ?? [:]).compactMapValues(\.string)
        }
        let production = try workerSettings("deploy/kubernetes/production")
        let staging = try workerSettings("deploy/kubernetes/staging")
        #expect(production["GRAPH_API_URL"]?.hasPrefix("https://") == true)
        #expect(production["GRAPH_API_ALLOW_PLAIN_HTTP"] == nil)
        #expect(staging["GRAPH_API_URL"] == "http://handover-simulator:8070")
        #expect(staging["GRAPH_API_ALLOW_PLAIN_HTTP"] == "any-host")
    }
}

/// Whether `kubectl` is on the `PATH` (install-deps installs it where an apt source offers it).
enum Kubectl {
    static let isInstalled: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/kubectl")
        }
    }()
}
