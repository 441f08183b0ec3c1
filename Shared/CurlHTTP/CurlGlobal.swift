import CCurl

/// libcurl's process-wide initialisation, done once: `curl_global_init` is not thread-safe on
/// older builds, and a Swift global `let` is initialised exactly once under a lock.
enum CurlGlobal {
    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
    }()

    /// Runs `curl_global_init` if no one has yet; later calls cost a load.
    static func ensureInitialised() {
        _ = initialised
    }
}
