import CurlHTTP
import Foundation
import Logging
import MessengerPlatform

extension ThreadControlClient {
    /// Runs one Graph call with retries and returns the body of its 2xx answer.
    func call(
        _ endpoint: GraphEndpoint, query: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws(GraphAPIError) -> [UInt8] {
        if let refusal = transportRefusal {
            metrics.record(endpoint, outcome: GraphAPIError.Kind.invalidArgument.metricLabel, duration: .zero)
            throw GraphAPIError(kind: .invalidArgument, message: "not sent: \(refusal)", endpoint: endpoint)
        }
        let edge = endpoint.edge.isEmpty ? "" : "/" + endpoint.edge
        let extra = query.isEmpty ? "" : "&" + GraphQuery.encode(query)
        var headers = body == nil ? [] : [CurlHeader("Content-Type", "application/json")]
        if let trace = TraceParent.outgoingHeader { headers.append(CurlHeader(trace.name, trace.value)) }
        let request = CurlRequest(
            method: endpoint.method, url: "\(pageURL)\(edge)?\(credentials)\(extra)", headers: headers, body: body,
            timeout: configuration.timeout)
        let policy = configuration.retry.effective
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            let started = ContinuousClock.now
            let result = await attemptOnce(request, endpoint: endpoint)
            let elapsed = ContinuousClock.now - started
            let error: GraphAPIError
            switch result {
            case .success(let answer):
                metrics.record(endpoint, outcome: "success", duration: elapsed)
                return answer
            case .failure(let failure):
                error = failure
            }
            let waitable = error.retryAfter.map { $0 <= policy.maxRetryAfter } ?? true
            guard error.isRetriable, attempt < policy.maxAttempts, waitable, !Task.isCancelled else {
                metrics.record(endpoint, outcome: error.kind.metricLabel, duration: elapsed)
                logger.log(
                    level: error.isRetriable ? .warning : .info, "Graph call failed",
                    metadata: metadata(endpoint, attempt: attempt, error: error))
                throw error
            }
            metrics.record(endpoint, outcome: "retried", duration: elapsed)
            let delay = policy.delay(beforeRetry: attempt, retryAfter: error.retryAfter, using: &generator)
            var details = metadata(endpoint, attempt: attempt, error: error)
            details["graph.retry_in_ms"] = .stringConvertible(delay.totalNanoseconds / 1_000_000)
            logger.debug("Graph call will be retried", metadata: details)
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw GraphAPIError(kind: .cancelled, message: "cancelled while waiting to retry", endpoint: endpoint)
            }
            attempt += 1
        }
    }

    private func attemptOnce(_ request: CurlRequest, endpoint: GraphEndpoint) async -> Result<[UInt8], GraphAPIError> {
        do {
            let response = try await http.execute(request)
            guard (200..<300).contains(response.status) else {
                return .failure(GraphAPIError(response: response, endpoint: endpoint))
            }
            return .success(response.body)
        } catch {
            return .failure(GraphAPIError(transport: error, endpoint: endpoint))
        }
    }

    private func metadata(_ endpoint: GraphEndpoint, attempt: Int, error: GraphAPIError) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "graph.endpoint": .string(endpoint.rawValue),
            "graph.attempt": .stringConvertible(attempt),
            "graph.error": .string(error.kind.rawValue),
        ]
        if let code = error.code { metadata["graph.code"] = .stringConvertible(code) }
        if let subcode = error.subcode { metadata["graph.subcode"] = .stringConvertible(subcode) }
        if let trace = error.fbtraceID { metadata["graph.fbtrace_id"] = .string(trace) }
        return metadata
    }

    /// The JSON body of a call.
    func encode(_ value: some Encodable, for endpoint: GraphEndpoint) throws(GraphAPIError) -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw GraphAPIError(
                kind: .invalidArgument, message: "request body could not be encoded", endpoint: endpoint)
        }
    }

    /// The typed answer of a call; a body of another shape is `invalidResponse`.
    func decode<Answer: Decodable>(
        _ type: Answer.Type, from body: [UInt8], for endpoint: GraphEndpoint
    ) throws(GraphAPIError) -> Answer {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw GraphAPIError(
                kind: .invalidResponse, httpStatus: 200,
                message: "answer is not the documented shape (\(Answer.self))", endpoint: endpoint)
        }
    }

    /// Checks a `{"success":true}` answer.
    func expectSuccess(_ body: [UInt8], for endpoint: GraphEndpoint) throws(GraphAPIError) {
        let answer = try decode(GraphWire.SuccessAnswer.self, from: body, for: endpoint)
        guard answer.success == true else {
            throw GraphAPIError(
                kind: .invalidResponse, httpStatus: 200, message: "answer did not report success", endpoint: endpoint)
        }
    }
}
