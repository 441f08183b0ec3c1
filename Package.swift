// swift-tools-version:6.1
import Foundation
import PackageDescription

// librdkafka: the project needs 2.2 or newer. Where the system's is older (Debian 12 ships 2.0.2),
// scripts/install-deps builds one into .deps/librdkafka; when that folder exists, every target
// compiles against its headers and links it with an rpath, so no environment variable is needed.
let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
let localRdKafka = packageDirectory + "/.deps/librdkafka"
let usesLocalRdKafka = FileManager.default.fileExists(atPath: localRdKafka + "/include/librdkafka/rdkafka.h")
let rdKafkaSwiftFlags: [SwiftSetting] =
    usesLocalRdKafka ? [.unsafeFlags(["-Xcc", "-I\(localRdKafka)/include"])] : []
let rdKafkaCFlags: [CSetting] = usesLocalRdKafka ? [.unsafeFlags(["-I\(localRdKafka)/include"])] : []
let rdKafkaLinkerFlags: [LinkerSetting] =
    usesLocalRdKafka
    ? [.unsafeFlags(["-L\(localRdKafka)/lib", "-Xlinker", "-rpath", "-Xlinker", "\(localRdKafka)/lib"])] : []

// Compiler settings shared by every Swift target: Swift 6 mode (strict concurrency) plus the
// upcoming features the Hummingbird codebase enables.
let swiftSettings: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ] + rdKafkaSwiftFlags

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hummingbirdCore = Target.Dependency.product(name: "HummingbirdCore", package: "hummingbird")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioHTTPTypes = Target.Dependency.product(name: "NIOHTTPTypes", package: "swift-nio-extras")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let sqliteNIO = Target.Dependency.product(name: "SQLiteNIO", package: "sqlite-nio")
let postgresNIO = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")

