import Foundation
import Testing

// Short descriptions for failure messages: Swift Testing prints the values of a failed
// expectation's subexpressions, and the full sources or manifests would bury the message.

extension DeploymentFiles: CustomTestStringConvertible {
    var testDescription: String { "DeploymentFiles(\(layout.root.path))" }
}

extension SwiftSources: CustomTestStringConvertible {
    var testDescription: String { "SwiftSources(\(files.count) files)" }
}

extension KubernetesManifests: CustomTestStringConvertible {
    var testDescription: String { "KubernetesManifests(\(resources.count) objects)" }
}

extension KubernetesManifests.Resource: CustomTestStringConvertible {
    var testDescription: String { label }
}

extension ComposeFile: CustomTestStringConvertible {
    var testDescription: String { "ComposeFile(\(services.keys.sorted().joined(separator: ", ")))" }
}

extension ComposeFile.Service: CustomTestStringConvertible {
    var testDescription: String { "compose service \(name)" }
}

extension RepositoryLayout: CustomTestStringConvertible {
    var testDescription: String { root.path }
}

extension ServiceContainer: CustomTestStringConvertible {
    var testDescription: String { origin }
}
