import Foundation
import LocalStack
import Testing

/// Which Kafka broker the integration and end-to-end tests talk to, chosen by one setting,
/// `TEST_KAFKA_BROKER`:
///
/// | value | broker |
/// |---|---|
/// | `mock` (default) | librdkafka's mock cluster, in the test process (one per test broker) |
/// | `tansu` | tansu, an independent Kafka-compatible broker, one process per test broker |
/// | `host:port[,…]` | a cluster someone else runs; every test creates its own uniquely named topics |
///
/// Tests that need the mock's fault injection (a broker going down, injected request errors, a
/// slow broker) carry ``Trait/needsMockFaultInjection`` and run only when the mock is chosen.
public enum TestBrokerChoice: Sendable, Equatable, CustomStringConvertible {
    case mock
    case tansu
    case external(String)

    /// The variable that chooses.
    public static let variable = "TEST_KAFKA_BROKER"

    /// The choice of this test run.
    public static let selected: TestBrokerChoice = parse(ProcessInfo.processInfo.environment[variable])

    /// Reads the variable's value; nil or empty is the mock.
    public static func parse(_ value: String?) -> TestBrokerChoice {
        let value = (value ?? "").trimmingCharacters(in: .whitespaces)
        switch value.lowercased() {
        case "", "mock": return .mock
        case "tansu": return .tansu
        default: return .external(value)
        }
    }

    /// librdkafka properties every producing client of this broker needs. tansu 0.6's memory storage gives a
    /// record batch one offset, not one per record (README, "Brokers"): one record per batch keeps
    /// offsets, committed positions and watermarks what Kafka's would be.
    public var clientProperties: [String: String] {
        self == .tansu ? TansuBroker.clientProperties : [:]
    }

    public var description: String {
        switch self {
        case .mock: "mock"
        case .tansu: "tansu"
        case .external(let servers): servers
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// The test injects faults into librdkafka's mock cluster (brokers down, request errors, round
    /// trip times), which no real broker offers: it runs only when `TEST_KAFKA_BROKER` is the mock.
    public static var needsMockFaultInjection: Self {
        .enabled(
            if: TestBrokerChoice.selected == .mock,
            "needs the mock cluster's fault injection (TEST_KAFKA_BROKER=\(TestBrokerChoice.selected))")
    }
}
