import Foundation
import Testing

/// Package.swift declares exactly what each target imports: nothing reaches a module through
/// another target's dependencies, and nothing is linked that no source uses.
@Suite("Package manifest")
struct PackageManifestTests {
    /// Modules that come with the toolchain, never declared.
    static let toolchainModules: Set<String> = [
        "Foundation", "FoundationEssentials", "Glibc", "Musl", "Darwin", "Dispatch", "Synchronization", "Testing",
        "XCTest", "_Concurrency", "Observation",
    ]

    @Test func everyTargetDeclaresExactlyTheModulesItImports() throws {
        let layout = try RepositoryLayout()
        let manifest = try PackageManifest(root: layout.root)
        #expect(manifest.targets.count >= 20, "the manifest has \(manifest.targets.count) targets")
        var problems: [String] = []
        for target in manifest.targets {
            let sources = layout.files(under: target.path, endingWith: [".swift"])
            guard !sources.isEmpty else { continue }  // C and system-library targets
            var imports: Set<String> = []
            for source in sources {
                imports.formUnion(Self.imports(in: try layout.text(source)))
            }
            imports.subtract(Self.toolchainModules)
            imports.remove(target.moduleName)
            let undeclared = imports.subtracting(target.dependencies)
            let unused = target.dependencies.subtracting(imports)
            if !undeclared.isEmpty {
                problems.append("\(target.name) imports \(undeclared.sorted()) without declaring them")
            }
            if !unused.isEmpty { problems.append("\(target.name) declares \(unused.sorted()) but never imports them") }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The mock cluster is a development and test tool: no deployed service links it.
    @Test func deployedServicesDoNotLinkTheMockCluster() throws {
        let manifest = try PackageManifest(root: try RepositoryLayout().root)
        let targets = Dictionary(uniqueKeysWithValues: manifest.targets.map { ($0.name, $0) })
        func closure(_ name: String) -> Set<String> {
            var seen: Set<String> = []
            var queue = [name]
            while let next = queue.popLast() {
                for dependency in targets[next]?.dependencies ?? [] where seen.insert(dependency).inserted {
                    queue.append(dependency)
                }
            }
            return seen
        }
        for service in ServiceContract.defaultPorts.keys {
            #expect(targets[service] != nil, "no target \(service)")
            #expect(!closure(service).contains("KafkaMockCluster"), "\(service) links the mock cluster")
        }
        #expect(closure("handover-devbroker").contains("KafkaMockCluster"))
    }

    /// librdkafka is called from `Shared/Kafka/RDKafka/` only (the benchmarks' C baseline aside):
    /// no other Swift file imports it or calls an `rd_kafka_*` function.
    @Test func librdkafkaIsCalledBehindItsWallOnly() throws {
        let layout = try RepositoryLayout()
        let call = "rd_" + "kafka_"  // spelled in two, so this file does not match itself
        var offenders: [String] = []
        for folder in ["Shared", "Services", "Tests"] {
            for file in layout.files(under: folder, endingWith: [".swift"])
            where !file.hasPrefix("Shared/Kafka/RDKafka/") {
                let code = try layout.text(file).split(separator: "\n").filter {
                    !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//")
                }
                if Self.imports(in: code.joined(separator: "\n")).contains("CRdKafka")
                    || code.contains(where: { $0.contains(call) })
                {
                    offenders.append(file)
                }
            }
        }
        #expect(offenders.isEmpty, "librdkafka outside Shared/Kafka/RDKafka/: \(offenders)")
    }

    @Test func theImportReaderSeesEveryForm() {
        // Quoted lines, so that the reader sees this file's own imports at its top only.
        let text = [
            "import Foundation", "@preconcurrency import Kafka", "@_spi(Testing) public import GraphAPI",
            "import struct NIOCore.ByteBuffer", "#if canImport(Glibc)", "    import Glibc", "#endif",
            "// import Commented", #"let x = "import Quoted""#,
        ].joined(separator: "\n")
        #expect(Self.imports(in: text) == ["Foundation", "Kafka", "GraphAPI", "NIOCore", "Glibc"])
    }

    /// The modules a Swift file imports (any attributes, access level or kind of declaration).
    static func imports(in text: String) -> Set<String> {
        let pattern = try! Regex(
            #"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)"#
        ).anchorsMatchLineEndings()
        return Set(text.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) })
    }
}

/// The targets of Package.swift as `swift package dump-package` reads them.
struct PackageManifest {
    struct Target {
        let name: String
        /// Relative to the repository root.
        let path: String
        /// The module names of its target and product dependencies.
        let dependencies: Set<String>
        /// The name sources import it by (`-` becomes `_`).
        var moduleName: String { name.replacingOccurrences(of: "-", with: "_") }
    }

    let targets: [Target]

    init(root: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Another scratch path: the manifest is read without waiting for the lock of the build
        // that runs these tests.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dump-package-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        process.arguments = ["swift", "package", "--scratch-path", scratch.path, "dump-package"]
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let targets = json["targets"] as? [[String: Any]]
        else {
            throw RepositoryLayout.LayoutError(message: "swift package dump-package failed")
        }
        self.targets = targets.compactMap { target in
            guard let name = target["name"] as? String, let type = target["type"] as? String else { return nil }
            let folder = type == "test" ? "Tests/" + name : "Sources/" + name
            let path = (target["path"] as? String) ?? folder
            var dependencies: Set<String> = []
            for dependency in target["dependencies"] as? [[String: Any]] ?? [] {
                for key in ["byName", "target", "product"] {
                    if let parts = dependency[key] as? [Any], let module = parts.first as? String {
                        dependencies.insert(module)
                    }
                }
            }
            return Target(name: name, path: path, dependencies: dependencies)
        }
    }
}
