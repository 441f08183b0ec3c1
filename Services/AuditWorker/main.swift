import Foundation
import ServiceKit
import WorkerKit

// handover-audit-worker: every change of thread control as one JSON line on stdout (logs go to
// stderr). The worked example of README "Adding a worker": configuration, kinds, a handler.
let environment = ServiceEnvironment()
do {
    let logger = try LogBootstrap.bootstrap(label: "handover-audit-worker", environment: environment)
    let configuration = try WorkerConfiguration(
        serviceName: "handover-audit-worker", defaultPort: 8083, environment: environment, requiresApp: false)
    let app = try buildWorker(configuration: configuration, handler: ControlChangeAudit(), logger: logger)
    try await ServiceRunner.run([app], logger: logger)
} catch let error as ConfigurationError {
    FileHandle.standardError.write(Data("handover-audit-worker: \(error)\n".utf8))
    exit(78)  // EX_CONFIG
}
