import Foundation
import Launcher

/// The table printed once the stack is up: where each process listens and where it logs.
public enum StackSummary {
    /// The table for `stack`, paths shown by `console`.
    public static func render(_ stack: HandoverStack, console: StackConsole) -> String {
        let endpoints = stack.endpoints
        let configuration = stack.configuration
        var rows: [(String, String, String, String)] = []
        for service in StackService.startOrder {
            let pid = stack.child(service).map { String($0.pid) } ?? "-"
            let log = console.path(configuration.logURL(service))
            let base = endpoints.baseURL(service)
            let listens: String
            switch service {
            case .devbroker:
                listens =
                    "kafka \(endpoints.brokers ?? "?") on \(configuration.broker) (\(configuration.partitions) partitions, "
                    + "topics \(configuration.topicPrefix)*)"
            case .simulator: listens = "\(base!)/_sim/ (control API), \(base!)/v23.0/ (Graph API)"
            case .ingress: listens = "\(base!)/webhook/<app id>"
            case .botWorker: listens = "\(base!) (health only)"
            case .agentWorker: listens = "\(base!)/agent/queue (agent API: the desk)"
            case .auditWorker: listens = "\(base!) (health only)"
            }
            let name = service == .devbroker && configuration.broker != .development ? "kafka" : service.rawValue
            rows.append((name, pid, listens, log))
        }
        var lines = ["", "service       pid      listens on"]
        for (name, pid, listens, _) in rows {
            lines.append(
                name.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + pid.padding(toLength: 9, withPad: " ", startingAt: 0) + listens)
        }
        lines.append("")
        lines.append(
            "metrics:  "
                + StackService.startOrder.compactMap { endpoints.baseURL($0).map { "\($0)/metrics" } }.joined(
                    separator: "  "))
        lines.append("health:   GET /healthz and /readyz on each of them")
        lines.append("logs:     " + console.path(configuration.runDirectory) + "/<service>.log")
        for (name, _, _, log) in rows {
            lines.append("          " + name.padding(toLength: 14, withPad: " ", startingAt: 0) + log)
        }
        lines.append(
            "page:     \(configuration.simulatorMode == "routing" ? "Conversation Routing" : "Handover Protocol") (--mode \(configuration.simulatorMode))"
        )
        lines.append(
            "apps:     bot \(configuration.botApp) primary; agent \(configuration.agentApp) secondary; "
                + "Page Inbox \(StackConfiguration.pageInboxID); page \(configuration.pageID)")
        lines.append(
            "secrets:  \(console.path(configuration.credentialsFile)) (agent API token, app secrets; this run only)")
        if let first = configuration.deskAgents.first {
            let others = configuration.deskAgents.dropFirst().map(\.id).joined(separator: ", ")
            lines.append(
                "desk:     agent \(first.id) signed in\(others.isEmpty ? "" : ", also \(others)"); tokens "
                    + configuration.deskAgents.map(\.tokenVariable).joined(separator: ", ") + " in the secrets file;"
                    + " desk file " + console.path(configuration.deskFile))
            if let agentURL = endpoints.baseURL(.agentWorker) {
                lines.append(
                    "console:  \(agentURL)/console  sign in as agent id \(first.id), token \(first.token)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
