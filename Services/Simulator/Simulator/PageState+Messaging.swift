extension PageState {
    /// What a user sends through `POST /_sim/users/{psid}/messages`.
    enum UserInput: Sendable {
        case text(String?, quickReplyPayload: String?, attachments: JSONValue?)
        case postback(title: String, payload: String)
    }

    /// What an app sends through the Send API.
    struct OutgoingMessage: Sendable {
        var text: String?
        var metadata: String?
        var attachment: JSONValue?
    }

    /// The Send API's `thread_control` field (Conversation Routing).
    enum SendThreadControl: Sendable {
        case pass(String?)
        case release
    }

    /// A user writes: `messaging` to the owner (an idle thread's messages go to the default app),
    /// `standby` to the other apps. A pending move into the Inbox that the primary did not act on
    /// bounces back first.
    mutating func receive(_ input: UserInput, from psid: String, now: Int64) -> String {
        ensureThread(psid, now: now)
        let thread = threads[psid]!
        if thread.pendingInboxRequest, thread.owner != App.pageInboxID {
            setPendingInboxRequest(false, of: psid)
            record(
                psid, .control, now: now, [("action", "bounced"), ("reason", "primary did not pass to the Page Inbox")])
        }
        let mid = MessageID.make()
        touch(psid, now: now)
        let receiver = thread.owner ?? primaryID
        switch input {
        case .text(let text, let quickReply, let attachments):
            record(
                psid, .userMessage, now: now,
                [
                    ("mid", .string(mid)), ("text", text.map { .string($0) }),
                    ("quick_reply_payload", quickReply.map { .string($0) }), ("attachments", attachments),
                ])
            let item = payload.userMessage(
                psid: psid, timestamp: now, mid: mid, text: text, quickReplyPayload: quickReply,
                attachments: attachments)
            fanOut(messagingApp: receiver, field: "messages", event: "message", psid: psid, mid: mid, now: now) { _ in
                item
            }
        case .postback(let title, let postbackPayload):
            record(
                psid, .userPostback, now: now,
                [("mid", .string(mid)), ("title", .string(title)), ("payload", .string(postbackPayload))])
            let payload = self.payload
            fanOut(
                messagingApp: receiver, field: "messaging_postbacks", event: "postback", psid: psid, mid: mid, now: now
            ) {
                placement in
                payload.postback(
                    psid: psid, timestamp: now, mid: mid, title: title, payload: postbackPayload, placement: placement)
            }
        }
        return mid
    }

    /// The Send API. Only the owner may send (10/2018300 otherwise); an app sending into an idle
    /// thread becomes its owner. Every app receives the echo (`messaging` for the owner, `standby`
    /// for the rest); `thread_control` is applied after the send.
    mutating func send(
        caller: String, psid: String, message: OutgoingMessage, threadControl: SendThreadControl?, now: Int64
    ) throws(GraphError) -> String {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        guard thread.owner == nil || thread.owner == caller else { throw GraphError.anotherAppControlsThread }
        var passTarget: String?
        if case .pass(let target) = threadControl {
            if let target {
                passTarget = try targetApp(.string(target))
            } else {
                guard let primary = primaryID else { throw GraphError.invalidTargetApp }
                passTarget = primary
            }
        }
        if thread.owner == nil {
            setOwner(caller, of: psid, now: now)
            record(psid, .control, now: now, [("action", "claimed_by_send"), ("by", .string(caller))])
        } else {
            touch(psid, now: now)
        }
        let mid = MessageID.make()
        record(
            psid, .send, now: now,
            [
                ("app_id", .string(caller)), ("mid", .string(mid)), ("text", message.text.map { .string($0) }),
                ("metadata", message.metadata.map { .string($0) }), ("attachment", message.attachment),
            ])
        let echo = payload.echo(
            psid: psid, timestamp: now, mid: mid, senderAppID: caller, text: message.text, metadata: message.metadata,
            attachment: message.attachment)
        fanOut(messagingApp: caller, field: "message_echoes", event: "echo", psid: psid, mid: mid, now: now) { _ in echo
        }
        if let passTarget, passTarget != caller {
            transfer(psid: psid, from: caller, to: passTarget, by: caller, metadata: nil, now: now)
        } else if case .release = threadControl {
            setOwner(nil, of: psid, now: now)
            record(psid, .control, now: now, [("action", "release"), ("by", .string(caller))])
        }
        return mid
    }

    /// A `sender_action` (typing, seen): only the owner may, as for messages; nothing is recorded.
    mutating func senderAction(caller: String, psid: String, now: Int64) throws(GraphError) {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        guard thread.owner == nil || thread.owner == caller else { throw GraphError.anotherAppControlsThread }
    }

    // MARK: Page Inbox

    /// An Inbox agent replies: allowed only while the Inbox owns the thread.
    mutating func inboxReply(psid: String, text: String, now: Int64) throws(GraphError) -> String {
        let thread = try existingThread(psid, now: now)
        guard thread.owner == App.pageInboxID else { throw GraphError.anotherAppControlsThread }
        return try send(
            caller: App.pageInboxID, psid: psid, message: OutgoingMessage(text: text), threadControl: nil, now: now)
    }

    /// An Inbox agent clicks "Done": control goes back to the primary (default app), which receives
    /// `pass_thread_control` from the Inbox.
    mutating func inboxDone(psid: String, now: Int64) throws(GraphError) {
        let thread = try existingThread(psid, now: now)
        guard thread.owner == App.pageInboxID else { throw GraphError.notThreadOwner }
        guard let primary = primaryID else { throw GraphError.invalidTargetApp }
        transfer(psid: psid, from: App.pageInboxID, to: primary, by: App.pageInboxID, metadata: nil, now: now)
    }

    /// A Page admin moves the thread into the Inbox: the primary receives `request_thread_control`
    /// from the Inbox and should pass; otherwise the next user message bounces the thread back.
    mutating func inboxMove(psid: String, now: Int64) throws(GraphError) {
        let thread = try existingThread(psid, now: now)
        guard thread.owner != App.pageInboxID else { return }
        setPendingInboxRequest(true, of: psid)
        requestOnBehalf(of: App.pageInboxID, psid: psid, metadata: nil, now: now)
    }

    /// Role change by a Page admin: every app receives `app_roles`.
    mutating func changeRoles(_ changes: [(String, Role)], now: Int64) throws(GraphError) {
        try setRoles(changes)
        let roles = apps.map { ($0.id, $0.role) }
        record(
            nil, .control, now: now,
            [("action", "app_roles"), ("roles", .object(roles.map { ($0.0, .string($0.1.rawValue)) }))])
        let item = payload.appRoles(timestamp: now, roles: roles)
        for app in apps {
            deliver(
                item, to: app.id, placement: .messaging, field: "messaging_handovers", event: "app_roles", psid: nil,
                now: now)
        }
    }
}
