extension SimulatorClient {
    /// Reads the thread of `psid` until `condition` holds and returns that view, asking again with
    /// a growing pause (10 ms up to 100 ms). After `timeout` it throws an error holding the last
    /// view (``SimulatorClientError/lastView``), so a failing test shows the transcript. A thread
    /// that does not exist yet is waited for; other failures are thrown at once.
    @discardableResult
    public func waitForThread(
        _ psid: String, timeout: Duration = .seconds(30), until condition: (SimulatedThreadView) -> Bool
    ) async throws(SimulatorClientError) -> SimulatedThreadView {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var pause: Duration = .milliseconds(10)
        var last: SimulatedThreadView?
        while true {
            if let thread = try await threadIfPresent(psid) {
                if condition(thread) { return thread }
                last = thread
            }
            guard clock.now < deadline else {
                throw SimulatorClientError(
                    timedOut: "GET /_sim/threads/\(psid)",
                    message: "the thread did not reach the expected state within \(timeout)"
                        + (last == nil ? "; it never appeared" : ""),
                    lastView: last)
            }
            do {
                try await Task.sleep(for: pause)
            } catch {
                throw SimulatorClientError(call: "GET /_sim/threads/\(psid)", message: "cancelled while waiting")
            }
            pause = min(pause * 2, .milliseconds(100))
        }
    }
}
