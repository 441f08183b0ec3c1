/// Everything the consistency tests compare, read once: the deploy files, the compose file, the
/// package manifest and the Swift sources.
struct DeploymentFiles: Sendable {
    let layout: RepositoryLayout
    let compose: ComposeFile
    let kubernetes: KubernetesManifests
    let sources: SwiftSources
    /// Every YAML file checked: docker-compose.yml and everything under deploy/.
    let yamlFiles: [String]
    /// Executable products declared in Package.swift.
    let executables: [String]

    /// Reads the repository this test file is in.
    init() throws {
        let layout = try RepositoryLayout()
        self.layout = layout
        compose = try ComposeFile(text: try layout.text("docker-compose.yml"), readFile: { try? layout.text($0) })
        kubernetes = try KubernetesManifests(layout: layout)
        sources = try SwiftSources(layout: layout)
        yamlFiles = ["docker-compose.yml"] + layout.files(under: "deploy", endingWith: [".yaml", ".yml"])
        executables = TextPattern.all(#"\.executable\(\s*name:\s*"([^"]+)""#, in: try layout.text("Package.swift"))
    }

    /// The executables compose and Kubernetes must run.
    var deployedExecutables: [String] {
        executables.filter { !ServiceContract.localOnlyExecutables.contains($0) }
    }

    /// The topic prefix the deployment configures (every service must agree; checked separately).
    var composeTopicPrefix: String {
        compose.services.values.compactMap { $0.container.value(of: "KAFKA_TOPIC_PREFIX") }.first
            ?? ServiceContract.defaultTopicPrefix
    }

    /// The prefix the Kubernetes manifests configure.
    var kubernetesTopicPrefix: String {
        kubernetes.handoverContainers.values.flatMap { $0 }.compactMap { $0.container.value(of: "KAFKA_TOPIC_PREFIX") }
            .first ?? ServiceContract.defaultTopicPrefix
    }

    /// Loaded once for every suite; a failure to read is reported by each test that needs it.
    static let shared: Result<DeploymentFiles, DeploymentFilesError> = {
        do { return .success(try DeploymentFiles()) } catch { return .failure(DeploymentFilesError(description: "\(error)")) }
    }()

    /// Why the files could not be read.
    struct DeploymentFilesError: Error, CustomStringConvertible {
        let description: String
    }
}
