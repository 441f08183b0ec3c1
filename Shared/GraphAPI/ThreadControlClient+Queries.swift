extension ThreadControlClient {
    /// Who controls the thread with `userID` (`GET /me/thread_owner?recipient=…`): `.idle` for an
    /// empty answer, `.owned` with the owner and its expiration, or `.ownedByAnotherApp` when the
    /// answer has an expiration but no `app_id` (Conversation Routing hides the owner from other apps).
    public func threadOwner(userID: String) async throws(GraphAPIError) -> ThreadOwnership {
        let endpoint = GraphEndpoint.threadOwner
        let body = try await call(endpoint, query: [("recipient", userID)])
        let answer = try decode(GraphWire.OwnerAnswer.self, from: body, for: endpoint)
        return answer.ownership
    }

    /// The Page's secondary receivers (`GET /me/secondary_receivers?fields=id,name`; Primary only).
    public func secondaryReceivers() async throws(GraphAPIError) -> [ReceiverApp] {
        let endpoint = GraphEndpoint.secondaryReceivers
        let body = try await call(endpoint, query: [("fields", "id,name")])
        return try decode(GraphWire.ReceiversAnswer.self, from: body, for: endpoint).data.map {
            ReceiverApp(id: $0.id, name: $0.name)
        }
    }

    /// The Page's multi-app feature flags (`GET /me?fields=messaging_feature_status`).
    public func messagingFeatureStatus() async throws(GraphAPIError) -> MessagingFeatureStatus {
        let endpoint = GraphEndpoint.messagingFeatureStatus
        let body = try await call(endpoint, query: [("fields", "messaging_feature_status")])
        let answer = try decode(GraphWire.FeatureStatusAnswer.self, from: body, for: endpoint)
        return MessagingFeatureStatus(flags: answer.messagingFeatureStatus, pageID: answer.id)
    }
}
