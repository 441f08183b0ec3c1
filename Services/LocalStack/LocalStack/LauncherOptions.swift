import Foundation
import Launcher

/// The launcher's command-line options (parsed by `handover-stack`'s `main.swift`).
public struct LauncherOptions: Sendable {
    /// Run the scripted conversation, then stop.
    public var demo = false
    /// The simulator's port; the ingress is 10 above, the workers 11–13 above (the README's 8070/8080–8083).
    public var basePort = 8070
    /// The folder under which each run gets its own folder (`.stack`).
    public var runsDirectory = URL(fileURLWithPath: ".stack")
    /// Where the executables are; nil: next to the launcher's own binary.
    public var executablesDirectory: URL?
    /// Where the bot hands threads over: `inbox` (the Page Inbox) or `agent` (the live-agent app).
    public var target = "inbox"
    /// Partitions of every topic.
    public var partitions = 4
    /// The page's protocol generation: `routing` (Conversation Routing) or `handover`.
    public var mode = "routing"
    /// The Kafka broker: `mock` (the development broker), `tansu`, or `host:port[,…]` of a broker
    /// someone else runs.
    public var broker = "mock"
    /// `LOG_LEVEL` of the services.
    public var logLevel = "info"
    /// The user played first in the interactive session.
    public var user = "user-1"
    /// How long each demo step's effects may take.
    public var stepTimeout: Duration = .seconds(30)
    /// How long each service may take to become ready.
    public var readinessTimeout: Duration = .seconds(60)

    /// The defaults.
    public init() {}

    /// The folder of the running executable: where SwiftPM put the other `handover-*` executables of
    /// the same build (``BuildFolder/own()``).
    public static func ownExecutablesDirectory() -> URL {
        BuildFolder.own()
    }
}
