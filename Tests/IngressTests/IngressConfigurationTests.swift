import Foundation
import Ingress
import ServiceKit
import Testing

/// Configuration the ingress refuses to start with, naming the variable or field at fault.
@Suite struct IngressConfigurationTests {
    static let base = ["MESSENGER_APP_ID": "777", "MESSENGER_APP_SECRET": "secret", "KAFKA_BROKERS": "127.0.0.1:1"]

    static func problem(_ extra: [String: String], removing: [String] = []) -> ConfigurationError? {
        var variables = base.merging(extra) { _, new in new }
        for name in removing { variables[name] = nil }
        do {
            _ = try IngressConfiguration(environment: ServiceEnvironment(variables))
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            return nil
        }
    }

    @Test(arguments: ["", "   ", "\n"])
    func blankAppSecretOrVerifyTokenIsRefused(_ blank: String) {
        #expect(Self.problem(["MESSENGER_APP_SECRET": blank])?.variable == "MESSENGER_APP_SECRET")
        #expect(Self.problem(["MESSENGER_VERIFY_TOKEN": blank])?.variable == "MESSENGER_VERIFY_TOKEN")
    }

    @Test(arguments: [#""secret": """#, #""secret": "  ""#, #""secret": "s", "verify_token": """#])
    func blankSecretInTheConfigFileIsRefusedWithTheFieldNamed(_ fields: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("handover-\(UUID()).json").path
        try Data(#"{"apps":[{"id":"1", \#(fields)}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = Self.problem(["HANDOVER_CONFIG": path], removing: ["MESSENGER_APP_ID", "MESSENGER_APP_SECRET"])
        #expect(error?.variable.hasPrefix("HANDOVER_CONFIG apps[0].") == true)
        #expect(error?.problem.contains("empty") == true)
    }

    @Test func librdkafkaMessageTimeoutCannotOverrideTheAnswerDeadline() {
        #expect(
            Self.problem(["KAFKA_PROPERTY_MESSAGE_TIMEOUT_MS": "60000"])?.variable
                == "KAFKA_PROPERTY_MESSAGE_TIMEOUT_MS")
    }

    @Test func producerRecordLimitBelowTheBodyLimitIsRefused() {
        #expect(
            Self.problem(["KAFKA_PROPERTY_MESSAGE_MAX_BYTES": "1000000"])?.variable
                == "KAFKA_PROPERTY_MESSAGE_MAX_BYTES")
        #expect(Self.problem(["KAFKA_PROPERTY_MESSAGE_MAX_BYTES": "2000000"]) == nil)
    }

    @Test func httpLimitsAndCapsAreRead() throws {
        let configuration = try IngressConfiguration(
            environment: ServiceEnvironment(
                Self.base.merging([
                    "HTTP_IDLE_TIMEOUT_MS": "1500", "HTTP_REQUEST_READ_TIMEOUT_MS": "2500",
                    "INGRESS_BODY_BUDGET_BYTES": "8388608", "INGRESS_MAX_ITEMS_PER_BODY": "10",
                ]) { _, new in new }))
        #expect(configuration.httpLimits.idleTimeout == .milliseconds(1500))
        #expect(configuration.httpLimits.requestReadTimeout == .milliseconds(2500))
        #expect(configuration.bodyBudgetBytes == 8 << 20)
        #expect(configuration.maxItemsPerBody == 10)
        #expect(Self.problem(["INGRESS_BODY_BUDGET_BYTES": "1024"])?.variable == "INGRESS_BODY_BUDGET_BYTES")
    }
}
