import CurlHTTP
import Foundation

/// JSON over HTTP to the stack's services (the simulator's control API, the agent API), with
/// answers other than 2xx turned into a ``StackError`` that quotes the service's own message.
struct StackHTTP: Sendable {
    let client: CurlHTTPClient
    let baseURL: String
    var headers: [CurlHeader] = []

    /// A request body's JSON bytes, by `JSONEncoder` (the bodies sent here are small objects).
    static func json(_ value: some Encodable) -> [UInt8] {
        (try? JSONEncoder().encode(value)).map { Array($0) } ?? Array("{}".utf8)
    }

    /// `method path` with an optional JSON body; returns the answer's status and body. Statuses in
    /// `accept` are answers too; anything else outside 2xx is an error.
    func call(_ method: String, _ path: String, json: [UInt8]? = nil, accept: Set<Int> = [])
        async throws(StackError) -> (status: Int, body: [UInt8])
    {
        let (status, body, _) = try await exchange(method, path, json: json, accept: accept)
        return (status, body)
    }

    /// ``call(_:_:json:accept:)`` with the answer's headers too.
    func exchange(_ method: String, _ path: String, json: [UInt8]? = nil, accept: Set<Int> = [])
        async throws(StackError) -> (status: Int, body: [UInt8], headers: [CurlHeader])
    {
        var request = CurlRequest(method: method, url: baseURL + path, headers: headers, timeout: .seconds(10))
        if let json {
            request.body = json
            request.headers.append(CurlHeader("Content-Type", "application/json"))
        } else if method != "GET" {
            request.body = []
        }
        let response: CurlResponse
        do {
            response = try await client.execute(request)
        } catch {
            throw StackError(
                .request,
                "\(method) \(baseURL)\(path) failed: \(error.isConnectFailure ? "connection refused" : error.message)")
        }
        guard (200..<300).contains(response.status) || accept.contains(response.status) else {
            throw StackError(
                .request, "\(method) \(path) answered \(response.status): \(Self.errorMessage(response.body))")
        }
        return (response.status, response.body, response.headers)
    }

    /// Decodes `body` as `T`.
    func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], from path: String) throws(StackError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw StackError(.request, "the answer of \(path) is not the expected JSON")
        }
    }

    /// The `error.message` (Graph style) or `error` / `message` of an error answer.
    static func errorMessage(_ body: [UInt8]) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return String(decoding: body.prefix(200), as: UTF8.self)
        }
        if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
        if let message = object["error"] as? String ?? object["message"] as? String ?? object["reason"] as? String {
            return message
        }
        return String(decoding: body.prefix(200), as: UTF8.self)
    }
}
