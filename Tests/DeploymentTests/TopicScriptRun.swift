import Foundation

/// A topic-creating script of the deployment run for real by bash, with `kafka-topics.sh` replaced
/// by a recorder (`KAFKA_TOPICS`): which topics it would create, with which partition counts and
/// client configuration.
struct TopicScriptRun {
    let status: Int32
    let topics: [String]
    let partitions: Set<Int>
    /// The `--command-config` file's content at the last call (empty when none was passed).
    let clientConfig: String
    let errorOutput: String

    init(script: String, environment: [String: String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("topic-script-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let calls = folder.appendingPathComponent("calls")
        let config = folder.appendingPathComponent("client-config")
        let recorder = folder.appendingPathComponent("kafka-topics.sh")
        try """
        #!/bin/bash
        printf '%s\\n' "$*" >> "\(calls.path)"
        while [ $# -gt 0 ]; do
          if [ "$1" = "--command-config" ]; then cp "$2" "\(config.path).seen"; fi
          shift
        done
        """.write(to: recorder, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: recorder.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-ec", script]
        process.environment = ["PATH": "/usr/bin:/bin", "KAFKA_TOPICS": recorder.path, "CLIENT_CONFIG": config.path]
            .merging(environment) { _, given in given }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        status = process.terminationStatus
        errorOutput = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = ((try? String(contentsOf: calls, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        func value(after flag: String, in line: String) -> String? {
            let words = line.split(separator: " ").map(String.init)
            guard let index = words.firstIndex(of: flag), index + 1 < words.count else { return nil }
            return words[index + 1]
        }
        topics = lines.compactMap { value(after: "--topic", in: $0) }
        partitions = Set(lines.compactMap { value(after: "--partitions", in: $0).flatMap { Int($0) } })
        clientConfig = (try? String(contentsOfFile: config.path + ".seen", encoding: .utf8)) ?? ""
    }
}
