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

    /// Waits for `GET url` to answer 200, from `child` itself (listening on `port`).
    func waitForReady(_ child: ChildProcess, url: String, port: Int) async throws(StackError) {
        _ = try await poll(child, what: "GET \(url)") { () async -> ProbeAnswer in
            do throws(CurlError) {
                let response = try await http.execute(CurlRequest(url: url, timeout: .seconds(2)))
                guard response.status == 200 else { return .notYet("HTTP \(response.status)") }
                // Another program may hold the port; then our child fails to listen and exits.
                guard ListeningSockets.process(child.pid, listensOn: port) else {
                    return .notYet("HTTP 200 from another process on port \(port)")
                }
                return .ready("")
            } catch {
                return .notYet(
                    error.isConnectFailure ? "connection refused" : error.isTimeout ? "timeout" : "no answer")
            }
        }
    }

    /// Waits until the broker's address appears in `file` (or as a `KAFKA_BROKERS=` line in its log)
    /// and returns it.
    func waitForBrokerAddress(_ child: ChildProcess, file: URL) async throws(StackError) -> String {
        try await poll(child, what: "its bootstrap address") { () async -> ProbeAnswer in
            guard let address = BrokerAddress.read(file: file) ?? BrokerAddress.read(log: child.logURL) else {
                return .notYet("not written yet")
            }
            return .ready(address)
        }
    }

    /// Asks `check` until it says ready (returning what it found), the child exits, or the timeout passes.
    private func poll(
        _ child: ChildProcess, what: String, _ check: @Sendable () async -> ProbeAnswer
    ) async throws(StackError) -> String {
        let clock = ContinuousClock()
        let start = clock.now
        var pause: Duration = .milliseconds(20)
        var nextReport = start + Self.reportEvery
        var lastAnswer: String?
        progress(.waiting(child.service, what: what, elapsed: .zero, lastAnswer: nil))
        while true {
            switch await check() {
            case .ready(let value):
                progress(.ready(child.service, elapsed: clock.now - start))
                return value
            case .notYet(let answer):
                lastAnswer = answer
            }
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
