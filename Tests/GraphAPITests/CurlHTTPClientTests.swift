import CurlHTTP
import Glibc
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing

@Suite("CurlHTTPClient over a real local HTTP server")
struct CurlHTTPClientTests {
    /// Routes shared by the tests: echo, status, slow and numbered answers.
    static func makeRouter(peers: PeerLog = PeerLog()) -> Router<PeerRequestContext> {
        let router = Router(context: PeerRequestContext.self)
        router.get("hello") { request, context -> Response in
            peers.record(context)
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Query")!] = request.uri.query ?? ""
            headers[.contentType] = "text/plain"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "hello")))
        }
        router.on("echo", method: .post) { request, context in try await echo(request, context, peers) }
        router.on("echo", method: .put) { request, context in try await echo(request, context, peers) }
        router.on("echo", method: .delete) { request, context in try await echo(request, context, peers) }
        router.get("unavailable") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.retryAfter] = "7"
            return Response(status: .serviceUnavailable, headers: headers)
        }
        router.get("slow") { _, _ -> Response in
            try? await Task.sleep(for: .seconds(2))
            return Response(status: .ok)
        }
        router.get("numbered/:n") { _, context -> Response in
            peers.record(context)
            let n = context.parameters.get("n") ?? "?"
            // A short pause keeps many requests in flight at once.
            try? await Task.sleep(for: .milliseconds(5))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: n)))
        }
        return router
    }

    /// Answers with the request body and echoes method and selected headers back as headers.
    static func echo(_ request: Request, _ context: PeerRequestContext, _ peers: PeerLog) async throws -> Response {
        peers.record(context)
        let body = try await request.body.collect(upTo: 16 << 20)
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Method")!] = request.method.rawValue
        headers[HTTPField.Name("X-Got-Token")!] = request.headers[HTTPField.Name("X-Token")!] ?? "none"
        headers[HTTPField.Name("X-Got-Content-Type")!] = request.headers[.contentType] ?? "none"
        headers[HTTPField.Name("X-Got-Length")!] = String(body.readableBytes)
        return Response(status: .created, headers: headers, body: .init(byteBuffer: body))
    }

    @Test func getReturnsStatusHeadersAndBody() async throws {
        try await withLocalServer(Self.makeRouter()) { port async throws in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            let response = try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/hello?a=1&b=two"))
            #expect(response.status == 200)
            #expect(response.body == Array("hello".utf8))
            #expect(response.header("x-query") == "a=1&b=two")
            #expect(response.header("CONTENT-TYPE") == "text/plain")
            #expect(response.header("X-Missing") == nil)
        }
    }

    @Test func postSendsBinaryBodyAndHeadersUnchanged() async throws {
        try await withLocalServer(Self.makeRouter()) { port async throws in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            let body: [UInt8] = [0, 1, 2, 0, 255, 10, 13] + Array(repeating: 0x41, count: 100_000)
            let response = try await http.execute(
                CurlRequest(
                    method: "POST", url: "http://127.0.0.1:\(port)/echo",
                    headers: [CurlHeader("Content-Type", "application/json"), CurlHeader("X-Token", "t-1")],
                    body: body))
            #expect(response.status == 201)
            #expect(response.body == body)
            #expect(response.header("X-Method") == "POST")
            #expect(response.header("X-Got-Token") == "t-1")
            #expect(response.header("X-Got-Content-Type") == "application/json")
            #expect(response.header("X-Got-Length") == String(body.count))
        }
    }

    @Test func otherMethodsAndEmptyBodiesAreSentAsAsked() async throws {
        try await withLocalServer(Self.makeRouter()) { port async throws in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            let put = try await http.execute(
                CurlRequest(method: "PUT", url: "http://127.0.0.1:\(port)/echo", body: Array("x".utf8)))
            #expect(put.header("X-Method") == "PUT")
            #expect(put.body == Array("x".utf8))
            let delete = try await http.execute(CurlRequest(method: "DELETE", url: "http://127.0.0.1:\(port)/echo"))
            #expect(delete.header("X-Method") == "DELETE")
            #expect(delete.body.isEmpty)
            let emptyPost = try await http.execute(CurlRequest(method: "POST", url: "http://127.0.0.1:\(port)/echo"))
            #expect(emptyPost.header("X-Method") == "POST")
            #expect(emptyPost.header("X-Got-Length") == "0")
        }
    }

    @Test func errorStatusIsAResponseWithItsHeaders() async throws {
        try await withLocalServer(Self.makeRouter()) { port async throws in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            let response = try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/unavailable"))
            #expect(response.status == 503)
            #expect(response.header("Retry-After") == "7")
        }
    }

    @Test func perCallTimeoutEndsTheTransferWithATimeoutError() async throws {
        try await withLocalServer(Self.makeRouter()) { port async throws in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            let error = await #expect(throws: CurlError.self) {
                _ = try await http.execute(
                    CurlRequest(url: "http://127.0.0.1:\(port)/slow", timeout: .milliseconds(100)))
            }
            #expect(error?.isTimeout == true)
            #expect(error?.isRetriable == true)
            // The client keeps working after a timed-out transfer.
            let next = try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/hello"))
            #expect(next.status == 200)
        }
    }

    @Test func defaultTimeoutAppliesWhenTheRequestSetsNone() async throws {
        try await withLocalServer(Self.makeRouter()) { port async throws in
            let http = CurlHTTPClient(configuration: .init(defaultTimeout: .milliseconds(100)))
            defer { http.shutdown() }
            let error = await #expect(throws: CurlError.self) {
                _ = try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/slow"))
            }
            #expect(error?.isTimeout == true)
        }
    }

    @Test func refusedConnectionIsAConnectFailure() async throws {
        // A socket bound but never listening: connecting is refused, and holding the socket keeps
        // the port from being handed to another test's server in the meantime.
        let socket = try #require(BoundSocket())
        defer { socket.close() }
        let closedPort = socket.port
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let error = await #expect(throws: CurlError.self) {
            _ = try await http.execute(CurlRequest(url: "http://127.0.0.1:\(closedPort)/hello"))
        }
        #expect(error?.isConnectFailure == true)
        #expect(error?.isTimeout == false)
        #expect(error?.code == 7)
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let peers = PeerLog()
        try await withLocalServer(Self.makeRouter(peers: peers)) { port async throws in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            for n in 0..<20 {
                let response = try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/numbered/\(n)"))
                #expect(response.body == Array(String(n).utf8))
            }
            #expect(http.connectionsOpened == 1)
            #expect(peers.connectionCount == 1)
        }
    }

    @Test func twoHundredConcurrentRequestsCompleteOverAtMostMaxConnectionsPerHost() async throws {
        let peers = PeerLog()
        try await withLocalServer(Self.makeRouter(peers: peers)) { port async throws in
            let http = CurlHTTPClient(configuration: .init(maxConnectionsPerHost: 4))
            defer { http.shutdown() }
            let bodies = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
                for n in 0..<200 {
                    group.addTask {
                        let response = try await http.execute(
                            CurlRequest(url: "http://127.0.0.1:\(port)/numbered/\(n)", timeout: .seconds(30)))
                        return (n, response.body)
                    }
                }
                var bodies: [Int: [UInt8]] = [:]
                for try await (n, body) in group { bodies[n] = body }
                return bodies
            }
            #expect(bodies.count == 200)
            #expect(bodies.allSatisfy { n, body in body == Array(String(n).utf8) })
            #expect(http.connectionsOpened >= 1)
            #expect(http.connectionsOpened <= 4)
            #expect(peers.connectionCount <= 4)
        }
    }

    @Test func cancellingTheCallingTaskRemovesTheTransfer() async throws {
        try await withLocalServer(Self.makeRouter()) { port async throws in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            let call = Task {
                try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/slow", timeout: .seconds(30)))
            }
            // Let the transfer reach the server before cancelling it.
            try await Task.sleep(for: .milliseconds(100))
            call.cancel()
            let error = await #expect(throws: CurlError.self) { _ = try await call.value }
            #expect(error?.isCancelled == true)
            #expect(error?.isRetriable == false)
            let next = try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/hello"))
            #expect(next.status == 200)
        }
    }

    @Test func alreadyCancelledTaskFailsWithoutSending() async throws {
        let peers = PeerLog()
        try await withLocalServer(Self.makeRouter(peers: peers)) { port async throws in
            let http = CurlHTTPClient()
            defer { http.shutdown() }
            let call = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/hello"))
            }
            let error = await #expect(throws: CurlError.self) { _ = try await call.value }
            #expect(error?.isCancelled == true)
            #expect(peers.connectionCount == 0)
            #expect(http.connectionsOpened == 0)
        }
    }

    @Test func shutdownFailsRunningAndLaterRequests() async throws {
        try await withLocalServer(Self.makeRouter()) { port async throws in
            let http = CurlHTTPClient()
            let call = Task {
                try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/slow", timeout: .seconds(30)))
            }
            try await Task.sleep(for: .milliseconds(100))
            http.shutdown()
            let running = await #expect(throws: CurlError.self) { _ = try await call.value }
            #expect(running?.isShutdown == true)
            let later = await #expect(throws: CurlError.self) {
                _ = try await http.execute(CurlRequest(url: "http://127.0.0.1:\(port)/hello"))
            }
            #expect(later?.isShutdown == true)
        }
    }
}

/// A socket bound to a free loopback port and never listening: connecting to it is refused for as
/// long as it is held, and no other server can take the port meanwhile.
struct BoundSocket {
    let descriptor: Int32
    let port: Int

    init?() {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                Glibc.bind(descriptor, socketAddress, length) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(descriptor) }
}
