import AgentWorker
import GraphAPI
import HTTPTypes
import Testing

@Suite("Agent API error mapping")
struct AgentAPIErrorTests {
    @Test(arguments: [
        (GraphAPIError.Kind.notThreadOwner, 409, "not_thread_owner"),
        (.anotherAppControlsThread, 409, "not_thread_owner"),
        (.ownershipNotVisible, 409, "owner_not_visible"),
        (.rateLimited, 429, "rate_limited"),
        (.transient, 502, "graph_error"),
        (.permission, 502, "graph_error"),
        (.outsideMessagingWindow, 409, "messaging_window_closed"),
    ])
    func graphErrorsMapToClearHTTPAnswers(kind: GraphAPIError.Kind, status: Int, code: String) {
        let error = AgentAPIError(
            graph: GraphAPIError(kind: kind, httpStatus: 400, code: 100, message: "secret-ish Meta text"))
        #expect(Int(error.status.code) == status)
        #expect(error.code == code)
        #expect(!error.message.contains("secret-ish"))
    }

    @Test func rateLimitCarriesRetryAfter() {
        let error = AgentAPIError(
            graph: GraphAPIError(kind: .rateLimited, code: 613, message: "", retryAfter: .milliseconds(1500)))
        #expect(error.retryAfterSeconds == 2)
    }
}
