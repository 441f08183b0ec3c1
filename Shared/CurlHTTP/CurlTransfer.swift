import CCurl

/// One request in flight: its easy handle, the response being collected and the continuation of
/// the awaiting task.
///
/// Confinement instead of a lock: the multi thread alone touches everything after `submit` hands
/// the transfer over; before that only the submitting task does. The continuation is resumed
/// exactly once, by whichever side owns the transfer at that moment.
final class CurlTransfer: @unchecked Sendable {
    let id: UInt64
    let request: CurlRequest
    private var continuation: CheckedContinuation<Result<CurlResponse, CurlError>, Never>?

    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var status = 0
    var responseHeaders: [CurlHeader] = []
    var responseBody: [UInt8] = []
    /// The response body cap of the client's configuration.
    var maxResponseBytes = Int.max
    /// Set when the body passed ``maxResponseBytes`` and the transfer was stopped.
    var responseTooLarge = false
    let errorBuffer: UnsafeMutablePointer<CChar>

    init(
        id: UInt64, request: CurlRequest,
        continuation: CheckedContinuation<Result<CurlResponse, CurlError>, Never>
    ) {
        self.id = id
        self.request = request
        self.continuation = continuation
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        releaseHandle()
        errorBuffer.deallocate()
    }

    /// Resumes the awaiting task; later calls do nothing.
    func complete(_ result: Result<CurlResponse, CurlError>) {
        continuation?.resume(returning: result)
        continuation = nil
    }

    /// Frees the easy handle and the header list (the handle must no longer be in a multi).
    func releaseHandle() {
        if let easy {
            curl_easy_cleanup(easy)
            self.easy = nil
        }
        if let headerList {
            curl_slist_free_all(headerList)
            self.headerList = nil
        }
    }

    /// Collects one header line from libcurl; a status line starts a new header block (after a
    /// `100 Continue` only the final block counts).
    func receiveHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        var text = String(decoding: line, as: UTF8.self)
        // "\r\n" is one Character in Swift, so compare with isNewline, not with "\r" and "\n".
        while let last = text.last, last.isNewline { text.removeLast() }
        if text.hasPrefix("HTTP/") {
            responseHeaders.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = String(text[..<colon]).trimmingSpaces()
        let value = String(text[text.index(after: colon)...]).trimmingSpaces()
        responseHeaders.append(CurlHeader(name: name, value: value))
    }

    /// The message libcurl left in the error buffer, or its generic text for `code`.
    func errorMessage(code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
