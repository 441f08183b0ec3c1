extension ThreadControlClient {
    /// Sends a text message (`POST /me/messages`), optionally with quick replies, metadata and a
    /// `thread_control` that passes or releases the thread with it. Fails with
    /// `.anotherAppControlsThread` when this app does not own the thread.
    @discardableResult
    public func send(_ message: OutgoingMessage) async throws(GraphAPIError) -> SentMessage {
        let endpoint = GraphEndpoint.messages
        let quickReplies = message.quickReplies.map {
            GraphWire.SendBody.QuickReplyBody(
                contentType: $0.contentType.rawValue, title: $0.title, payload: $0.payload, imageURL: $0.imageURL)
        }
        let threadControl = message.threadControl.map { directive in
            switch directive {
            case .pass(let app): GraphWire.SendBody.ThreadControl(controlType: "pass", appID: app)
            case .release: GraphWire.SendBody.ThreadControl(controlType: "release", appID: nil)
            }
        }
        let body = GraphWire.SendBody(
            recipient: .init(id: message.recipientID), messagingType: message.messagingType.rawValue,
            tag: message.tag,
            message: .init(
                text: message.attachment == nil ? message.text : nil,
                attachment: message.attachment.map { .init(type: $0.kind.rawValue, payload: .init(url: $0.url)) },
                quickReplies: quickReplies.isEmpty ? nil : quickReplies, metadata: message.metadata),
            threadControl: threadControl, personaID: message.personaID)
        let answer = try await call(endpoint, body: try encode(body, for: endpoint))
        let sent = try decode(GraphWire.SendAnswer.self, from: answer, for: endpoint)
        return SentMessage(recipientID: sent.recipientID, messageID: sent.messageID)
    }

    /// Shows the user a typing indicator (`typing_on`/`typing_off`) or marks their last message
    /// seen (`mark_seen`), as `personaID` when given. Only the thread's owner may.
    public func sendAction(_ action: SenderAction, to userID: String, personaID: String? = nil)
        async throws(GraphAPIError)
    {
        let endpoint = GraphEndpoint.messages
        let body = GraphWire.SenderActionBody(
            recipient: .init(id: userID), senderAction: action.rawValue, personaID: personaID)
        _ = try await call(endpoint, body: try encode(body, for: endpoint))
    }

    /// Sends plain text as a `RESPONSE`.
    @discardableResult
    public func sendText(_ text: String, to userID: String, metadata: String? = nil) async throws(GraphAPIError)
        -> SentMessage
    {
        try await send(OutgoingMessage(recipientID: userID, text: text, metadata: metadata))
    }
}
