import CurlHTTP
import Foundation

/// Waits until a child answers `GET /readyz` with 200 (or, for the broker, has written its address).
///
/// There is no push notification for "the child is ready" across processes, so this asks again with
/// a growing pause (20 ms doubling up to 200 ms): quick when the child is quick, cheap when it is slow.
struct ReadinessProbe: Sendable {
    let http: CurlHTTPClient
    let timeout: Duration
    let progress: StackProgressHandler

    /// How often a wait reports that it is still waiting.
    static let reportEvery: Duration = .seconds(2)

    /// Waits for `GET url` to answer 200.
    func waitForReady(_ child: ChildProcess, url: String) async throws(StackError) {
        try await poll(child, what: "GET \(url)") { () async -> (Bool, String?) in
            do throws(CurlError) {
                let response = try await http.execute(CurlRequest(url: url, timeout: .seconds(2)))
                return (response.status == 200, "HTTP \(response.status)")
            } catch {
                return (false, error.isConnectFailure ? "connection refused" : error.isTimeout ? "timeout" : "no answer")
            }
        }
    }

    /// Waits until the broker's address appears in `file` (or as a `KAFKA_BROKERS=` line in its log)
    /// and returns it.
    func waitForBrokerAddress(_ child: ChildProcess, file: URL) async throws(StackError) -> String {
        let found = FoundAddress()
        try await poll(child, what: "its bootstrap address") { () async -> (Bool, String?) in
            if let address = BrokerAddress.read(file: file) ?? BrokerAddress.read(log: child.logURL) {
                found.value = address
                return (true, nil)
            }
            return (false, "not written yet")
        }
        return found.value ?? ""
    }

    /// Asks `check` until it says ready, the child exits, or the timeout passes.
    private func poll(
        _ child: ChildProcess, what: String, _ check: @Sendable () async -> (Bool, String?)
    ) async throws(StackError) {
        let clock = ContinuousClock()
        let start = clock.now
        var pause: Duration = .milliseconds(20)
        var nextReport = start + Self.reportEvery
        var lastAnswer: String?
        progress(.waiting(child.service, what: what, elapsed: .zero, lastAnswer: nil))
        while true {
            let (ready, answer) = await check()
            if ready {
                progress(.ready(child.service, elapsed: clock.now - start))
                return
            }
            lastAnswer = answer
            if let exit = child.exit {
                throw StackError(
                    .exitedEarly,
                    "\(child.service) \(exit) before it was ready; its log: \(child.logURL.path)\n"
                        + LogTail.lines(of: child.logURL, count: 15))
            }
            let elapsed = clock.now - start
            if elapsed > timeout {
                throw StackError(
                    .notReady,
                    "\(child.service) was not ready after \(Int(elapsed.components.seconds)) s (\(what): "
                        + "\(lastAnswer ?? "no answer")); its log: \(child.logURL.path)\n"
                        + LogTail.lines(of: child.logURL, count: 15))
            }
            if clock.now >= nextReport {
                progress(.waiting(child.service, what: what, elapsed: elapsed, lastAnswer: lastAnswer))
                nextReport = clock.now + Self.reportEvery
            }
            do {
                try await Task.sleep(for: pause)
            } catch {
                throw StackError(.notReady, "stopped while waiting for \(child.service)")
            }
            pause = min(pause * 2, .milliseconds(200))
        }
    }
}

/// The address found by one poll, handed out of the `@Sendable` check.
private final class FoundAddress: @unchecked Sendable {
    // Written by the check and read after the poll returned, never at the same time.
    var value: String?
}
