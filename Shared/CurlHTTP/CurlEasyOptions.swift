import CCurl

/// Builds the libcurl easy handle for one transfer: URL, method, headers, body, timeouts, HTTP/2
/// and the callbacks that collect the response into the transfer.
enum CurlEasyOptions {
    static func makeHandle(
        for transfer: CurlTransfer, configuration: CurlHTTPClient.Configuration
    ) -> Result<UnsafeMutableRawPointer, CurlError> {
        guard let easy = curl_easy_init() else {
            return .failure(CurlError(code: 27, message: "out of memory", reason: .invalidRequest))
        }
        let request = transfer.request
        var failed: CURLcode = CURLE_OK
        func check(_ code: CURLcode) { if failed == CURLE_OK, code != CURLE_OK { failed = code } }

        check(request.url.withCString { ccurl_easy_setopt_string(easy, CURLOPT_URL, $0) })
        // Signals are process-wide; a library on a shared thread must never use them.
        check(ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        // HTTP and HTTPS only, for the first request and for any redirect: a URL from configuration
        // must never make libcurl read files or speak another protocol.
        check("http,https".withCString { ccurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, $0) })
        check("http,https".withCString { ccurl_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, $0) })
        // A declared length over the cap fails before the body; the write callback catches the rest.
        check(ccurl_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes)))
        transfer.maxResponseBytes = configuration.maxResponseBytes
        check(ccurl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)))
        // Prefer waiting for a multiplexed HTTP/2 stream over opening another connection.
        check(ccurl_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1))
        check(ccurl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))
        check(configuration.userAgent.withCString { ccurl_easy_setopt_string(easy, CURLOPT_USERAGENT, $0) })
        check("".withCString { ccurl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, $0) })
        check(
            ccurl_easy_setopt_long(
                easy, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds))
        let timeout = request.timeout ?? configuration.defaultTimeout
        check(ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, timeout.curlMilliseconds))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, transfer.errorBuffer))

        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body == nil:
            check(ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
        case "HEAD":
            check(ccurl_easy_setopt_long(easy, CURLOPT_NOBODY, 1))
        default:
            if method != "POST" {
                check(method.withCString { ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, $0) })
            }
            if let body = request.body {
                // Size first, so COPYPOSTFIELDS copies binary bodies whole (NULs included).
                check(ccurl_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
                check(
                    body.withUnsafeBytes { bytes in
                        let base = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                        return ccurl_easy_setopt_pointer(
                            easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
                    })
            } else if method == "POST" {
                check(ccurl_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, 0))
                check(
                    ccurl_easy_setopt_pointer(
                        easy, CURLOPT_COPYPOSTFIELDS,
                        UnsafeMutableRawPointer(mutating: ("" as StaticString).utf8Start)))
            }
        }

        // "Expect:" switches off libcurl's 100-continue round trip on larger bodies.
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for header in request.headers {
            let line = header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
            list = curl_slist_append(list, line)
        }
        transfer.headerList = list
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list)))

        let context = Unmanaged.passUnretained(transfer).toOpaque()
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, context))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
        check(
            ccurl_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                let length = size * count
                guard let context, let data, length > 0 else { return length }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                guard transfer.responseBody.count + length <= transfer.maxResponseBytes else {
                    transfer.responseTooLarge = true
                    return 0  // stops the transfer with CURLE_WRITE_ERROR
                }
                data.withMemoryRebound(to: UInt8.self, capacity: length) {
                    transfer.responseBody.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
                }
                return length
            })
        check(
            ccurl_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                let length = size * count
                guard let context, let data, length > 0 else { return length }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                data.withMemoryRebound(to: UInt8.self, capacity: length) {
                    transfer.receiveHeaderLine(UnsafeBufferPointer(start: $0, count: length))
                }
                return length
            })

        if failed != CURLE_OK {
            transfer.easy = easy
            transfer.releaseHandle()
            return .failure(
                CurlError(
                    code: Int32(bitPattern: failed.rawValue),
                    message: String(cString: curl_easy_strerror(failed)), reason: .invalidRequest))
        }
        return .success(easy)
    }
}
