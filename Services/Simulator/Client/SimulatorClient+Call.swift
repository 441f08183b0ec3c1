import CurlHTTP
import Foundation

extension SimulatorClient {
    /// `method path` with `body` as JSON; decodes the answer as `Answer`.
    func call<Answer: Decodable>(_ method: String, _ path: String, body: (some Encodable)? = Empty?.none)
        async throws(SimulatorClientError) -> Answer
    {
        let name = "\(method) \(path)"
        var request = CurlRequest(method: method, url: baseURL + path, timeout: timeout)
        if let body {
            guard let bytes = try? JSONEncoder().encode(body) else {
                throw SimulatorClientError(call: name, message: "the body could not be encoded")
            }
            request.body = Array(bytes)
            request.headers.append(CurlHeader("Content-Type", "application/json"))
        } else if method != "GET" {
            request.body = []
        }
        let response: CurlResponse
        do {
            response = try await http.execute(request)
        } catch {
            throw SimulatorClientError(
                call: name, message: error.isConnectFailure ? "connection refused (\(baseURL))" : error.message)
        }
        guard (200..<300).contains(response.status) else {
            throw SimulatorClientError(
                call: name, status: response.status, message: Self.errorMessage(response.body))
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(response.body))
        } catch {
            throw SimulatorClientError(
                call: name, status: response.status, message: "the answer is not the expected JSON")
        }
    }

    /// No body.
    struct Empty: Encodable {}

    /// The simulator's `error.message` (its error answers are shaped like Meta's), else the start
    /// of the body.
    static func errorMessage(_ body: [UInt8]) -> String {
        JSONValue.parse(body)?["error"]?["message"]?.stringValue ?? String(decoding: body.prefix(200), as: UTF8.self)
    }
}
