import ArgumentParser
import Foundation
import LocalStack
import ServiceKit

/// `handover-stack`: the whole system on this machine as separate processes, with an interactive
/// conversation or a scripted demo. The work is in the LocalStack library (``StackLauncher``).
struct HandoverStackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover-stack",
        abstract: "Run the broker, simulator, ingress and the three workers locally, wired together.",
        discussion: """
            Without --demo: an interactive session. Type lines as the user; /? lists the commands for \
            the live agent and the Page Inbox agent. Ctrl-C or /quit stops every process.
            Each run writes its logs to .stack/<timestamp>/<service>.log.
            """,
        version: HandoverVersion.current)

    @Flag(
        help: "Play the scripted conversation of --mode (and --target), print the transcript, stop everything and exit."
    )
    var demo = false

    @Option(help: "Simulator port; the ingress listens 10 above it and the workers 11 to 13 above.")
    var basePort = 8070

    @Option(help: "Where the bot hands threads over on /help: inbox (Page Inbox) or agent (live-agent app).")
    var target = "inbox"

    @Option(help: "Folder for the run folders (logs, generated credentials).")
    var runsDirectory = ".stack"

    @Option(help: "Folder with the handover-* executables (default: this binary's folder).")
    var binDirectory: String?

    @Option(help: "Partitions of every topic.")
    var partitions = 4

    @Option(help: "The page's protocol: routing (Conversation Routing, what every page runs today) or handover.")
    var mode = "routing"

    @Option(
        help: ArgumentHelp(
            "Kafka broker: mock (the development broker), tansu, or host:port[,host:port...] of your own.",
            discussion: """
                An external broker gets its topics created through the admin API (existing topics are \
                kept; nothing is deleted) and honours KAFKA_TOPIC_PREFIX and KAFKA_PROPERTY_* (SASL, TLS).
                """))
    var broker = "mock"

    @Option(help: "LOG_LEVEL of the services (trace, debug, info, notice, warning, error).")
    var logLevel = "info"

    @Option(help: "The user played first in the interactive session.")
    var user = "user-1"

    @Option(help: "Seconds each demo step may take.")
    var stepTimeout = 30

    @Option(help: "Seconds each service may take to become ready.")
    var readyTimeout = 60

    func validate() throws {
        guard ["inbox", "agent"].contains(target) else { throw ValidationError("--target must be inbox or agent") }
        guard ["routing", "handover"].contains(mode) else {
            throw ValidationError("--mode must be routing or handover")
        }
        guard (1...65_000).contains(basePort) else { throw ValidationError("--base-port must be from 1 to 65000") }
        guard (1...64).contains(partitions) else { throw ValidationError("--partitions must be from 1 to 64") }
        guard stepTimeout > 0, readyTimeout > 0 else { throw ValidationError("timeouts must be positive") }
    }

    /// The launcher's options from the parsed flags.
    var options: LauncherOptions {
        var options = LauncherOptions()
        options.demo = demo
        options.basePort = basePort
        options.target = target
        options.runsDirectory = URL(fileURLWithPath: runsDirectory)
        options.executablesDirectory = binDirectory.map { URL(fileURLWithPath: $0) }
        options.partitions = partitions
        options.mode = mode
        options.broker = broker
        options.logLevel = logLevel
        options.user = user
        options.stepTimeout = .seconds(stepTimeout)
        options.readinessTimeout = .seconds(readyTimeout)
        return options
    }
}

// Parsed and run explicitly: in top-level code `main()` and `run()` resolve to ArgumentParser's
// synchronous overloads, which only print the help.
let command: HandoverStackCommand
do {
    command = try HandoverStackCommand.parse()
} catch {
    HandoverStackCommand.exit(withError: error)
}
exit(await StackLauncher.run(command.options))