let package = Package(
    name: "messenger-handover",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "handover-ingress", targets: ["handover-ingress"]),
        .executable(name: "handover-bot-worker", targets: ["handover-bot-worker"]),
        .executable(name: "handover-agent-worker", targets: ["handover-agent-worker"]),
        .executable(name: "handover-audit-worker", targets: ["handover-audit-worker"]),
        .executable(name: "handover-simulator", targets: ["handover-simulator"]),
        .executable(name: "handover-devbroker", targets: ["handover-devbroker"]),
        .executable(name: "handover-stack", targets: ["handover-stack"]),
        .executable(name: "handover-bench", targets: ["handover-bench"]),
        .library(name: "MessengerPlatform", targets: ["MessengerPlatform"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "GraphAPI", targets: ["GraphAPI"]),
        .library(name: "WorkerKit", targets: ["WorkerKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.9.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        // Named because our code imports them; Hummingbird brings the same versions.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.24.0"),
        .package(url: "https://github.com/jpsim/Yams.git", "5.0.0"..<"7.0.0"),
        // The agent desk's storage: SQLite embedded (one replica), PostgreSQL shared (several).
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
    ],
    targets: [
        // C interop: the only places that see librdkafka and libcurl directly.
        .systemLibrary(
            name: "CRdKafka", path: "Shared/CRdKafka", pkgConfig: usesLocalRdKafka ? nil : "rdkafka",
            providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(
            name: "CCurl", path: "Shared/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),

        // Shared libraries.
        .target(
            name: "MessengerPlatform", dependencies: [crypto], path: "Shared/MessengerPlatform",
            swiftSettings: swiftSettings),
        .target(
            name: "Kafka", dependencies: ["CRdKafka", log], path: "Shared/Kafka",
            swiftSettings: swiftSettings, linkerSettings: rdKafkaLinkerFlags),
        .target(
            name: "CurlHTTP", dependencies: ["CCurl"], path: "Shared/CurlHTTP",
            swiftSettings: swiftSettings),
        .target(
            name: "GraphAPI", dependencies: ["CurlHTTP", "MessengerPlatform", crypto, log, metrics],
            path: "Shared/GraphAPI", swiftSettings: swiftSettings),
        // librdkafka's mock cluster: for tests and development tools; production executables do not link it.
        .target(
            name: "KafkaMockCluster", dependencies: ["Kafka", log], path: "Shared/KafkaMockCluster",
            swiftSettings: swiftSettings),
        .target(name: "MetricsReading", path: "Shared/MetricsReading", swiftSettings: swiftSettings),
        // Child processes for launchers (the local stack, the benchmarks, the tests): parent-death
        // handling, log files, free ports, readiness. Production executables do not link it.
        .target(name: "Launcher", dependencies: ["CurlHTTP"], path: "Shared/Launcher", swiftSettings: swiftSettings),
        .target(
            name: "ServiceKit",
            dependencies: [
                "Kafka", "MessengerPlatform", httpTypes, hummingbird, hummingbirdCore, lifecycle, log, metrics, nioCore,
                nioHTTPTypes, prometheus, unixSignals,
            ],
            path: "Shared/ServiceKit", swiftSettings: swiftSettings),
        .target(
            name: "WorkerKit",
            dependencies: [
                "CurlHTTP", "GraphAPI", "Kafka", "MessengerPlatform", "ServiceKit", hummingbird, lifecycle, log,
                metrics,
            ],
            path: "Shared/WorkerKit", swiftSettings: swiftSettings),

        // Services: a library with the behaviour (so tests build the same application) and a thin
        // executable that reads configuration and runs it.
        .target(
            name: "Ingress",
            dependencies: [
                "Kafka", "MessengerPlatform", "ServiceKit", crypto, httpTypes, hummingbird, log, metrics, nioCore,
            ],
            path: "Services/Ingress/Ingress", swiftSettings: swiftSettings),
        .executableTarget(
            name: "handover-ingress", dependencies: ["Ingress", "Kafka", "ServiceKit", hummingbird, log],
            path: "Services/Ingress/Executable", swiftSettings: swiftSettings),
        // The simulator's control API: its wire types (the routes use them too) and the one client.
        .target(
            name: "SimulatorClient", dependencies: ["CurlHTTP"], path: "Services/Simulator/Client",
            swiftSettings: swiftSettings),
        .target(
            name: "Simulator",
            dependencies: [
                "CurlHTTP", "ServiceKit", "SimulatorClient", crypto, httpTypes, hummingbird, hummingbirdCore, lifecycle,
                log, nioCore,
            ],
            path: "Services/Simulator/Simulator", swiftSettings: swiftSettings),
        .executableTarget(
            name: "handover-simulator",
            dependencies: ["ServiceKit", "Simulator", hummingbird],
            path: "Services/Simulator/Executable", swiftSettings: swiftSettings),
        .target(
            name: "BotWorker",
            dependencies: ["GraphAPI", "MessengerPlatform", "ServiceKit", "WorkerKit", hummingbird, log, metrics],
            path: "Services/BotWorker/BotWorker", swiftSettings: swiftSettings),
        .executableTarget(
            name: "handover-bot-worker",
            dependencies: ["BotWorker", "ServiceKit"],
            path: "Services/BotWorker/Executable", swiftSettings: swiftSettings),
        .target(
            name: "AgentDesk",
            dependencies: [crypto, log, postgresNIO, sqliteNIO],
            path: "Services/AgentWorker/Desk", swiftSettings: swiftSettings),
        .target(
            name: "AgentWorker",
            dependencies: [
                "AgentDesk", "CurlHTTP", "GraphAPI", "MessengerPlatform", "ServiceKit", "WorkerKit", crypto,
                httpTypes, hummingbird, lifecycle, log, metrics, nioCore,
            ],
            path: "Services/AgentWorker/AgentWorker", resources: [.copy("Console")], swiftSettings: swiftSettings),
        .executableTarget(
            name: "handover-agent-worker",
            dependencies: ["AgentDesk", "AgentWorker", "ServiceKit"],
            path: "Services/AgentWorker/Executable", swiftSettings: swiftSettings),
        .executableTarget(
            name: "handover-audit-worker",
            dependencies: ["MessengerPlatform", "ServiceKit", "WorkerKit"],
            path: "Services/AuditWorker", swiftSettings: swiftSettings),
        .executableTarget(
            name: "handover-devbroker",
            dependencies: ["Kafka", "KafkaMockCluster", "MessengerPlatform", "ServiceKit", lifecycle, log],
            path: "Services/DevBroker", swiftSettings: swiftSettings),
        .target(
            name: "LocalStack",
            dependencies: ["CurlHTTP", "Kafka", "Launcher", "MessengerPlatform", "ServiceKit", "SimulatorClient", log],
            path: "Services/LocalStack/LocalStack", swiftSettings: swiftSettings),
        .executableTarget(
            name: "handover-stack",
            dependencies: ["LocalStack", "ServiceKit", argumentParser],
            path: "Services/LocalStack/Executable", swiftSettings: swiftSettings),
        .target(
            name: "KafkaBaseline", dependencies: ["CRdKafka"], path: "Services/Benchmarks/KafkaBaseline",
            cSettings: [.unsafeFlags(["-O2"])] + rdKafkaCFlags, linkerSettings: rdKafkaLinkerFlags),
        .executableTarget(
            name: "handover-bench",
            dependencies: [
                "AgentDesk", "AgentWorker", "BotWorker", "CurlHTTP", "GraphAPI", "Ingress", "Kafka", "KafkaBaseline",
                "KafkaMockCluster", "Launcher", "LocalStack", "MessengerPlatform", "MetricsReading", "ServiceKit",
                "Simulator", "SimulatorClient", "WorkerKit", argumentParser, httpTypes, hummingbird, lifecycle, log,
                metrics, nioCore,
            ],
            path: "Services/Benchmarks/Executable", swiftSettings: swiftSettings),

        // Tests.
        // Fuzz targets: properties over arbitrary bytes (FuzzChecks), replayed by the tests and by
        // `handover-fuzz`, which scripts/fuzz builds with libFuzzer (see `Tests/Fuzz/Executable`).
        .target(
            name: "FuzzChecks", dependencies: ["MessengerPlatform"], path: "Tests/Fuzz/FuzzChecks",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "handover-fuzz", dependencies: ["FuzzChecks"], path: "Tests/Fuzz/Executable",
            swiftSettings: swiftSettings),
        .target(
            name: "TestSupport",
            dependencies: [
                "CurlHTTP", "Kafka", "KafkaMockCluster", "Launcher", "LocalStack", "MessengerPlatform", httpTypes,
                hummingbird, lifecycle, log, nioCore,
            ],
            path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "MessengerPlatformTests", dependencies: ["FuzzChecks", "MessengerPlatform"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KafkaTests", dependencies: ["Kafka", "KafkaMockCluster", "TestSupport", log],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "GraphAPITests",
            dependencies: [
                "CurlHTTP", "GraphAPI", "MessengerPlatform", "MetricsReading", "ServiceKit", "Simulator",
                "SimulatorClient", httpTypes, hummingbird, log, nioCore,
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SimulatorTests",
            dependencies: [
                "CurlHTTP", "MessengerPlatform", "ServiceKit", "Simulator", "SimulatorClient", "TestSupport", lifecycle,
                log,
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IngressTests",
            dependencies: [
                "CurlHTTP", "Ingress", "Kafka", "KafkaMockCluster", "MessengerPlatform", "ServiceKit", "TestSupport",
                hummingbird, lifecycle, log,
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WorkerKitTests",
            dependencies: [
                "CurlHTTP", "GraphAPI", "Kafka", "KafkaMockCluster", "MessengerPlatform", "MetricsReading",
                "ServiceKit", "Simulator", "SimulatorClient", "TestSupport", "WorkerKit", hummingbird, lifecycle, log,
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WorkerTests",
            dependencies: [
                "AgentDesk", "AgentWorker", "BotWorker", "CurlHTTP", "GraphAPI", "Ingress", "Kafka", "LocalStack",
                "MessengerPlatform", "MetricsReading", "ServiceKit", "Simulator", "SimulatorClient", "TestSupport",
                "WorkerKit", httpTypes, hummingbird, lifecycle, log, nioCore,
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "CurlHTTP", "Kafka", "Launcher", "LocalStack", "MetricsReading", "ServiceKit", "SimulatorClient",
                "TestSupport",
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "LauncherTests", dependencies: ["Launcher"], swiftSettings: swiftSettings),
        .testTarget(name: "MetricsReadingTests", dependencies: ["MetricsReading"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DeploymentTests", dependencies: [yams], swiftSettings: swiftSettings),
    ]
)
