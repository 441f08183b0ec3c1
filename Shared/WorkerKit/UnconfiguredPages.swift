import CurlHTTP
import GraphAPI
import Logging
import ServiceKit

/// Graph clients for Pages the worker has no access token for. Their calls go out without a
/// token and fail with Meta's authentication error, which is not retriable: the record is
/// dead-lettered with a reason that names the problem instead of the worker stopping.
struct UnconfiguredPages: Sendable {
    let graph: GraphAPIConfiguration
    let http: CurlHTTPClient
    let metrics: ServiceMetrics
    let logger: Logger

    func client(forPage pageID: String) -> ThreadControlClient {
        ThreadControlClient(
            configuration: graph, page: PageAccess(pageID: pageID, accessToken: ""), http: http,
            metrics: metrics.factory, logger: logger)
    }
}
