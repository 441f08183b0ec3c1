import Foundation
import Launcher

extension ReadinessProbe {
    /// Waits until the broker's address appears in `file` (or as a `KAFKA_BROKERS=` line in its log)
    /// and returns it.
    func waitForBrokerAddress(_ child: ChildProcess, file: URL) async throws(LaunchError) -> String {
        try await waitFor(child, what: "its bootstrap address") { () async -> ProbeAnswer in
            guard let address = BrokerAddress.read(file: file) ?? BrokerAddress.read(log: child.logURL) else {
                return .notYet("not written yet")
            }
            return .ready(address)
        }
    }
}
