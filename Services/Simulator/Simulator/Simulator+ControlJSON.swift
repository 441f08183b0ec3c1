import Foundation
import Hummingbird
import SimulatorClient

extension Simulator {
    /// A control-API answer: `value` (one of SimulatorClient's wire types) as JSON, keys sorted so
    /// the answer is the same bytes every time.
    static func json(_ status: HTTPResponse.Status, encoding value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(value)).map { Array($0) } ?? Array("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=UTF-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The request body as `Body` (an empty body reads as `{}`); a control-API error naming the
    /// member at fault when it is not JSON or not that shape.
    static func body<Body: Decodable>(_ type: Body.Type, _ request: Request, _ context: SimulatorRequestContext)
        async throws(GraphError) -> Body
    {
        let json = try await jsonBody(request, context)
        do {
            return try JSONDecoder().decode(Body.self, from: Data(json.serialized()))
        } catch let error as DecodingError {
            throw GraphError.control(.badRequest, Self.explain(error))
        } catch {
            throw GraphError.control(.badRequest, "the body is not the expected JSON")
        }
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the body must be a JSON object" : "\(path(context.codingPath)) has the wrong type"
        @unknown default: return "the body is not the expected JSON"
        }
    }
}
