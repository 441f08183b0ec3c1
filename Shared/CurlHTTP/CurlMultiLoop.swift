import CCurl
import Foundation
import Synchronization

/// The libcurl multi handle and the one thread that drives it.
///
/// Tasks hand transfers over through a locked queue and wake the thread with
/// `curl_multi_wakeup`; the thread adds them, runs `curl_multi_perform`, resumes finished
/// transfers and sleeps in `curl_multi_poll` until a socket is ready, a libcurl timer expires or
/// it is woken. No thread is blocked per request.
final class CurlMultiLoop: @unchecked Sendable {
    /// What tasks and the thread exchange; guarded by `state`.
    private struct Exchange {
        var pending: [CurlTransfer] = []
        var cancelled: [UInt64] = []
        var isShutdown = false
        /// Set by the thread before it frees the multi handle; no wakeup may follow.
        var isMultiClosed = false
    }

    private let configuration: CurlHTTPClient.Configuration
    /// Only the multi thread uses it, except `curl_multi_wakeup`, which libcurl allows from any
    /// thread; wakeups happen under `state` and stop once `isMultiClosed` is set, so the thread
    /// can free the handle (closing every cached connection) as soon as it shuts down.
    private let multi: UnsafeMutableRawPointer
    private let state = Mutex(Exchange())
    private let ids = Atomic<UInt64>(0)
    private let connections = Atomic<Int>(0)
    /// Transfers added to the multi handle; touched only by the multi thread.
    private var active: [UInt64: CurlTransfer] = [:]

    init(configuration: CurlHTTPClient.Configuration) {
        CurlGlobal.ensureInitialised()
        self.configuration = configuration
        guard let multi = curl_multi_init() else {
            fatalError("curl_multi_init failed: out of memory")
        }
        self.multi = multi
        let perHost = max(1, configuration.maxConnectionsPerHost)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, perHost)
        // Keep idle connections for reuse even when no transfer is running.
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(32, perHost * 4))
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    deinit {
        // Only when the thread never got to close it.
        if !state.withLock({ $0.isMultiClosed }) { curl_multi_cleanup(multi) }
    }

    /// Connections opened so far (the sum of `CURLINFO_NUM_CONNECTS` over finished transfers).
    var connectionsOpened: Int { connections.load(ordering: .relaxed) }

    /// Starts the multi thread; it keeps `self` alive until `shutdown()`.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "curl-multi"
        thread.start()
    }

    /// A fresh transfer id.
    func nextID() -> UInt64 {
        ids.add(1, ordering: .relaxed).newValue
    }

    /// Hands a transfer to the thread, or completes it now when the task is already cancelled or
    /// the client is shut down.
    func submit(_ transfer: CurlTransfer) {
        let refusal: CurlError? = state.withLock { exchange in
            // Checked under the lock so a concurrent `cancel` either sees the transfer queued or
            // the task's flag is already set here.
            if exchange.isShutdown { return .shutdown() }
            if Task.isCancelled { return .cancelled() }
            exchange.pending.append(transfer)
            return nil
        }
        if let refusal {
            transfer.complete(.failure(refusal))
            return
        }
        wake()
    }

    /// Removes the transfer `id` wherever it is and fails it with a cancellation error.
    func cancel(_ id: UInt64) {
        let queued: CurlTransfer? = state.withLock { exchange in
            if let index = exchange.pending.firstIndex(where: { $0.id == id }) {
                return exchange.pending.remove(at: index)
            }
            exchange.cancelled.append(id)
            return nil
        }
        if let queued {
            queued.complete(.failure(.cancelled()))
        } else {
            wake()
        }
    }

    /// Stops the thread; every queued and running transfer fails with a shutdown error.
    func shutdown() {
        state.withLock { $0.isShutdown = true }
        wake()
    }

    /// Interrupts `curl_multi_poll`. Done under the lock only so that the handle cannot be freed
    /// meanwhile: the call itself is one non-blocking write to libcurl's wakeup socket.
    private func wake() {
        state.withLock { exchange in
            if !exchange.isMultiClosed { curl_multi_wakeup(multi) }
        }
    }

    // MARK: - The multi thread

    private func run() {
        while true {
            let (incoming, cancelled, stop) = state.withLock { exchange in
                defer {
                    exchange.pending.removeAll()
                    exchange.cancelled.removeAll()
                }
                return (exchange.pending, exchange.cancelled, exchange.isShutdown)
            }
            if stop {
                for transfer in incoming { transfer.complete(.failure(.shutdown())) }
                failAll(with: .shutdown())
                // After this no waker touches the handle; freeing it closes every connection, so
                // servers see the client go away at shutdown rather than at deallocation.
                state.withLock { $0.isMultiClosed = true }
                curl_multi_cleanup(multi)
                return
            }
            for transfer in incoming { add(transfer) }
            for id in cancelled {
                // Unknown ids belong to transfers that already finished.
                if let transfer = active[id] { finish(transfer, with: .failure(.cancelled())) }
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectFinished()
            var ready: Int32 = 0
            // Returns early on socket activity, libcurl's own timers or curl_multi_wakeup.
            _ = curl_multi_poll(multi, nil, 0, 1000, &ready)
        }
    }

    private func add(_ transfer: CurlTransfer) {
        switch CurlEasyOptions.makeHandle(for: transfer, configuration: configuration) {
        case .failure(let error):
            transfer.complete(.failure(error))
        case .success(let easy):
            transfer.easy = easy
            let code = curl_multi_add_handle(multi, easy)
            guard code == CURLM_OK else {
                transfer.releaseHandle()
                let message = String(cString: curl_multi_strerror(code))
                transfer.complete(.failure(CurlError(code: 2, message: message)))
                return
            }
            active[transfer.id] = transfer
        }
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else {
                continue
            }
            let code = message.pointee.data.result
            var context: UnsafeMutableRawPointer?
            _ = ccurl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
            guard let context else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            if code == CURLE_OK {
                var status = 0
                _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
                let response = CurlResponse(
                    status: status, headers: transfer.responseHeaders, body: transfer.responseBody)
                finish(transfer, with: .success(response))
            } else {
                let tooLarge = transfer.responseTooLarge || code == CURLE_FILESIZE_EXCEEDED
                // A URL whose scheme is not HTTP(S) fails the same way on every attempt: never retried.
                let reason: CurlError.Reason =
                    tooLarge ? .responseTooLarge : code == CURLE_UNSUPPORTED_PROTOCOL ? .invalidRequest : .transfer
                let error = CurlError(
                    code: Int32(bitPattern: code.rawValue),
                    message: tooLarge ? "response body exceeds the size limit" : transfer.errorMessage(code: code),
                    reason: reason)
                finish(transfer, with: .failure(error))
            }
        }
    }

    /// Removes the transfer from the multi handle, counts its new connections and resumes it.
    private func finish(_ transfer: CurlTransfer, with result: Result<CurlResponse, CurlError>) {
        active[transfer.id] = nil
        if let easy = transfer.easy {
            var opened = 0
            _ = ccurl_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &opened)
            if opened > 0 { connections.add(opened, ordering: .relaxed) }
            curl_multi_remove_handle(multi, easy)
        }
        transfer.releaseHandle()
        transfer.complete(result)
    }

    private func failAll(with error: CurlError) {
        for transfer in Array(active.values) { finish(transfer, with: .failure(error)) }
    }
}
