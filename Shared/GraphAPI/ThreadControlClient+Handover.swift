import MessengerPlatform

extension ThreadControlClient {
    /// Passes control of the thread with `userID` to `targetAppID` (`POST /me/pass_thread_control`).
    /// The new owner receives `pass_thread_control` with `metadata`.
    public func passThreadControl(userID: String, to targetAppID: AppID, metadata: String? = nil)
        async throws(GraphAPIError)
    {
        let endpoint = GraphEndpoint.passThreadControl
        let body = GraphWire.ControlBody(recipient: .init(id: userID), targetAppID: targetAppID, metadata: metadata)
        let answer = try await call(endpoint, body: try encode(body, for: endpoint))
        try expectSuccess(answer, for: endpoint)
    }

    /// Passes control to the Page Inbox (263902037430900), so human agents see the thread.
    public func passThreadControlToPageInbox(userID: String, metadata: String? = nil) async throws(GraphAPIError) {
        try await passThreadControl(userID: userID, to: .pageInbox, metadata: metadata)
    }

    /// Takes control of the thread (`POST /me/take_thread_control`; the Primary, or anyone on an
    /// idle thread). Returns the new owner when Meta answers with it, `nil` for `{"success":true}`.
    @discardableResult
    public func takeThreadControl(userID: String, metadata: String? = nil) async throws(GraphAPIError)
        -> ThreadOwner?
    {
        let endpoint = GraphEndpoint.takeThreadControl
        let body = GraphWire.ControlBody(recipient: .init(id: userID), metadata: metadata)
        let answer = try decode(
            GraphWire.OwnerAnswer.self, from: try await call(endpoint, body: try encode(body, for: endpoint)),
            for: endpoint)
        if let owner = answer.owner { return owner }
        guard answer.success == true else {
            throw GraphAPIError(
                kind: .invalidResponse, httpStatus: 200, message: "answer reported neither success nor an owner",
                endpoint: endpoint)
        }
        return nil
    }

    /// Asks the owner for control (`POST /me/request_thread_control`); the Primary receives
    /// `request_thread_control`.
    public func requestThreadControl(userID: String, metadata: String? = nil) async throws(GraphAPIError) {
        try await control(.requestThreadControl, userID: userID, metadata: metadata)
    }

    /// Gives up control; the thread becomes idle and no webhook is sent
    /// (`POST /me/release_thread_control`, Conversation Routing).
    public func releaseThreadControl(userID: String, metadata: String? = nil) async throws(GraphAPIError) {
        try await control(.releaseThreadControl, userID: userID, metadata: metadata)
    }

    /// Keeps control for `duration` longer (`POST /me/extend_thread_control`, Conversation
    /// Routing). Meta allows 1 second to 7 days; anything else is refused before sending.
    public func extendThreadControl(userID: String, duration: Duration) async throws(GraphAPIError) {
        let endpoint = GraphEndpoint.extendThreadControl
        let seconds = Int(duration.components.seconds) + (duration.components.attoseconds > 0 ? 1 : 0)
        guard duration > .zero, seconds <= 7 * 86_400 else {
            throw GraphAPIError(
                kind: .invalidArgument, message: "duration must be more than 0 and at most 7 days", endpoint: endpoint)
        }
        let body = GraphWire.ControlBody(recipient: .init(id: userID), duration: seconds)
        try expectSuccess(try await call(endpoint, body: try encode(body, for: endpoint)), for: endpoint)
    }

    private func control(_ endpoint: GraphEndpoint, userID: String, metadata: String?) async throws(GraphAPIError) {
        let body = GraphWire.ControlBody(recipient: .init(id: userID), metadata: metadata)
        try expectSuccess(try await call(endpoint, body: try encode(body, for: endpoint)), for: endpoint)
    }
}
