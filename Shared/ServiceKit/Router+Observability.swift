import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension Router {
    /// Adds `GET /healthz` (the process answers), `GET /readyz` (200 when `readiness` says ready,
    /// 503 otherwise, with the checks as JSON) and `GET /metrics` (Prometheus text format).
    public func addObservabilityRoutes(
        metrics: ServiceMetrics,
        readiness: @escaping @Sendable () async -> Readiness
    ) {
        get("/healthz") { _, _ in
            Response.json(status: .ok, #"{"status":"ok"}"#)
        }
        get("/readyz") { _, _ in
            let report = await readiness()
            return Response.json(status: report.isReady ? .ok : .serviceUnavailable, report.json)
        }
        get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
    }
}

extension Response {
    /// A response whose JSON body `JSONEncoder` writes from `value`: the one path for bodies built
    /// from values (a fixed literal may use the text form below).
    public static func json(status: HTTPResponse.Status, _ value: some Encodable, headers: HTTPFields = [:]) throws
        -> Response
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return json(status: status, String(decoding: try encoder.encode(value), as: UTF8.self), headers: headers)
    }

    /// A response with a JSON body.
    public static func json(status: HTTPResponse.Status, _ body: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
