import Foundation
import Testing

/// deploy/Dockerfile builds every executable into a slim, non-root image with a health check,
/// and its ignore file lets the sources in.
@Suite struct DockerfileTests {
    /// The Dockerfile's instructions, comment lines removed and continuations joined.
    private static func instructions(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingPrefixWhitespace()
            if trimmed.hasPrefix("#") { continue }
            if trimmed.hasSuffix("\\") {
                current += String(trimmed.dropLast()) + " "
            } else {
                current += String(trimmed)
                if !current.isEmpty { result.append(current) }
                current = ""
            }
        }
        return result
    }

    @Test func theImageContainsEveryExecutableThePackageShips() throws {
        let files = try DeploymentFiles.shared.get()
        let text = try files.layout.text("deploy/Dockerfile")
        for executable in files.executables {
            #expect(
                !TextPattern.all(#"(?<![A-Za-z0-9-])(\#(executable))(?![A-Za-z0-9-])"#, in: text).isEmpty,
                "deploy/Dockerfile does not copy \(executable)")
        }
    }

    @Test func buildStageUsesTheOfficialSwiftImageAndAStaticStdlibReleaseBuild() throws {
        let files = try DeploymentFiles.shared.get()
        let lines = Self.instructions(try files.layout.text("deploy/Dockerfile"))
        let froms = lines.filter { $0.hasPrefix("FROM ") }
        #expect(froms.count >= 2, "a multi-stage build needs at least two FROM lines: \(froms)")
        #expect(
            froms.first?.contains("swift:") == true,
            "the build stage is not the official swift image: \(froms.first ?? "")")
        let build = lines.first { $0.contains("swift build") } ?? ""
        #expect(
            build.contains("-c release") && build.contains("--static-swift-stdlib"),
            "the build is not a static-stdlib release build: \(build)")
        // The versions the tests used: the resolved file, forced; librdkafka from the pinned source.
        #expect(
            lines.contains { $0.hasPrefix("COPY ") && $0.contains("Package.resolved") },
            "the build does not copy Package.resolved")
        for command in lines where command.contains("swift build") || command.contains("swift package resolve") {
            #expect(command.contains("--force-resolved-versions"), "resolves versions afresh: \(command)")
        }
        #expect(
            lines.contains { $0.contains("scripts/install-deps --image-build") },
            "librdkafka is not the pinned build CI tests")
        #expect(
            lines.contains { $0.hasPrefix("COPY --from=builder") && $0.contains(".deps/librdkafka/lib") },
            "the runtime stage lacks the librdkafka the executables were linked with")
    }

    /// Targets with resources (the agent console's files) get a `*.resources` folder beside the
    /// executables; the image must carry it to where `Bundle.module` looks: the executables' folder.
    @Test func theImageCarriesTheResourceBundlesBesideTheExecutables() throws {
        let files = try DeploymentFiles.shared.get()
        let manifest = try files.layout.text("Package.swift")
        #expect(manifest.contains("resources:"), "no target declares resources any more: this test can go")
        let lines = Self.instructions(try files.layout.text("deploy/Dockerfile"))
        let build = lines.first { $0.contains("swift build") } ?? ""
        #expect(build.contains(#"*.resources /staging/bin/"#), "the build stage does not stage the resource bundles")
        #expect(lines.contains { $0.hasPrefix("COPY --from=builder") && $0.contains("/staging/bin/ /usr/local/bin/") })
    }

    /// Without the Package.resolved of a test run, scripts/build-image refuses (exit 66) and says why.
    @Test func buildImageRefusesACheckoutWithoutResolvedVersions() throws {
        let layout = try RepositoryLayout()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("build-image-\(UUID())")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("scripts/build-image")
        try FileManager.default.copyItem(at: layout.root.appendingPathComponent("scripts/build-image"), to: script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 66)
        #expect(message.contains("Package.resolved"))
    }

    @Test func runtimeStageIsSlimNonRootAndHealthChecked() throws {
        let files = try DeploymentFiles.shared.get()
        let lines = Self.instructions(try files.layout.text("deploy/Dockerfile"))
        let lastFrom = lines.last { $0.hasPrefix("FROM ") } ?? ""
        #expect(lastFrom.contains("ubuntu:") || lastFrom.contains("debian:"), "runtime base \(lastFrom)")
        let runtime = lines.drop { $0 != lastFrom }
        #expect(!runtime.contains { $0.contains("-dev") }, "the runtime stage installs development packages")
        #expect(
            !runtime.contains { $0.contains("librdkafka1") }, "the runtime stage installs the distribution's librdkafka"
        )
        #expect(runtime.contains { $0.contains("libcurl4") }, "the runtime stage does not install libcurl4")
        let user = runtime.last { $0.hasPrefix("USER ") }.map { String($0.dropFirst(5)) } ?? "root"
        let uid = user.split(separator: ":").first.flatMap { Int($0) }
        #expect(uid != nil && uid! > 0, "the runtime runs as \(user), not a numeric non-root user")
        let healthcheck = runtime.first { $0.hasPrefix("HEALTHCHECK ") } ?? ""
        #expect(healthcheck.contains("/healthz"), "no HEALTHCHECK on /healthz: \(healthcheck)")
    }

    @Test func dockerIgnoreBesideTheDockerfileLetsTheSourcesIn() throws {
        let files = try DeploymentFiles.shared.get()
        let text = try files.layout.text("deploy/Dockerfile.dockerignore")
        let rules = text.split(separator: "\n").map { $0.trimmingPrefixWhitespace() }.filter {
            !$0.isEmpty && !$0.hasPrefix("#")
        }
        for needed in ["Package.swift", "Package.resolved", "scripts/install-deps", "Shared", "Services", "Tests"] {
            // Last matching rule wins; the needed path must end up re-included (or never excluded).
            let verdict = rules.last { rule in
                let pattern = rule.hasPrefix("!") ? String(rule.dropFirst()) : String(rule)
                return pattern == "*" || pattern == needed || pattern.hasPrefix(needed + "/")
            }
            #expect(verdict == nil || verdict!.hasPrefix("!"), "deploy/Dockerfile.dockerignore excludes \(needed)")
        }
    }
}

extension Substring {
    /// The text without its leading spaces and tabs.
    fileprivate func trimmingPrefixWhitespace() -> Substring {
        drop { $0 == " " || $0 == "\t" }
    }
}
