import ServiceKit
import WorkerKit

// handover-audit-worker: every change of thread control as one JSON line on stdout (logs go to
// stderr). The worked example of README "Adding a worker": a command, a configuration, a handler.
let defaultPort = 8083
let command = ServiceCommand(
    name: "handover-audit-worker",
    summary: "Writes every change of thread control (pass, take) and of app roles as one JSON line on"
        + " stdout, read from the handovers and app_role topics; logs go to stderr.",
    variables: WorkerConfiguration.environmentVariables(
        serviceName: "handover-audit-worker", defaultPort: defaultPort, requiresApp: false))

await command.run { environment, logger in
    let configuration = try WorkerConfiguration(
        serviceName: command.name, defaultPort: defaultPort, environment: environment, requiresApp: false)
    let app = try buildWorker(configuration: configuration, handler: ControlChangeAudit(), logger: logger)
    try await ServiceRunner.run([app], logger: logger)
}
