import Foundation
import Launcher
import LocalStack
import SimulatorClient
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The launcher's own behaviour: command parsing, busy ports, failing children, clean stops.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct LauncherTests {
    @Test func userCommandsToTheBotPassThroughWhileLauncherCommandsAreRecognised() {
        #expect(SessionCommand.parse("/help") == .user("/help"))
        #expect(SessionCommand.parse("/back") == .user("/back"))
        #expect(SessionCommand.parse("  hello there ") == .user("hello there"))
        #expect(SessionCommand.parse("/agent  On my way") == .agentReply("On my way"))
        #expect(SessionCommand.parse("/inbox Hi") == .inboxReply("Hi"))
        #expect(SessionCommand.parse("/done") == .inboxDone)
        #expect(SessionCommand.parse("/move") == .inboxMove)
        #expect(SessionCommand.parse("/handback") == .handBack)
        #expect(SessionCommand.parse("/user user-7") == .switchUser("user-7"))
        #expect(SessionCommand.parse("/?") == .commands)
        #expect(SessionCommand.parse("/quit") == .quit)
        #expect(SessionCommand.parse("") == .nothing)
        guard case .invalid = SessionCommand.parse("/agent") else {
            Issue.record("an empty agent reply must be refused")
            return
        }
        guard case .invalid = SessionCommand.parse("/user bad id!") else {
            Issue.record("a user id with spaces must be refused")
            return
        }
    }

    @Test func expectationsMustAppearInTheirOrder() throws {
        let lines = try JSONDecoder().decode(
            [TranscriptLine].self,
            from: Data(
                #"""
                [{"seq":1,"at":0,"kind":"user_message","text":"/help"},
                 {"seq":2,"at":0,"kind":"send","app_id":"1","text":"a person is coming"},
                 {"seq":3,"at":0,"kind":"control","action":"pass","by":"1","from":"1","to":"2"}]
                """#.utf8))
        let send = TranscriptExpectation.send(by: "1")
        let pass = TranscriptExpectation.control(action: "pass", by: "1", to: "2")
        #expect(ConversationPlayer.satisfies([send, pass], lines: lines))
        #expect(!ConversationPlayer.satisfies([pass, send], lines: lines))
        #expect(!ConversationPlayer.satisfies([.control(action: "pass", to: "3")], lines: lines))
        #expect(lines[2].newOwner == "2")
    }

    @Test func aBusyPortIsNamedWithItsServiceAndNothingStarts() async throws {
        let listener = try ListeningSocket()
        defer { listener.close() }
        var ports = try StackPorts.ephemeral()
        ports.byService[.ingress] = listener.port
        let configuration = StackConfiguration(
            executablesDirectory: BuildProducts.directory, runDirectory: try RunFolders.fresh("busy-port"), ports: ports
        )
        let stack = try HandoverStack(configuration: configuration)
        do {
            try await stack.start()
            Issue.record("the stack started although the ingress port is taken")
        } catch {
            #expect(error.kind == .launch(.portInUse))
            #expect(error.message.contains("port \(listener.port) (ingress) is in use"))
        }
        #expect(stack.everStarted.isEmpty)
        await stack.stop()
    }

    @Test func aServiceThatExitsDuringStartIsReportedWithItsStatusAndLog() async throws {
        var configuration = StackConfiguration(
            executablesDirectory: BuildProducts.directory, runDirectory: try RunFolders.fresh("early-exit"),
            ports: try StackPorts.ephemeral())
        configuration.extraEnvironment[.devbroker] = ["DEVBROKER_PARTITIONS": "0"]  // out of range
        let stack = try HandoverStack(configuration: configuration)
        do {
            try await stack.start()
            Issue.record("the stack started with a broker that cannot start")
        } catch {
            #expect(error.kind == .launch(.exitedEarly))
            #expect(error.message.contains("devbroker exited with status 78"))
            #expect(error.message.contains("DEVBROKER_PARTITIONS"), "the log's last lines explain why")
        }
        await stack.stop()
        #expect(stack.survivingProcesses().isEmpty)
    }

    @Test func aReadyAnswerFromAnotherProcessOnTheSamePortIsNotTakenForOurs() async throws {
        let ports = try StackPorts.ephemeral()
        let first = try HandoverStack(
            configuration: StackConfiguration(
                executablesDirectory: BuildProducts.directory, runDirectory: try RunFolders.fresh("impostor-a"),
                ports: ports))
        let second = try HandoverStack(
            configuration: StackConfiguration(
                executablesDirectory: BuildProducts.directory, runDirectory: try RunFolders.fresh("impostor-b"),
                ports: ports))
        do {
            try await first.start(.devbroker)
            try await first.start(.simulator)
            try await second.start(.devbroker)
            // The first stack's simulator answers /readyz 200 on this port; the second's cannot listen.
            try await second.start(.simulator)
            Issue.record("the second simulator was taken for ready although it could not listen")
        } catch {
            #expect(error.kind == .launch(.exitedEarly), "\(error)")
            #expect(error.message.contains("simulator"))
        }
        await second.stop()
        await first.stop()
        #expect(first.survivingProcesses().isEmpty && second.survivingProcesses().isEmpty)
    }

    @Test func aSecondStackStartsOnTheSamePortsRightAfterTheFirstStopped() async throws {
        let ports = try StackPorts.ephemeral()
        for round in 1...2 {
            let configuration = StackConfiguration(
                executablesDirectory: BuildProducts.directory, runDirectory: try RunFolders.fresh("rerun-\(round)"),
                ports: ports)
            let stack = try HandoverStack(configuration: configuration)
            do {
                try await stack.start()
            } catch {
                await stack.stop()
                throw error
            }
            let exits = await stack.stop()
            #expect(exits.count == StackService.allCases.count)
            #expect(exits.values.allSatisfy { $0.isClean }, "round \(round): \(exits)")
            #expect(stack.survivingProcesses().isEmpty)
            for service in StackService.allCases {
                if let port = ports[service] {
                    #expect(PortProbe.isFree(port), "port of \(service) after round \(round)")
                }
            }
        }
    }
}
