import Foundation

/// One run of a built executable to its end: its exit status and everything it wrote.
struct ExecutableRun {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// Runs `executable` (from ``BuildProducts``) with `arguments` and only `environment` (plus a
    /// minimal `PATH`); kills it after `timeout`.
    init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        timeout: Duration = .seconds(60)
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handover-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = BuildProducts.directory.appendingPathComponent(executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { _, given in given }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { process.terminate() }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        status = process.terminationStatus
        standardOutput = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        standardError = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    }

    /// The lines of standard error.
    var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }
}
