import Foundation
import Launcher
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Starting and stopping child processes: log files, polite stops and their escalation.
@Suite(.timeLimit(.minutes(1)))
struct ChildProcessTests {
    @Test func stopEscalatesToSIGKILLWhenAChildIgnoresSIGTERM() async throws {
        let folder = try TemporaryFolder.fresh("stubborn")
        let stubborn = try await ChildProcess.start(
            ChildLaunch(
                name: "stubborn", executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", "trap '' TERM; echo ignoring; exec sleep 30"], environment: ["PATH": "/usr/bin:/bin"],
                logURL: folder.appendingPathComponent("stubborn.log")))
        // Only once the shell has set SIGTERM aside is the child truly stubborn.
        _ = try await LogFollower(stubborn.logURL).waitForLine(timeout: .seconds(10), child: stubborn) {
            $0 == "ignoring"
        }
        let polite = try await ChildProcess.start(
            ChildLaunch(
                name: "polite", executable: URL(fileURLWithPath: "/bin/sleep"), arguments: ["30"],
                environment: [:], logURL: folder.appendingPathComponent("polite.log")))
        let stubbornExit = await stubborn.stop(grace: .milliseconds(300))
        let politeExit = await polite.stop(grace: .seconds(10))
        #expect(stubbornExit == ChildExit(reason: .signalled, status: SIGKILL))
        #expect(politeExit == ChildExit(reason: .signalled, status: SIGTERM))
        #expect(kill(stubborn.pid, 0) != 0 && kill(polite.pid, 0) != 0)
    }

    @Test func standardErrorGoesWhereTheLaunchSays() async throws {
        let folder = try TemporaryFolder.fresh("errors")
        let log = folder.appendingPathComponent("out.log")
        let errors = folder.appendingPathComponent("err.log")
        let child = try await ChildProcess.start(
            ChildLaunch(
                name: "writer", executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", "echo to-out; echo to-err >&2; exit 3"], environment: [:], logURL: log,
                errors: .file(errors)))
        let exit = await child.waitForExit(timeout: .seconds(10))
        #expect(exit == ChildExit(reason: .exited, status: 3))
        #expect(String(decoding: try Data(contentsOf: log), as: UTF8.self) == "to-out\n")
        #expect(String(decoding: try Data(contentsOf: errors), as: UTF8.self) == "to-err\n")
    }

    @Test func aMissingExecutableIsNamed() async throws {
        let folder = try TemporaryFolder.fresh("missing")
        do {
            _ = try await ChildProcess.start(
                ChildLaunch(
                    name: "ghost", executable: folder.appendingPathComponent("handover-ghost"), environment: [:],
                    logURL: folder.appendingPathComponent("ghost.log")))
            Issue.record("a missing executable was started")
        } catch {
            #expect(error.kind == .executableMissing)
            #expect(error.message.contains("handover-ghost is missing"))
        }
    }

    @Test func aChildThatExitsBeforeItIsReadyIsReportedWithItsLog() async throws {
        let folder = try TemporaryFolder.fresh("early")
        let child = try await ChildProcess.start(
            ChildLaunch(
                name: "early", executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", "echo cannot start: BAD_VARIABLE; exit 78"], environment: [:],
                logURL: folder.appendingPathComponent("early.log")))
        do {
            try await ReadinessProbe(timeout: .seconds(10)).waitUntilListening(child, port: 1)
            Issue.record("a child that exited was taken for ready")
        } catch {
            #expect(error.kind == .exitedEarly)
            #expect(error.message.contains("early exited with status 78 (configuration error)"))
            #expect(error.message.contains("BAD_VARIABLE"), "the log's last lines explain why")
        }
    }

    @Test func aFollowerSeesOnlyLinesWrittenAfterItStarted() async throws {
        let folder = try TemporaryFolder.fresh("follow")
        let log = folder.appendingPathComponent("lines.log")
        try Data("old ready\n".utf8).write(to: log)
        let follower = LogFollower.fromEnd(of: log)
        let child = try await ChildProcess.start(
            ChildLaunch(
                name: "writer", executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", "sleep 0.2; echo new ready; exec sleep 30"], environment: ["PATH": "/usr/bin:/bin"],
                logURL: log))
        let line = try await follower.waitForLine(timeout: .seconds(10), child: child) { $0.hasSuffix("ready") }
        #expect(line.text == "new ready")
        await child.stop(grace: .seconds(5))
    }
}

/// A fresh folder under the temporary directory for one test's logs.
enum TemporaryFolder {
    static func fresh(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("launcher-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
