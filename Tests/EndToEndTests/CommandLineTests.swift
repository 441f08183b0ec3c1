import Foundation
import ServiceKit
import Testing

/// Every executable's command line: `--help`, `--version`, refused arguments, and the exit status
/// and single stderr line of a failed start.
@Suite(.timeLimit(.minutes(3)))
struct CommandLineTests {
    @Test(arguments: ServiceExecutable.all)
    func helpListsTheVariablesAndTheExitStatuses(_ executable: ServiceExecutable) async throws {
        let run = try await ExecutableRun(executable.name, ["--help"])
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("\(executable.name) \(HandoverVersion.current): "))
        for variable in executable.someVariables + ["LOG_LEVEL"] {
            #expect(run.standardOutput.contains("\n  \(variable) (default: "), "\(variable)")
        }
        for code in [0, 64, 69, 78, 1] {
            #expect(run.standardOutput.contains("\n  \(code) "), "exit status \(code)")
        }
        #expect(try await ExecutableRun(executable.name, ["-h"]).standardOutput == run.standardOutput)
    }

    @Test(arguments: ServiceExecutable.all)
    func versionPrintsTheSharedVersion(_ executable: ServiceExecutable) async throws {
        let run = try await ExecutableRun(executable.name, ["--version"])
        #expect(run.status == 0)
        #expect(run.standardOutput == "\(executable.name) \(HandoverVersion.current)\n")
    }

    @Test(arguments: ServiceExecutable.all)
    func anUnknownArgumentIsRefusedWithoutStarting(_ executable: ServiceExecutable) async throws {
        let run = try await ExecutableRun(executable.name, ["--port", "8080"])
        #expect(run.status == 64)
        #expect(run.errorLines.count == 1)
        #expect(run.standardError.hasPrefix("\(executable.name): unknown argument '--port'"))
        #expect(run.standardOutput.isEmpty)
    }

    @Test(arguments: ["handover-stack", "handover-bench"])
    func theArgumentParserToolsAnswerHelpAndVersion(_ executable: String) async throws {
        let version = try await ExecutableRun(executable, ["--version"])
        #expect(version.status == 0)
        #expect(version.standardOutput == HandoverVersion.current + "\n")
        let help = try await ExecutableRun(executable, ["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("USAGE: \(executable)"))
        #expect(try await ExecutableRun(executable, ["--no-such-option"]).status == 64)
    }

    @Test func aConfigurationErrorExits78NamingTheVariable() async throws {
        let run = try await ExecutableRun("handover-audit-worker", environment: ["PORT": "80800"])
        #expect(run.status == 78)
        #expect(run.errorLines == ["handover-audit-worker: configuration: PORT must be an integer from 0 to 65535"])
    }

    /// The audit worker, the README's worked example, used to trap on any start-up error but a
    /// configuration error.
    @Test func theAuditWorkerOnATakenPortExits69WithOneLine() async throws {
        let listener = try ListeningSocket()
        defer { listener.close() }
        let run = try await ExecutableRun(
            "handover-audit-worker",
            environment: [
                "PORT": String(listener.port), "HOST": "127.0.0.1", "KAFKA_BROKERS": "127.0.0.1:1",
                "WORKER_DRAIN_TIMEOUT_SECONDS": "1", "LOG_LEVEL": "critical",
            ])
        #expect(run.status == 69)
        #expect(run.errorLines.count == 1)
        #expect(run.standardError.hasPrefix("handover-audit-worker: "))
        #expect(run.standardError.contains("Address already in use"))
        #expect(run.standardOutput.isEmpty)
    }

    /// README, "The worked example": the main it shows is the audit worker's, line for line.
    @Test func theReadmeShowsTheRealAuditWorkerMain() throws {
        let main = try String(
            contentsOf: PackageSources.root.appendingPathComponent("Services/AuditWorker/main.swift"), encoding: .utf8)
        let code = main.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { $0.hasPrefix("import") || $0.hasPrefix("//") || $0.isEmpty }.joined(separator: "\n")
        let readme = try String(contentsOf: PackageSources.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(code.contains("await command.run"))
        #expect(readme.contains("```swift\n" + code + "```"))
    }

    @Test(arguments: ServiceExecutable.all)
    func everyVariableInHelpIsOneTheSourcesName(_ executable: ServiceExecutable) async throws {
        let listed = try await Self.listedVariables(executable)
        #expect(!listed.isEmpty)
        let literals = try PackageSources.upperCaseLiterals(PackageSources.all)
        for name in listed {
            let bare = name.hasSuffix("*") ? name.dropLast() : Substring(name)
            #expect(
                Self.isComposed(bare, of: literals, parts: 3),
                "\(executable.name) --help lists \(name), which no source names")
        }
    }

    @Test(arguments: ServiceExecutable.all)
    func everyVariableTheConfigurationReadsIsInHelp(_ executable: ServiceExecutable) async throws {
        let listed = try await Self.listedVariables(executable)
        let files = PackageSources.swiftFiles(executable.configurationSources)
        #expect(files.count >= executable.configurationSources.count)
        let text = try files.map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        let read = try PackageSources.variablesRead(text)
        #expect(read.contains("LOG_LEVEL"))
        for name in read.sorted() {
            #expect(listed.contains(name), "\(executable.name) reads \(name) but --help does not list it")
        }
    }

    /// Whether `name` is one of `literals`, or at most `parts` of them joined (a name the sources
    /// build: `name + "_FILE"`, `prefix + "_APP_SECRET" + "_FILE"`).
    static func isComposed(_ name: Substring, of literals: Set<String>, parts: Int) -> Bool {
        if literals.contains(String(name)) { return true }
        guard parts > 1 else { return false }
        return name.indices.dropFirst().contains {
            literals.contains(String(name[..<$0])) && isComposed(name[$0...], of: literals, parts: parts - 1)
        }
    }

    /// The variable names `--help` lists, one per `  NAME (default: …)` line.
    static func listedVariables(_ executable: ServiceExecutable) async throws -> Set<String> {
        let run = try await ExecutableRun(executable.name, ["--help"])
        let line = try Regex(#"^  ([A-Z][A-Z0-9_]*\*?) \(default: "#)
        return Set(
            run.standardOutput.split(separator: "\n").compactMap { text in
                try? line.prefixMatch(in: String(text))?.output[1].substring.map(String.init)
            })
    }
}
