import CurlHTTP
import GraphAPI
import HTTPTypes
import Hummingbird
import MessengerPlatform
import NIOCore
import ServiceKit
import Synchronization
import Testing

/// What the HTTP client refuses: bodies over its response cap, protocols other than HTTP(S).
@Suite("CurlHTTPClient limits")
struct CurlHTTPClientLimitTests {
    @Test func responseOverTheCapFailsTheTransferNotTheMemory() async throws {
        let router = CurlHTTPClientTests.makeRouter()
        router.get("large") { _, _ -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: 0x41, count: 3 << 20)))
        }
        router.get("streamed") { _, _ -> Response in
            Response(
                status: .ok,
                body: .init { writer in
                    for _ in 0..<48 { try await writer.write(ByteBuffer(repeating: 0x41, count: 64 << 10)) }
                    try await writer.finish(nil)
                })
        }
        try await withLocalServer(router) { port async throws in
            let http = CurlHTTPClient(configuration: .init(maxResponseBytes: 1 << 20))
            defer { http.shutdown() }
            for path in ["large", "streamed"] {
                do {
                    _ = try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/\(path)"))
                    Issue.record("\(path): a response over the cap was accepted")
                } catch let error as CurlError {
                    #expect(error.isResponseTooLarge, "\(path): \(error)")
                    #expect(!error.isRetriable)
                }
            }
            let small = try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/hello"))
            #expect(small.status == 200)
        }
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/x"])
    func protocolsOtherThanHTTPAreRefused(_ url: String) async {
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        await #expect(throws: CurlError.self) { _ = try await http.execute(CurlRequest(url: url)) }
    }
}

/// The page token crosses plain HTTP only where the configuration's policy allows it.
@Suite("Graph client plain HTTP")
struct GraphPlainHTTPTests {
    @Test func aRefusedURLSendsNothingAndIsNotRetried() async throws {
        let router = CurlHTTPClientTests.makeRouter()
        let hits = Atomic<Int>(0)
        router.post("v23.0/me/release_thread_control") { _, _ -> Response in
            hits.add(1, ordering: .relaxed)
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"success":true}"#)))
        }
        try await withLocalServer(router) { port async throws in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            func client(_ baseURL: String, _ policy: PlainHTTPPolicy) -> ThreadControlClient {
                ThreadControlClient(
                    configuration: GraphAPIConfiguration(
                        baseURL: baseURL, appID: "1", appSecret: "s",
                        retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)), plainHTTP: policy),
                    page: PageAccess(pageID: "p", accessToken: "page-token"), http: http,
                    metrics: ServiceMetrics().factory, logger: quietLogger("graph-plain-http"))
            }
            let refused = client("http://127.0.0.1:\(port)", .refuse)
            let error = await #expect(throws: GraphAPIError.self) {
                try await refused.releaseThreadControl(userID: "u")
            }
            #expect(error?.kind == .invalidArgument)
            #expect(error?.message.contains("https://") == true)
            #expect(hits.load(ordering: .relaxed) == 0)
            try await client("http://127.0.0.1:\(port)", .loopback).releaseThreadControl(userID: "u")
            #expect(hits.load(ordering: .relaxed) == 1)
        }
    }

    @Test func loopbackHostsAreRecognisedStrictly() {
        for host in ["http://127.0.0.1", "http://127.1.2.3:80", "http://[::1]:8070/", "http://LOCALHOST"] {
            #expect(PlainHTTPPolicy.loopback.refusal(baseURL: host) == nil, "\(host)")
        }
        for host in [
            "http://127.0.0.1.nip.io", "http://localhost.evil", "http://10.0.0.1", "http://127.0.0.1@evil.com",
            "http://[::1", "http://127.0.0.256", "http://:80", "http://127.0.0.1:80x",
        ] {
            #expect(PlainHTTPPolicy.loopback.refusal(baseURL: host) != nil, "\(host)")
        }
        #expect(PlainHTTPPolicy.refuse.refusal(baseURL: "https://graph.facebook.com") == nil)
        #expect(PlainHTTPPolicy.anyHost.refusal(baseURL: "gopher://graph.facebook.com") != nil)
    }
}
