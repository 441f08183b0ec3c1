import CurlHTTP
import Foundation

/// Waits until a child is ready: answers `GET /readyz` with 200, listens on its port, or passes a
/// check of the caller's (a line in its log, say).
///
/// There is no push notification for "the child is ready" across processes, so this asks again with
/// a growing pause (20 ms doubling up to 200 ms): quick when the child is quick, cheap when it is slow.
/// A wait ends early, with the last lines of the child's log, when the child exits.
public struct ReadinessProbe: Sendable {
    /// How long one wait may take.
    public let timeout: Duration
    /// Receives progress, with the child waited for.
    public let progress: @Sendable (ChildProcess, ReadinessProgress) -> Void

    /// How often a wait reports that it is still waiting.
    public static let reportEvery: Duration = .seconds(2)

    /// A probe waiting at most `timeout` each time.
    public init(
        timeout: Duration = .seconds(60),
        progress: @escaping @Sendable (ChildProcess, ReadinessProgress) -> Void = { _, _ in }
    ) {
        self.timeout = timeout
        self.progress = progress
    }

    /// Waits for `GET url` to answer 200, from `child` itself (listening on `port`: another program
    /// on the port, e.g. a second launcher that picked the same one, does not count).
    public func waitForReady(_ child: ChildProcess, url: String, port: Int, using http: CurlHTTPClient)
        async throws(LaunchError)
    {
        _ = try await waitFor(child, what: "GET \(url)") { () async -> ProbeAnswer in
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

    /// Waits until `child` itself listens on TCP `port` (for programs without a readiness endpoint).
    public func waitUntilListening(_ child: ChildProcess, port: Int) async throws(LaunchError) {
        _ = try await waitFor(child, what: "a listening socket on port \(port)") { () async -> ProbeAnswer in
            ListeningSockets.process(child.pid, listensOn: port) ? .ready("") : .notYet("not listening")
        }
    }

    /// Asks `check` until it says ready (returning what it found), `child` exits, or the timeout passes.
    /// `what` names what is awaited in progress and errors.
    public func waitFor(
        _ child: ChildProcess, what: String, _ check: @Sendable () async -> ProbeAnswer
    ) async throws(LaunchError) -> String {
        let clock = ContinuousClock()
        let start = clock.now
        var pause: Duration = .milliseconds(20)
        var nextReport = start + Self.reportEvery
        var lastAnswer: String?
        progress(child, .waiting(what: what, elapsed: .zero, lastAnswer: nil))
        while true {
            switch await check() {
            case .ready(let value):
                progress(child, .ready(elapsed: clock.now - start))
                return value
            case .notYet(let answer):
                lastAnswer = answer
            }
            if let exit = child.exit {
                throw LaunchError(
                    .exitedEarly,
                    "\(child.name) \(exit) before it was ready; its log: \(child.logURL.path)\n"
                        + LogTail.lines(of: child.logURL, count: 15))
            }
            let elapsed = clock.now - start
            if elapsed > timeout {
                throw LaunchError(
                    .notReady,
                    "\(child.name) was not ready after \(Int(elapsed.components.seconds)) s (\(what): "
                        + "\(lastAnswer ?? "no answer")); its log: \(child.logURL.path)\n"
                        + LogTail.lines(of: child.logURL, count: 15))
            }
            if clock.now >= nextReport {
                progress(child, .waiting(what: what, elapsed: elapsed, lastAnswer: lastAnswer))
                nextReport = clock.now + Self.reportEvery
            }
            do {
                try await Task.sleep(for: pause)
            } catch {
                throw LaunchError(.notReady, "stopped while waiting for \(child.name)")
            }
            pause = min(pause * 2, .milliseconds(200))
        }
    }
}
