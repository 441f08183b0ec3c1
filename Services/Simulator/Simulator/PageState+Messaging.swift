import SimulatorClient

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
        /// `RESPONSE`, `UPDATE` or `MESSAGE_TAG` (nil: `RESPONSE`).
        var messagingType: String?
        /// The message tag of a `MESSAGE_TAG` send.
        var tag: String?
        /// The persona the message is sent as.
        var personaID: String? = nil
    }

    /// The Send API's `thread_control` field (Conversation Routing).
    enum SendThreadControl: Sendable {
        case pass(String?)
        case release
    }

    /// A user writes: `messaging` to the owner, `standby` to the other apps. Into an idle thread:
    /// the default app gets control (Conversation Routing) and the message; with no default app
    /// every app gets `messaging`. A postback goes in `messaging`, with its payload, to the app that
    /// sent the button, whoever owns the thread; the other apps' standby copies have no payload.
    /// A pending move into the Inbox that the primary did not act on bounces back first
    /// (first-generation protocol).
    mutating func receive(_ input: UserInput, from psid: String, now: Int64) -> String {
        ensureThread(psid, now: now)
        if threads[psid]!.pendingInboxRequest, threads[psid]!.owner != App.pageInboxID {
            setPendingInboxRequest(false, of: psid)
            record(
                psid, now: now,
                TranscriptLine(kind: .control, action: "bounced", reason: "primary did not pass to the Page Inbox"))
        }
        userWrote(psid, now: now)
        if configuration.mode == .routing, threads[psid]!.owner == nil, let defaultApp = defaultAppID {
            setOwner(defaultApp, of: psid, now: now)
            record(psid, now: now, TranscriptLine(kind: .control, action: "default_app", to: defaultApp))
        }
        let thread = threads[psid]!
        let mid = MessageID.make()
        // Handover mode keeps its first-generation rule: an idle thread's messages go to the primary.
        let receivers: Set<String> =
            thread.owner.map { [$0] }
            ?? (configuration.mode == .routing
                ? Set(apps.filter { $0.role != .none }.map(\.id)) : Set([primaryID].compactMap { $0 }))
        switch input {
        case .text(let text, let quickReply, let attachments):
            record(
                psid, now: now,
                TranscriptLine(
                    kind: .userMessage, mid: mid, text: text, quickReplyPayload: quickReply, attachments: attachments))
            let item = payload.userMessage(
                psid: psid, timestamp: now, mid: mid, text: text, quickReplyPayload: quickReply,
                attachments: attachments)
            fanOut(messagingApps: receivers, field: "messages", event: "message", psid: psid, mid: mid, now: now) { _ in
                item
            }
        case .postback(let title, let postbackPayload):
            record(
                psid, now: now, TranscriptLine(kind: .userPostback, mid: mid, title: title, payload: postbackPayload))
            let payload = self.payload
            let buttonSender = thread.buttonSenders[postbackPayload]
            fanOut(
                messagingApps: buttonSender.map { [$0] } ?? receivers, field: "messaging_postbacks", event: "postback",
                psid: psid, mid: mid, now: now
            ) { placement in
                payload.postback(
                    psid: psid, timestamp: now, mid: mid, title: title, payload: postbackPayload, placement: placement)
            }
        }
        return mid
    }

    /// The Send API.
    ///
    /// Who may send: the owner; into an idle thread, under Conversation Routing only the default app
    /// (any app when the page has none), and in handover mode any app, which then owns the thread.
    /// Others get 10/2018300. Every send obeys the messaging window (see ``checkWindow``). Every
    /// app receives the echo (`messaging` for the sender, `standby` for the rest); `thread_control`
    /// is applied after the send. Postback buttons the message carries are remembered as this app's.
    mutating func send(
        caller: String, psid: String, message: OutgoingMessage, threadControl: SendThreadControl?, now: Int64
    ) throws(GraphError) -> String {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        if let owner = thread.owner {
            guard owner == caller else { throw GraphError.anotherAppControlsThread }
        } else if configuration.mode == .routing, let defaultApp = defaultAppID, defaultApp != caller {
            throw GraphError.anotherAppControlsThread
        }
        try checkWindow(thread, messagingType: message.messagingType, tag: message.tag, now: now)
        var passTarget: String?
        if case .pass(let target) = threadControl {
            if let target {
                passTarget = try targetApp(.string(target))
            } else {
                guard let defaultApp = defaultAppID else { throw GraphError.invalidTargetApp }
                passTarget = defaultApp
            }
        }
        if thread.owner == nil, configuration.mode == .handover {
            setOwner(caller, of: psid, now: now)
            record(psid, now: now, TranscriptLine(kind: .control, action: "claimed_by_send", by: caller))
        }
        let mid = MessageID.make()
        record(
            psid, now: now,
            TranscriptLine(
                kind: .send, mid: mid, text: message.text, attachment: message.attachment, appID: caller,
                metadata: message.metadata, messagingType: message.messagingType, tag: message.tag,
                personaID: message.personaID))
        rememberButtons(in: message.attachment, sentBy: caller, psid: psid)
        let echo = payload.echo(
            psid: psid, timestamp: now, mid: mid, senderAppID: caller, text: message.text, metadata: message.metadata,
            attachment: message.attachment)
        fanOut(messagingApps: [caller], field: "message_echoes", event: "echo", psid: psid, mid: mid, now: now) { _ in
            echo
        }
        if let passTarget, passTarget != caller {
            transfer(psid: psid, from: threads[psid]!.owner, to: passTarget, by: caller, metadata: nil, now: now)
        } else if case .release = threadControl, threads[psid]!.owner == caller {
            setOwner(nil, of: psid, now: now)
            record(psid, now: now, TranscriptLine(kind: .control, action: "release", by: caller))
        }
        return mid
    }

    /// Remembers the postback payloads of a template's buttons as `app`'s (at most 100 per thread).
    private mutating func rememberButtons(in attachment: JSONValue?, sentBy app: String, psid: String) {
        guard let payload = attachment?["payload"] else { return }
        var buttons = payload["buttons"]?.arrayValue ?? []
        for element in payload["elements"]?.arrayValue ?? [] { buttons += element["buttons"]?.arrayValue ?? [] }
        for button in buttons where button["type"]?.stringValue == "postback" {
            guard let value = button["payload"]?.stringValue else { continue }
            rememberButtonSender(app, payload: value, psid: psid)
        }
    }

    /// A `sender_action` (`typing_on`, `typing_off`, `mark_seen`): only the owner may, as for
    /// messages; it is recorded in the thread's transcript.
    mutating func senderAction(_ action: String, caller: String, psid: String, now: Int64) throws(GraphError) {
        try requireRole(caller)
        let thread = try existingThread(psid, now: now)
        guard thread.owner == nil || thread.owner == caller else { throw GraphError.anotherAppControlsThread }
        record(psid, now: now, TranscriptLine(kind: .senderAction, appID: caller, action: action))
    }

    // MARK: Page Inbox

    /// An Inbox agent replies. First generation: only while the Inbox owns the thread. Conversation
    /// Routing: replying in a thread the Inbox does not control makes the Inbox take it first. A
    /// person writes it, so the `HUMAN_AGENT` window (7 days) applies.
    mutating func inboxReply(psid: String, text: String, now: Int64) throws(GraphError) -> String {
        let thread = try existingThread(psid, now: now)
        if thread.owner != App.pageInboxID {
            guard configuration.mode == .routing else { throw GraphError.anotherAppControlsThread }
            try checkWindow(thread, messagingType: "MESSAGE_TAG", tag: "HUMAN_AGENT", now: now)
            inboxTakes(psid: psid, now: now)
        }
        return try send(
            caller: App.pageInboxID, psid: psid,
            message: OutgoingMessage(text: text, messagingType: "MESSAGE_TAG", tag: "HUMAN_AGENT"), threadControl: nil,
            now: now)
    }

    /// An Inbox agent clicks "Done": control goes back to the primary (default app), which receives
    /// `pass_thread_control` from the Inbox; on a routing page without a default app the thread
    /// becomes idle.
    mutating func inboxDone(psid: String, now: Int64) throws(GraphError) {
        let thread = try existingThread(psid, now: now)
        guard thread.owner == App.pageInboxID else { throw GraphError.notThreadOwner }
        guard let target = defaultAppID else {
            guard configuration.mode == .routing else { throw GraphError.invalidTargetApp }
            setOwner(nil, of: psid, now: now)
            record(psid, now: now, TranscriptLine(kind: .control, action: "release", by: App.pageInboxID))
            return
        }
        transfer(psid: psid, from: App.pageInboxID, to: target, by: App.pageInboxID, metadata: nil, now: now)
    }

    /// A Page admin moves the thread into the Inbox (its Main folder). First generation: the primary
    /// receives `request_thread_control` from the Inbox and should pass; otherwise the next user
    /// message bounces the thread back. Conversation Routing: the Inbox takes control.
    mutating func inboxMove(psid: String, now: Int64) throws(GraphError) {
        let thread = try existingThread(psid, now: now)
        guard thread.owner != App.pageInboxID else { return }
        if configuration.mode == .routing {
            inboxTakes(psid: psid, now: now)
            return
        }
        setPendingInboxRequest(true, of: psid)
        guard let primary = primaryID else { return }
        requestOnBehalf(of: App.pageInboxID, psid: psid, metadata: nil, to: primary, now: now)
    }

    /// Role change by a Page admin: every app receives `app_roles`.
    mutating func changeRoles(_ changes: [(String, Role)], now: Int64) throws(GraphError) {
        try setRoles(changes)
        let roles = apps.map { ($0.id, $0.role) }
        let names = Dictionary(roles.map { ($0.0, $0.1.rawValue) }, uniquingKeysWith: { _, last in last })
        record(nil, now: now, TranscriptLine(kind: .control, action: "app_roles", roles: names))
        let item = payload.appRoles(timestamp: now, roles: roles)
        for app in apps {
            deliver(
                item, to: app.id, placement: .messaging, field: "messaging_handovers", event: "app_roles", psid: nil,
                now: now)
        }
    }
}
